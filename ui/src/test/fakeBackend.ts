import { mockIPC } from "@tauri-apps/api/mocks";
import type {
  AccountSummary,
  AppError,
  AppInfo,
  ComposeDraft,
  ConnectionReport,
  FieldCheck,
  Keyword,
  MessageCheck,
  MessageSpec,
  NewAccount,
  Preferences,
  RecipientResult,
  RuleViolation,
  SendNowRequest,
  SendNowResult,
  SyncSummary,
  SyncedTemplate,
  TestRecipient,
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
  /** Test openids by account id (`list_test_recipients` / `set_test_recipients`). */
  testRecipients: Record<number, TestRecipient[]>;
  /** The saved Compose draft (`get_draft` / `save_draft`). */
  draft: ComposeDraft | null;
  /**
   * What `send_now` answers per openid; an openid not listed is sent with `DEFAULT_MSGID`.
   * Use `NOT_SUBSCRIBED_RESULT` for a 43101.
   */
  sendOutcomes: Record<string, Omit<RecipientResult, "openid">>;
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
    testRecipients: {},
    draft: null,
    sendOutcomes: {},
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
      case "check_message": {
        const { accountId, templateId, message, placeholders } = args as {
          accountId: number;
          templateId: string;
          message: MessageSpec;
          placeholders: Record<string, string>;
        };
        const template = (backend.templates[accountId] ?? []).find((tpl) => tpl.templateId === templateId);
        if (!template) return rejectWith("not_found", `template ${templateId} not found (sync the account's templates first)`);
        return fakeCheck(template.keywords, message, placeholders);
      }
      case "send_now":
        return sendNow(backend, (args as { request: SendNowRequest }).request);
      case "list_test_recipients":
        return backend.testRecipients[(args as { accountId: number }).accountId] ?? [];
      case "set_test_recipients": {
        const { accountId, recipients } = args as { accountId: number; recipients: TestRecipient[] };
        const bad = recipients.find((r) => !FAKE_OPENID.test(r.openid));
        if (bad) return rejectWith("invalid_input", `openid: "${bad.openid}" is not an openid`);
        backend.testRecipients[accountId] = recipients.map((r) => ({ ...r }));
        return null;
      }
      case "get_draft":
        return backend.draft;
      case "save_draft":
        backend.draft = structuredClone((args as { draft: ComposeDraft }).draft);
        return null;
      default:
        return rejectWith("internal", `unknown command ${cmd}`);
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

function rejectWith(code: AppError["code"], message: string): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  return Promise.reject({ code, message } satisfies AppError);
}

/** The msgid the fake `send_now` gives a sent message: 19 digits, above 2^53. */
export const DEFAULT_MSGID = "2097683633284153344";

/** A 43101 as `send_now` reports it. */
export const NOT_SUBSCRIBED_RESULT: Omit<RecipientResult, "openid"> = {
  state: "not_subscribed",
  msgid: null,
  errcode: 43101,
  explanation: {
    title_zh: "用户未订阅或订阅次数已用完",
    title_en: "The user has not subscribed or has no subscription left",
    action_zh: "这不是故障：请用户在小程序中再次同意订阅后再发送。",
    action_en: "Not a fault: send again once the user accepts a subscription in the mini program.",
  },
  detail: "user refuse to accept the msg rid: 6575a1b2-1c2d3e4f-5a6b7c8d",
};

const FAKE_OPENID = /^[A-Za-z0-9_-]{20,40}$/;
const HAN = /\p{Script=Han}/u;

/**
 * A tiny subset of the Rust rules, enough for UI tests: empty values, length limits of thing /
 * phrase / character_string / short_thing, no Chinese in character_string, Chinese only in
 * phrase, enum membership, and `{{placeholders}}` without a value.
 */
export function fakeCheck(keywords: Keyword[], message: MessageSpec, filled: Record<string, string>): MessageCheck {
  const used: string[] = [];
  const fields = keywords.map((keyword): FieldCheck => {
    const raw = message.values[keyword.key] ?? "";
    const names = [...raw.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)].map((m) => m[1] ?? "");
    for (const name of names) if (!used.includes(name)) used.push(name);
    const missing = names.filter((name) => !filled[name]);
    const rendered = raw.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, name: string) => filled[name] || whole);
    const violation = (kind: RuleViolation["kind"], zh: string, en: string): RuleViolation => ({
      key: keyword.key,
      kind,
      messageZh: `「${keyword.label}」(${keyword.key}) ${zh}`,
      messageEn: `“${keyword.label}” (${keyword.key}) ${en}`,
    });
    let problem: RuleViolation | null = null;
    const count = [...rendered].length;
    const limit = { thing: 20, phrase: 5, character_string: 32, short_thing: 5 }[keyword.kind as string];
    if (missing.length > 0) problem = null;
    else if (rendered.trim() === "") problem = violation("empty", "不能为空", "must not be empty");
    else if (limit !== undefined && count > limit)
      problem = violation("too_long", `超过 ${limit} 个字符（当前 ${count} 个）`, `is longer than ${limit} characters (${count})`);
    else if (keyword.kind === "character_string" && HAN.test(rendered))
      problem = violation("forbidden_characters", "不能含有中文", "must not contain Chinese");
    else if (keyword.kind === "phrase" && ![...rendered].every((c) => HAN.test(c)))
      problem = violation("forbidden_characters", "只能是汉字", "must be Chinese characters only");
    else if (keyword.kind === "enum" && !keyword.enumValues.includes(rendered))
      problem = violation("not_in_enum", `只能是以下值之一：${keyword.enumValues.join("、")}`, `must be one of: ${keyword.enumValues.join(", ")}`);
    return { key: keyword.key, label: keyword.label, rendered, problem, missing };
  });
  return { ok: fields.every((f) => f.problem === null && f.missing.length === 0), fields, placeholders: used };
}

let nextCampaignId = 100;

function sendNow(backend: FakeBackend, request: SendNowRequest): SendNowResult | Promise<never> {
  const template = (backend.templates[request.accountId] ?? []).find((tpl) => tpl.templateId === request.templateId);
  if (!template) return rejectWith("not_found", `template ${request.templateId} not found`);
  const check = fakeCheck(template.keywords, request.message, request.placeholders);
  if (!check.ok) {
    const problems = check.fields.flatMap((f) => (f.problem ? [f.problem.messageEn] : []));
    return rejectWith("invalid_input", `values: ${problems.join("; ")}`);
  }
  let openids: string[];
  if (request.target.kind === "single") {
    const openid = request.target.openid.trim();
    if (!FAKE_OPENID.test(openid)) return rejectWith("invalid_input", `openid: "${openid}" is not an openid`);
    openids = [openid];
  } else {
    openids = (backend.testRecipients[request.accountId] ?? []).map((r) => r.openid);
    if (openids.length === 0) return rejectWith("invalid_input", "target: the test list is empty; add test openids in Settings first");
  }
  nextCampaignId += 1;
  return {
    campaignId: nextCampaignId,
    results: openids.map(
      (openid): RecipientResult =>
        ({
          openid,
          ...(backend.sendOutcomes[openid] ?? {
            state: "sent",
            msgid: DEFAULT_MSGID,
            errcode: null,
            explanation: null,
            detail: null,
          }),
        }),
    ),
  };
}
