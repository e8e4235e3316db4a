import type { Language, Theme } from "../bindings";
import { installFakeBackend } from "./fakeBackend";

/**
 * The fake backend for `VITE_MOCK_IPC=1 npm run dev`. Query parameters pick the starting state:
 * `?lang=en&theme=dark&sandbox=0&accounts=0&fail=list_accounts`.
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
  if (params.get("accounts") === "0") backend.accounts = backend.accounts.filter((a) => a.isSandbox);
  const fail = params.get("fail");
  if (fail) backend.failures[fail] = { code: "store", message: `simulated failure of ${fail}` };
}
