import { SendOutlined } from "@ant-design/icons";
import { Flex, Layout, Menu, Typography, theme, type MenuProps } from "antd";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { AccountSwitcher } from "../features/accounts/AccountSwitcher";
import { CampaignDetailPage } from "../features/campaigns/CampaignDetailPage";
import { useScheduleEvents } from "../features/campaigns/useCampaigns";
import { NewCampaignPage } from "../features/campaigns/wizard/NewCampaignPage";
import { SeriesPage } from "../features/series/SeriesPage";
import { CampaignReportPage } from "../features/sendlog/CampaignReportPage";
import { AuthorsOnly } from "./AuthorsOnly";
import { InterruptedCampaignsNotice } from "./InterruptedCampaignsNotice";
import { HOME_PATH, NAV_ITEMS, navKeyFor } from "./navigation";
import { PRODUCT_NAME } from "./productName";
import { useConfirmLeave } from "./unsavedWork/unsavedWork";

const SIDER_WIDTH = 200;

/** The console frame: header (product, account switcher), side menu, page content. */
export function AppShell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const confirmLeave = useConfirmLeave();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const selectedKey = navKeyFor(location.pathname);
  const { token } = theme.useToken();
  // What the app's scheduler does (start, make, mark missed) shows on every page at once.
  useScheduleEvents();
  const divider = `1px solid ${token.colorBorderSecondary}`;

  const items: MenuProps["items"] = NAV_ITEMS.map((item) => ({
    key: item.path,
    icon: item.icon,
    label: t(`nav.${item.labelKey}`),
    // Passed through to the clickable <li role="menuitem">.
    "data-testid": item.testId,
  }));

  return (
    <Layout
      className="pd-shell"
      data-testid="app-ready"
      style={{ background: token.colorBgLayout, ["--pd-focus" as string]: token.colorPrimary }}
    >
      <button type="button" className="pd-skip-link" onClick={() => mainRef.current?.focus()}>
        {t("app.skipToContent")}
      </button>
      <Layout.Header className="pd-header" style={{ background: token.colorBgContainer, borderBottom: divider }}>
        <Flex align="center" gap={10} className="pd-brand">
          <span className="pd-brand-mark" aria-hidden style={{ background: token.colorPrimary }}>
            <SendOutlined />
          </span>
          <Typography.Text strong className="pd-brand-name">
            {PRODUCT_NAME}
          </Typography.Text>
        </Flex>
        <AccountSwitcher />
      </Layout.Header>
      <Layout className="pd-body">
        <Layout.Sider
          width={SIDER_WIDTH}
          className="pd-sider"
          style={{ background: token.colorBgContainer, borderInlineEnd: divider }}
        >
          <nav aria-label={t("nav.label")}>
            <Menu
              mode="inline"
              className="pd-menu"
              items={items}
              selectedKeys={selectedKey ? [selectedKey] : []}
              // The page shown is not left by choosing it again: nothing to ask.
              onClick={({ key }) => {
                if (key !== location.pathname) confirmLeave(() => void navigate(key));
              }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content className="pd-content" id="main-content" ref={mainRef} tabIndex={-1}>
          <InterruptedCampaignsNotice />
          <Routes>
            <Route path="/" element={<Navigate to={HOME_PATH} replace />} />
            <Route
              path="/campaigns/new"
              element={
                <AuthorsOnly>
                  <NewCampaignPage />
                </AuthorsOnly>
              }
            />
            <Route path="/campaigns/:id" element={<CampaignDetailPage />} />
            <Route path="/series/:id" element={<SeriesPage />} />
            <Route path="/log/campaign/:id" element={<CampaignReportPage />} />
            {NAV_ITEMS.map((item) => (
              <Route key={item.path} path={`${item.path}/*`} element={item.element} />
            ))}
            <Route path="*" element={<Navigate to={HOME_PATH} replace />} />
          </Routes>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
