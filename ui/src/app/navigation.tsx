import {
  AppstoreOutlined,
  AuditOutlined,
  DashboardOutlined,
  FileTextOutlined,
  HistoryOutlined,
  RocketOutlined,
  SendOutlined,
  SettingOutlined,
  SolutionOutlined,
  StopOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import { AccountsPage } from "../features/accounts/AccountsPage";
import { AuditPage } from "../features/audit/AuditPage";
import { CampaignsPage } from "../features/campaigns/CampaignsPage";
import { DashboardPage } from "../features/dashboard/DashboardPage";
import { ComposePage } from "../features/compose/ComposePage";
import { LedgerPage } from "../features/ledger/LedgerPage";
import { SendLogPage } from "../features/sendlog/SendLogPage";
import { SettingsPage } from "../features/settings/SettingsPage";
import { SuppressionPage } from "../features/suppression/SuppressionPage";
import { TemplatesPage } from "../features/templates/TemplatesPage";

export type NavItem = {
  /** Route path, also the menu key. */
  path: string;
  /** Key under `nav.` in the locale files. */
  labelKey: "dashboard" | "accounts" | "templates" | "compose" | "campaigns" | "log" | "ledger" | "suppression" | "audit" | "settings";
  /** `data-testid` of the menu item (end-to-end tests click it). */
  testId: string;
  icon: ReactNode;
  element: ReactNode;
};

/** The side menu, in order. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: "/dashboard", labelKey: "dashboard", testId: "nav-dashboard", icon: <DashboardOutlined />, element: <DashboardPage /> },
  { path: "/accounts", labelKey: "accounts", testId: "nav-accounts", icon: <AppstoreOutlined />, element: <AccountsPage /> },
  { path: "/templates", labelKey: "templates", testId: "nav-templates", icon: <FileTextOutlined />, element: <TemplatesPage /> },
  { path: "/compose", labelKey: "compose", testId: "nav-compose", icon: <SendOutlined />, element: <ComposePage /> },
  { path: "/campaigns", labelKey: "campaigns", testId: "nav-campaigns", icon: <RocketOutlined />, element: <CampaignsPage /> },
  { path: "/log", labelKey: "log", testId: "nav-log", icon: <HistoryOutlined />, element: <SendLogPage /> },
  { path: "/ledger", labelKey: "ledger", testId: "nav-ledger", icon: <AuditOutlined />, element: <LedgerPage /> },
  { path: "/suppression", labelKey: "suppression", testId: "nav-suppression", icon: <StopOutlined />, element: <SuppressionPage /> },
  // The ledger already wears AuditOutlined: a person with a record is who did what.
  { path: "/audit", labelKey: "audit", testId: "nav-audit", icon: <SolutionOutlined />, element: <AuditPage /> },
  { path: "/settings", labelKey: "settings", testId: "nav-settings", icon: <SettingOutlined />, element: <SettingsPage /> },
];

export const HOME_PATH = "/dashboard";

/** Pages outside the menu, by path prefix, and the menu item they belong under. */
const UNDER: Readonly<Record<string, string>> = { "/series": "/campaigns" };

/** The menu key for a location: the nav item whose path starts the pathname. */
export function navKeyFor(pathname: string): string | undefined {
  const starts = (path: string) => pathname === path || pathname.startsWith(`${path}/`);
  const under = Object.keys(UNDER).find(starts);
  return under ? UNDER[under] : NAV_ITEMS.find((item) => starts(item.path))?.path;
}
