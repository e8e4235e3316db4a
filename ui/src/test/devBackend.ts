import type { AuditEntry, Language, Theme } from "../bindings";
import { BIG5_FILE, GBK_FILE } from "../features/campaigns/testing/fixtures";
import { demoDashboard } from "./demoDashboard";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT, installFakeBackend } from "./fakeBackend";
import { OFFICIAL_ACCOUNT, OFFICIAL_TEMPLATES } from "./fakeOfficial";
import { onTeam } from "./fakeTeam";
import { IP_NOT_WHITELISTED_REPORT, SANDBOX_TEMPLATES } from "./templateFixtures";

/**
 * The fake backend for `VITE_MOCK_IPC=1 npm run dev`. Query parameters pick the starting state:
 * `?lang=en&theme=dark&sandbox=0&accounts=0&fail=list_accounts&synced=1&conn=fail&demo=1`
 * (`synced=1`: the sandbox's templates are already cached; `conn=fail`: testing the real account
 * reports a non-whitelisted IP; `demo=1`: the real account has a week of sends and campaigns
 * for the dashboard and the audit trail; `fail=send_quota`: WeChat's quota cannot be checked; `official=1`: an
 * Official Account bound to the sandbox mini program, its templates on WeChat). In the campaign
 * wizard, the path `/demo/gbk.csv` reads as a GBK file with a bad row, and `/demo/big5.csv`
 * asks for its encoding. `role=viewer|author|sender|admin` works on a team's store with that role.
 */
export function installDevBackend(): void {
  const params = new URLSearchParams(window.location.search);
  const backend = installFakeBackend({
    prefs: {
      language: (params.get("lang") as Language | null) ?? "zh-CN",
      theme: (params.get("theme") as Theme | null) ?? "light",
      showSandbox: params.get("sandbox") !== "0",
      selectedAccountId: null,
    },
  });
  backend.files = { "/demo/gbk.csv": GBK_FILE, "/demo/big5.csv": BIG5_FILE };
  if (params.get("accounts") === "0") backend.accounts = backend.accounts.filter((a) => a.isSandbox);
  if (params.get("synced") === "1") backend.templates[SANDBOX_ACCOUNT.id] = [...SANDBOX_TEMPLATES];
  if (params.get("conn") === "fail") backend.connectionReports[REAL_ACCOUNT.id] = IP_NOT_WHITELISTED_REPORT;
  if (params.get("demo") === "1") Object.assign(backend, demoDashboard(), { auditEntries: demoAudit() });
  if (params.get("official") === "1") {
    backend.accounts = [...backend.accounts, OFFICIAL_ACCOUNT];
    backend.remoteTemplates[OFFICIAL_ACCOUNT.id] = OFFICIAL_TEMPLATES;
  }
  const role = params.get("role");
  if (role === "viewer" || role === "author" || role === "sender" || role === "admin") Object.assign(backend, onTeam(role));
  const fail = params.get("fail");
  if (fail) backend.failures[fail] = { code: "store", message: `simulated failure of ${fail}`, messageZh: `模拟的 ${fail} 失败` };
}

/** A few days of the audit trail by two people, one of each kind of detail. */
function demoAudit(): AuditEntry[] {
  const now = Date.now();
  const hour = 3600_000;
  const day = 24 * hour;
  const by = { actor: "wangfang", machine: "MKT-PC-01", accountId: REAL_ACCOUNT.id, campaignId: null, subject: REAL_ACCOUNT.name, detail: {} };
  const campaign = { ...by, campaignId: 7, subject: "双十一预热" };
  const file = "/Users/wangfang/Downloads/pushdesk-log-2026-03-02.xlsx";
  const exported = { accountId: REAL_ACCOUNT.id, status: ["failed" as const], fromMs: now - 7 * day, toMs: now };
  return [
    { ...by, id: 1, at: now - 6 * day, action: "account_added" },
    { ...by, id: 2, at: now - 6 * day + hour, action: "templates_synced", detail: { templates: 5 } },
    { ...campaign, id: 3, at: now - 3 * day, action: "campaign_created", detail: { rows: 12_345 } },
    { ...campaign, id: 4, at: now - 3 * day + 60_000, action: "campaign_started" },
    { ...campaign, id: 5, at: now - 2 * day, action: "campaign_paused", actor: "lilei", machine: "MKT-PC-02" },
    { ...campaign, id: 6, at: now - 2 * day + hour, action: "campaign_resumed", actor: "lilei", machine: "MKT-PC-02" },
    { ...by, id: 7, at: now - hour, action: "log_exported", subject: file, detail: { rows: 200, filter: exported, file } },
  ];
}
