import type { Language, Theme } from "../bindings";
import { BIG5_FILE, GBK_FILE } from "../features/campaigns/testing/fixtures";
import { demoDashboard } from "./demoDashboard";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT, installFakeBackend } from "./fakeBackend";
import { OFFICIAL_ACCOUNT, OFFICIAL_TEMPLATES } from "./fakeOfficial";
import { IP_NOT_WHITELISTED_REPORT, SANDBOX_TEMPLATES } from "./templateFixtures";

/**
 * The fake backend for `VITE_MOCK_IPC=1 npm run dev`. Query parameters pick the starting state:
 * `?lang=en&theme=dark&sandbox=0&accounts=0&fail=list_accounts&synced=1&conn=fail&demo=1`
 * (`synced=1`: the sandbox's templates are already cached; `conn=fail`: testing the real account
 * reports a non-whitelisted IP; `demo=1`: the real account has a week of sends and campaigns
 * for the dashboard; `fail=send_quota`: WeChat's quota cannot be checked; `official=1`: an
 * Official Account bound to the sandbox mini program, its templates on WeChat). In the campaign
 * wizard, the path `/demo/gbk.csv` reads as a GBK file with a bad row, and `/demo/big5.csv`
 * asks for its encoding.
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
  if (params.get("demo") === "1") Object.assign(backend, demoDashboard());
  if (params.get("official") === "1") {
    backend.accounts = [...backend.accounts, OFFICIAL_ACCOUNT];
    backend.remoteTemplates[OFFICIAL_ACCOUNT.id] = OFFICIAL_TEMPLATES;
  }
  const fail = params.get("fail");
  if (fail) backend.failures[fail] = { code: "store", message: `simulated failure of ${fail}`, messageZh: `模拟的 ${fail} 失败` };
}
