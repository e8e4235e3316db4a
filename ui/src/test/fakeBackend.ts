import { mockIPC } from "@tauri-apps/api/mocks";
import type {
  AccountSummary,
  AppError,
  AppInfo,
  ConnectionReport,
  NewAccount,
  Preferences,
  SyncSummary,
  SyncedTemplate,
} from "../bindings";
import { SANDBOX_TEMPLATES, okReport } from "./templateFixtures";

export type IpcCall = { cmd: string; args: unknown };

export type FakeBackend = {
  prefs: Preferences;
  accounts: AccountSummary[];
  appInfo: AppInfo;
  /** The fake keyring: secrets by account id (never part of `accounts`). */
  secrets: Record<number, string>;
  /** The local template cache by account id (what `list_templates` answers). */
  templates: Record<number, SyncedTemplate[]>;
  /** What WeChat would return on `sync_templates`, by account id. */
  remoteTemplates: Record<number, SyncedTemplate[]>;
  /** `test_connection` answers by account id; default: ok with the remote template count. */
  connectionReports: Record<number, ConnectionReport>;
  /** Commands that answer with this error instead of their data. */
  failures: Partial<Record<string, AppError>>;
  calls: IpcCall[];
  callsTo(cmd: string): IpcCall[];
};

export const SANDBOX_ACCOUNT: AccountSummary = {
  id: 1,
  name: "沙箱小程序",
  appid: "wxdemo0000sandbox1",
  isSandbox: true,
  tokenMode: "stable",
  apiBase: "sandbox:in-process",
  tokenUrl: null,
  proxy: null,
};

export const REAL_ACCOUNT: AccountSummary = {
  id: 2,
  name: "门店会员小程序",
  appid: "wx1234567890abcdef",
  isSandbox: false,
  tokenMode: "stable",
  apiBase: "https://api.weixin.qq.com",
  tokenUrl: null,
  proxy: null,
};

/**
 * Installs an in-memory stand-in for the Rust commands the UI uses, through Tauri's mockIPC.
 * A failing command rejects with `{code, message}` exactly like a Tauri command returning Err.
 */
export function installFakeBackend(overrides: Partial<Omit<FakeBackend, "calls" | "callsTo">> = {}): FakeBackend {
  const backend: FakeBackend = {
    prefs: { language: "zh-CN", theme: "light", showSandbox: true, selectedAccountId: null },
    accounts: [SANDBOX_ACCOUNT, REAL_ACCOUNT],
    appInfo: {
      version: "0.1.0",
      dataDir: "/home/test/.local/share/pushdesk",
      databaseFile: "/home/test/.local/share/pushdesk/pushdesk.sqlite3",
      logDir: "/home/test/.local/share/pushdesk/logs",
    },
    secrets: {},
    templates: {},
    remoteTemplates: { [SANDBOX_ACCOUNT.id]: SANDBOX_TEMPLATES },
    connectionReports: {},
    failures: {},
    ...overrides,
    calls: [],
    callsTo(cmd) {
      return this.calls.filter((call) => call.cmd === cmd);
    },
  };

  mockIPC((cmd, args) => {
    backend.calls.push({ cmd, args });
    const failure = backend.failures[cmd];
    // Tauri rejects with the command's serialised error value, not an Error instance.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    if (failure) return Promise.reject(failure);
    switch (cmd) {
      case "get_preferences":
        return { ...backend.prefs };
      case "set_preferences":
        backend.prefs = { ...(args as { prefs: Preferences }).prefs };
        return null;
      case "list_accounts":
        return backend.accounts;
      case "app_info":
        return backend.appInfo;
      case "add_account":
      case "update_account":
        return saveAccount(backend, cmd, args as { id?: number; input: NewAccount; secret: string | null });
      case "remove_account": {
        const { id } = args as { id: number };
        backend.accounts = backend.accounts.filter((account) => account.id !== id);
        delete backend.secrets[id];
        delete backend.templates[id];
        return null;
      }
      case "test_connection": {
        const { id } = args as { id: number };
        return backend.connectionReports[id] ?? okReport((backend.remoteTemplates[id] ?? []).length);
      }
      case "sync_templates":
        return syncTemplates(backend, (args as { accountId: number }).accountId);
      case "list_templates": {
        const { accountId, search } = args as { accountId: number; search: string | null };
        const cached = backend.templates[accountId] ?? [];
        const needle = search?.trim().toLowerCase();
        return needle ? cached.filter((tpl) => tpl.title.toLowerCase().includes(needle)) : cached;
      }
      default:
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        return Promise.reject({ code: "internal", message: `unknown command ${cmd}` } satisfies AppError);
    }
  });

  return backend;
}

function saveAccount(
  backend: FakeBackend,
  cmd: string,
  { id, input, secret }: { id?: number; input: NewAccount; secret: string | null },
): AccountSummary | Promise<never> {
  const name = input.name.trim();
  const clash = backend.accounts.find((account) => account.name === name && account.id !== id);
  if (clash) {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    return Promise.reject({ code: "conflict", message: `name: an account named "${name}" already exists` } satisfies AppError);
  }
  const accountId = cmd === "add_account" ? Math.max(0, ...backend.accounts.map((a) => a.id)) + 1 : (id ?? 0);
  const summary: AccountSummary = {
    id: accountId,
    name,
    appid: input.appid.trim(),
    tokenMode: input.tokenMode,
    apiBase: input.apiBase.trim() || "https://api.weixin.qq.com",
    tokenUrl: input.tokenMode === "external" ? input.tokenUrl : null,
    proxy: input.proxy,
    isSandbox: false,
  };
  backend.accounts =
    cmd === "add_account"
      ? [...backend.accounts, summary]
      : backend.accounts.map((account) => (account.id === accountId ? summary : account));
  if (secret !== null) backend.secrets[accountId] = secret;
  return summary;
}

function syncTemplates(backend: FakeBackend, accountId: number): SyncSummary {
  const before = new Map((backend.templates[accountId] ?? []).map((tpl) => [tpl.templateId, tpl]));
  const remote = backend.remoteTemplates[accountId] ?? [];
  const summary: SyncSummary = { added: 0, updated: 0, removed: 0, unchanged: 0 };
  const same = (a: SyncedTemplate, b: SyncedTemplate) =>
    JSON.stringify({ ...a, syncedAt: "" }) === JSON.stringify({ ...b, syncedAt: "" });
  for (const tpl of remote) {
    const old = before.get(tpl.templateId);
    if (!old) summary.added += 1;
    else if (same(old, tpl)) summary.unchanged += 1;
    else summary.updated += 1;
    before.delete(tpl.templateId);
  }
  summary.removed = before.size;
  backend.templates[accountId] = remote.map((tpl) => ({ ...tpl }));
  return summary;
}
