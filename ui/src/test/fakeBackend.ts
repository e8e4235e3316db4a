import { mockIPC } from "@tauri-apps/api/mocks";
import type {
  AccountSummary,
  AppError,
  AppInfo,
  Campaign,
  CampaignAction,
  CampaignPlan,
  CatalogueEntry,
  ComposeDraft,
  ConnectionReport,
  DraftInput,
  DraftRowPreview,
  DraftSettings,
  ExportReport,
  FieldCheck,
  FrequencyCap,
  Keyword,
  Language,
  LogCursor,
  LogEntry,
  LogFilter,
  MessageCheck,
  MessageSpec,
  NewAccount,
  Preferences,
  RatePoint,
  RecipientResult,
  ResendKind,
  RuleViolation,
  ScheduleRequest,
  SendNowRequest,
  SendNowResult,
  SuppressedEntry,
  SyncSummary,
  SyncedTemplate,
  TestRecipient,
} from "../bindings";
import {
  badPage,
  badValues,
  fileExists,
  internal,
  invalidOpenid,
  noRowSendable,
  notFound,
  nothingToTest,
  pageProblem,
  suppressedOpenid,
  templateNotChosen,
  testListEmpty,
} from "./coreErrors";
import { saveAccount } from "./fakeAccounts";
import { auditCommand, noAudit, type AuditFields } from "./fakeAudit";
import { approvalOfNew, belowSender, noTeam, type ApprovalFields } from "./fakeApproval";
import { noTeamLink, teamCommand, type TeamFields } from "./fakeTeam";
import { actOn, archiveOn, pendingCounts, settingsProblem, steer, withActions } from "./fakeCampaigns";
import { fakeDashboard, fakeSendQuota, isAppError, type SendQuotaOverride } from "./fakeDashboard";
import { NO_RECEIPT, fakeLogDetail, fakeLogPage, fakeLogTotals, matchesLogFilter } from "./fakeSendLog";
import { draftView, fakeDraftRow, fakePlan, readIntoDraft, type FakeDraft, type FakeFile } from "./fakeDrafts";
import {
  FAKE_USER,
  capReason,
  cappedOpenids,
  frequencyCap,
  historyOf,
  isSuppressed,
  recordRefusal,
  setFrequencyCap,
  setSuppressRefusals,
  suppress,
  suppressionList,
  unsuppress,
} from "./fakeSuppression";
import { grantBook } from "./fakeLedger";
import { noReceipts, receiptCommand, type ReceiptFields } from "./fakeReceiptCommands";
import { noSchedules, planSchedule, scheduleCommand, withSeries, type ScheduleFields } from "./fakeSchedule";
import { channelOf, noOfficial, officialCommand, type OfficialFields } from "./fakeOfficialCommands";
import { displayLimitViolation, officialRefusal } from "./fakeOfficial";
import { SANDBOX_TEMPLATES, okReport } from "./templateFixtures";

export { pendingCounts } from "./fakeCampaigns";
export { fakePlan } from "./fakeDrafts";

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
  /** The saved Compose draft (`get_compose_draft` / `save_compose_draft`). */
  composeDraft: ComposeDraft | null;
  /**
   * What `send_now` answers per openid; an openid not listed is sent with `DEFAULT_MSGID`.
   * Use `NOT_SUBSCRIBED_RESULT` for a 43101.
   */
  sendOutcomes: Record<string, Omit<RecipientResult, "openid">>;
  /**
   * Campaigns (`list_campaigns`, `get_campaign`, start/resume/resend/pause/cancel, approve,
   * archive). Their `actions` are always recomputed from `CAMPAIGN_RULES` (with the approval
   * gates), less what the person (`login`, `teamRole`) may not do, as the core computes them.
   */
  campaigns: Campaign[];
  /** Campaigns another process on this computer is sending, with its pid: every action is `busy`. */
  busy: Record<number, number>;
  /** Ids `interrupted_campaigns` answers with. */
  interruptedIds: number[];
  /** What the native file dialog of `pick_audience_file` returns. */
  pickedFile: string | null;
  /** What `create_draft` reads for a path; a path not listed reads as `DEFAULT_FILE`. */
  files: Record<string, FakeFile>;
  /** Drafts by id (`create_draft` … `start_draft` / `discard_draft`), every row kept. */
  drafts: Record<number, FakeDraft>;
  /** What `update_draft` answers (the validation of every row); default: `fakePlan`. */
  plan: (draft: FakeDraft, backend: FakeBackend) => CampaignPlan;
  /**
   * What `preview_draft_row` answers for a row (null: the list has no such row); default:
   * `fakeDraftRow`, the same validation as the default `plan`.
   */
  previewRow: (draft: FakeDraft, rowNo: number, backend: FakeBackend) => DraftRowPreview | null;
  /** What the native save dialog of `save_draft_problems` returns. */
  savedProblemsPath: string | null;
  /** What `error_catalogue` answers. */
  catalogue: CatalogueEntry[];
  /** The send log (`log_page`, `log_totals`, `log_entry`); any order. */
  logEntries: LogEntry[];
  /** Request and response bodies by attempt id (`log_entry`); default: built from the entry. */
  logBodies: Record<number, { request: string; response: string | null }>;
  /** Rate points and duration by campaign id (`campaign_report`); default: none, 0 ms. */
  campaignReports: Record<number, { rate: RatePoint[]; durationMs: number }>;
  /** What the native save dialog of `pick_export_path` returns. */
  exportPickedPath: string | null;
  /** What `export_log` does; default: reports the rows of the filter, not cancelled. */
  exportLog: ((filter: LogFilter, path: string, lang: Language, backend: FakeBackend) => ExportReport | Promise<ExportReport>) | null;
  /** Files that exist: `export_log` and `export_audit` refuse them with `file_exists` unless `overwrite`. */
  existingFiles: string[];
  /** WeChat's daily limit of the send API by account id (`send_quota`); default: the sandbox's. */
  dailyQuota: Record<number, number>;
  /**
   * What `send_quota` does instead of counting today's attempts (e.g. answer late, or never);
   * default null. A failure is `failures.send_quota`.
   */
  sendQuota: SendQuotaOverride | null;
  /**
   * The suppression list by account id (`suppression_list`, `suppress`, `unsuppress`): skipped
   * by every draft's validation, refused by a single `send_now`.
   */
  suppressed: Record<number, SuppressedEntry[]>;
  /** Accounts whose 43101 answers (`sendOutcomes`) put the person on the list. */
  suppressRefusals: Record<number, boolean>;
  /**
   * The frequency cap by account id (`frequency_cap`, `set_frequency_cap`); an account not
   * listed has none. Every draft's validation skips the openids that reached it, counted from
   * `logEntries`.
   */
  frequencyCaps: Record<number, FrequencyCap>;
  /**
   * Commands that answer with this error instead of their data. A made-up error may leave out
   * `messageZh`: it then reads the same in both languages.
   */
  failures: Partial<Record<string, MadeUpError>>;
  calls: IpcCall[];
  callsTo(cmd: string): IpcCall[];
} & ReceiptFields &
  ScheduleFields &
  OfficialFields &
  AuditFields &
  ApprovalFields &
  TeamFields;

/** An error a test makes up for a command to answer with. */
export type MadeUpError = Omit<AppError, "messageZh"> & { messageZh?: string };

export const SANDBOX_ACCOUNT: AccountSummary = {
  id: 1,
  name: "沙箱小程序",
  kind: "mini_program",
  appid: "wxdemo0000sandbox1",
  miniPrograms: [],
  isSandbox: true,
  tokenMode: "stable",
  apiBase: "sandbox:in-process",
  tokenUrl: null,
  proxy: null,
  templatesSyncedAt: null,
};

export const REAL_ACCOUNT: AccountSummary = {
  id: 2,
  name: "门店会员小程序",
  kind: "mini_program",
  appid: "wx1234567890abcdef",
  miniPrograms: [],
  isSandbox: false,
  tokenMode: "stable",
  apiBase: "https://api.weixin.qq.com",
  tokenUrl: null,
  proxy: null,
  templatesSyncedAt: null,
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
    composeDraft: null,
    sendOutcomes: {},
    campaigns: [],
    busy: {},
    interruptedIds: [],
    pickedFile: null,
    files: {},
    drafts: {},
    plan: (draft, backend) =>
      fakePlan(draft, templateOf(backend, draft.accountId, draft.settings.templateId)?.keywords ?? [], draftHistory(backend, draft)),
    previewRow: (draft, rowNo, backend) =>
      fakeDraftRow(draft, templateOf(backend, draft.accountId, draft.settings.templateId)?.keywords ?? [], draftHistory(backend, draft), rowNo),
    savedProblemsPath: null,
    catalogue: [],
    logEntries: [],
    logBodies: {},
    campaignReports: {},
    exportPickedPath: null,
    exportLog: null,
    existingFiles: [],
    dailyQuota: {},
    sendQuota: null,
    suppressed: {},
    suppressRefusals: {},
    frequencyCaps: {},
    ...noReceipts(),
    ...noSchedules(),
    ...noOfficial(),
    ...noAudit(),
    ...noTeam(),
    ...noTeamLink(),
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
    if (failure) return reject({ ...failure, messageZh: failure.messageZh ?? failure.message });
    const jumpRefused = officialRefusal(backend, cmd, args);
    if (jumpRefused) return reject(jumpRefused);
    const receipts =
      receiptCommand(backend, cmd, args) ?? scheduleCommand(backend, cmd, args) ?? officialCommand(backend, cmd, args) ?? auditCommand(backend, cmd, args);
    if (receipts) return answer(receipts.result);
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
        return answer(saveAccount(backend, { ...(args as { input: NewAccount; secret: string | null }), id: undefined }));
      case "update_account":
        return answer(saveAccount(backend, args as { id: number; input: NewAccount; secret: string | null }));
      case "remove_account": {
        const { id } = args as { id: number };
        backend.accounts = backend.accounts.filter((account) => account.id !== id);
        delete backend.secrets[id];
        delete backend.templates[id];
        delete backend.frequencyCaps[id];
        delete backend.pushKeys[id];
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
        if (!template) return reject(notFound("syncedTemplate", templateId));
        return fakeCheck(template.keywords, message, placeholders);
      }
      case "send_now":
        return sendNow(backend, (args as { request: SendNowRequest }).request);
      case "list_test_recipients":
        return backend.testRecipients[(args as { accountId: number }).accountId] ?? [];
      case "set_test_recipients": {
        const { accountId, recipients } = args as { accountId: number; recipients: TestRecipient[] };
        const bad = recipients.find((r) => !FAKE_OPENID.test(r.openid));
        if (bad) return reject(invalidOpenid(bad.openid));
        backend.testRecipients[accountId] = recipients.map((r) => ({ ...r }));
        return null;
      }
      case "get_compose_draft":
        return backend.composeDraft;
      case "save_compose_draft":
        backend.composeDraft = structuredClone((args as { draft: ComposeDraft }).draft);
        return null;
      case "error_catalogue":
        return backend.catalogue;
      // Opens the saved file's folder in the file manager: nothing to answer (see `calls`).
      case "show_in_folder":
        return null;
      case "list_campaigns": {
        const { accountId } = args as { accountId: number | null };
        return backend.campaigns.filter((c) => accountId === null || c.accountId === accountId).map((c) => withActions(c, backend));
      }
      case "get_campaign":
        return findCampaign(backend, (args as { id: number }).id);
      case "interrupted_campaigns":
        return backend.interruptedIds.flatMap((id) => backend.campaigns.filter((c) => c.id === id)).map((c) => withActions(c, backend));
      case "start_campaign":
        return act(backend, (args as { id: number }).id, "start");
      case "resume_campaign":
        return act(backend, (args as { id: number }).id, "resume");
      case "resend_campaign": {
        const { id, kind } = args as { id: number; kind: ResendKind };
        return act(backend, id, kind === "unknown" ? "resend_unknown" : "resend_failed");
      }
      case "pause_campaign":
        return act(backend, (args as { id: number }).id, "pause");
      case "cancel_campaign":
        return act(backend, (args as { id: number }).id, "cancel");
      case "approve_campaign":
        return act(backend, (args as { id: number }).id, "approve");
      case "archive_campaign": {
        const { id, archived } = args as { id: number; archived: boolean };
        return answer(steer(backend, id, (campaign) => archiveOn(campaign, archived, Date.now(), backend)));
      }
      case "pick_audience_file":
        return backend.pickedFile;
      case "create_draft":
        return createDraft(backend, (args as { input: DraftInput }).input);
      case "get_draft": {
        const draft = backend.drafts[(args as { id: number }).id];
        return draft ? draftView(draft) : reject(notFound("draft", (args as { id: number }).id));
      }
      case "update_draft": {
        const { id, settings } = args as { id: number; settings: DraftSettings };
        const draft = backend.drafts[id];
        if (!draft) return reject(notFound("draft", id));
        draft.settings = structuredClone(settings);
        return planDraft(backend, draft);
      }
      case "preview_draft_row": {
        const { id, rowNo } = args as { id: number; rowNo: number };
        const draft = backend.drafts[id];
        if (!draft) return reject(notFound("draft", id));
        return previewDraftRow(backend, draft, rowNo);
      }
      case "test_send_draft":
        return testSendDraft(backend, (args as { id: number }).id);
      case "start_draft":
        return startDraft(backend, args as { id: number; schedule: ScheduleRequest });
      case "discard_draft":
        delete backend.drafts[(args as { id: number }).id];
        return null;
      case "save_draft_problems": {
        const { id } = args as { id: number };
        return backend.drafts[id] ? backend.savedProblemsPath : reject(notFound("draft", id));
      }
      case "log_page": {
        const { filter, cursor, limit } = args as { filter: LogFilter; cursor: LogCursor | null; limit: number };
        return fakeLogPage(backend.logEntries, filter, cursor, limit);
      }
      case "log_totals":
        return fakeLogTotals(backend.logEntries, (args as { filter: LogFilter }).filter);
      case "log_entry": {
        const { id } = args as { id: number };
        const entry = backend.logEntries.find((e) => e.id === id);
        if (!entry) return reject(notFound("sendLogEntry", id));
        return fakeLogDetail(backend, entry);
      }
      case "campaign_report": {
        const { id } = args as { id: number };
        const campaign = backend.campaigns.find((c) => c.id === id);
        if (!campaign) return reject(notFound("campaign", id));
        return { campaign, ...(backend.campaignReports[id] ?? { rate: [], durationMs: 0 }) };
      }
      case "default_export_path": {
        const { format } = args as { format: "csv" | "xlsx" };
        return `/home/test/Downloads/pushdesk-log-2026-03-02.${format}`;
      }
      case "pick_export_path":
        return backend.exportPickedPath;
      case "export_log": {
        const { filter, path, lang, overwrite } = args as { filter: LogFilter; path: string; lang: Language; overwrite: boolean | null };
        if (backend.existingFiles.includes(path) && overwrite !== true) {
          return reject(fileExists(path));
        }
        if (backend.exportLog) return backend.exportLog(filter, path, lang, backend);
        return { rows: backend.logEntries.filter((e) => matchesLogFilter(e, filter)).length, cancelled: false } satisfies ExportReport;
      }
      case "cancel_export":
        return null;
      case "suppression_list": {
        const { accountId, search } = args as { accountId: number; search: string };
        return answer(suppressionList(backend, accountId, search));
      }
      case "suppress": {
        const { accountId, text, note } = args as { accountId: number; text: string; note: string };
        return answer(suppress(backend, accountId, text, note));
      }
      case "unsuppress": {
        const { accountId, openids } = args as { accountId: number; openids: string[] };
        return answer(unsuppress(backend, accountId, openids));
      }
      case "set_suppress_refusals": {
        const { accountId, on } = args as { accountId: number; on: boolean };
        return answer(setSuppressRefusals(backend, accountId, on));
      }
      case "frequency_cap":
        return answer(frequencyCap(backend, (args as { accountId: number }).accountId));
      case "set_frequency_cap": {
        const { accountId, cap } = args as { accountId: number; cap: FrequencyCap | null };
        return answer(setFrequencyCap(backend, accountId, cap));
      }
      case "dashboard": {
        const dashboard = fakeDashboard(backend, (args as { accountId: number }).accountId);
        return isAppError(dashboard) ? reject(dashboard) : dashboard;
      }
      case "send_quota": {
        const { accountId } = args as { accountId: number };
        const quota = fakeSendQuota(backend, accountId);
        if (isAppError(quota)) return reject(quota);
        return backend.sendQuota ? backend.sendQuota(accountId, backend) : quota;
      }
      // Settings → 团队 (fakeTeam.ts); the role, login and threshold are the approval's fields.
      case "team_status":
      case "team_link":
      case "join_team":
      case "leave_team":
      case "set_approval_threshold":
      case "restart_app":
        return answer(teamCommand(backend, cmd, args));
      // `listen` / `unlisten` of @tauri-apps/api/event, for pages that subscribe to events.
      case "plugin:event|listen":
        return 1;
      case "plugin:event|unlisten":
        return null;
      default:
        return reject(internal(`unknown command ${cmd}`));
    }
  });

  return backend;
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
  const syncedAt = new Date().toISOString();
  backend.accounts = backend.accounts.map((account) => (account.id === accountId ? { ...account, templatesSyncedAt: syncedAt } : account));
  return summary;
}

/** A fake's answer that may be an error: the error rejects, as the command's `Err` does. */
function answer<T>(result: T | AppError): T | Promise<never> {
  const isError = typeof result === "object" && result !== null && "code" in result && "messageZh" in result;
  return isError ? reject(result) : result;
}

/** Answers like a Tauri command returning Err: with the serialised error, not an Error instance. */
function reject(error: AppError): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  return Promise.reject(error);
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
    else if (displayLimitViolation(keyword, rendered)) problem = displayLimitViolation(keyword, rendered);
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
  if (!template) return reject(notFound("syncedTemplate", request.templateId));
  const check = fakeCheck(template.keywords, request.message, request.placeholders);
  if (!check.ok) {
    return reject(badValues(check.fields));
  }
  const page = pageProblem(request.message.page ?? "", request.placeholders);
  if (page) return reject(badPage(page));
  let openids: string[];
  if (request.target.kind === "single") {
    const openid = request.target.openid.trim();
    if (!FAKE_OPENID.test(openid)) {
      return reject(invalidOpenid(openid));
    }
    if (isSuppressed(backend, request.accountId, openid)) return reject(suppressedOpenid(openid));
    openids = [openid];
  } else {
    openids = (backend.testRecipients[request.accountId] ?? []).map((r) => r.openid);
    if (openids.length === 0) return reject(testListEmpty);
  }
  nextCampaignId += 1;
  // A direct send is a campaign of one: its start skips whoever reached the frequency cap
  // (`skip_forbidden_rows`), except on a test send.
  const cap = request.target.kind === "single" ? backend.frequencyCaps[request.accountId] : undefined;
  const capped = cap ? cappedOpenids(backend.logEntries, request.accountId, cap) : new Set<string>();
  const results = openids.map(
    (openid): RecipientResult =>
      ({
        openid,
        ...(cap && capped.has(openid)
          ? { state: "skipped", msgid: null, errcode: null, explanation: null, detail: capReason(cap) }
          : (backend.sendOutcomes[openid] ?? { state: "sent", msgid: DEFAULT_MSGID, errcode: null, explanation: null, detail: null })),
      }),
  );
  recordDirectSend(backend, request, template, nextCampaignId, check.fields, results);
  return { campaignId: nextCampaignId, results };
}

/**
 * Writes a direct send's attempts into the fake's send log, as the core journals them: later
 * drafts see them in the repeat-send, unsubscribed and frequency cap checks, and a 43101 puts the person on
 * the suppression list when the account asks for that.
 */
function recordDirectSend(
  backend: FakeBackend,
  request: SendNowRequest,
  template: SyncedTemplate,
  campaignId: number,
  fields: readonly FieldCheck[],
  results: readonly RecipientResult[],
) {
  const now = Date.now();
  const kind = request.target.kind === "single" ? "single" : "test";
  for (const result of results) {
    // A skipped recipient was never attempted.
    if (result.state === "skipped") continue;
    const status: LogEntry["status"] =
      result.state === "sent" || result.state === "not_subscribed" || result.state === "unknown" ? result.state : "failed";
    backend.logEntries.push({
      id: Math.max(0, ...backend.logEntries.map((e) => e.id)) + 1,
      startedAt: now,
      finishedAt: now,
      accountId: request.accountId,
      accountName: backend.accounts.find((a) => a.id === request.accountId)?.name ?? null,
      campaignId,
      campaignName: kind === "single" ? result.openid : "test",
      campaignKind: kind,
      channel: channelOf(backend.accounts, request.accountId),
      templateId: template.templateId,
      templateTitle: template.title,
      openid: result.openid,
      status,
      errcode: result.errcode,
      errmsg: result.detail,
      rid: null,
      msgid: result.msgid,
      attemptNo: 1,
      page: request.message.page,
      values: fields.map((f) => ({ key: f.key, value: f.rendered })),
      miniprogramState: request.message.miniprogramState,
      lang: request.message.lang,
      explanation: result.explanation,
      ...NO_RECEIPT,
    });
    if (status === "not_subscribed") recordRefusal(backend, request.accountId, result.openid, template.templateId, now);
  }
}

function findCampaign(backend: FakeBackend, id: number): Campaign | Promise<never> {
  const campaign = backend.campaigns.find((c) => c.id === id);
  return campaign ? withActions(campaign, backend) : reject(notFound("campaign", id));
}

/**
 * An action, accepted or refused exactly as the lifecycle table says (see `actOn`). When the
 * core starts or resumes a campaign it first skips the pending rows the suppression list and
 * the frequency cap forbid (`store/contact_rules.rs` `skip_forbidden_rows`); fake campaigns
 * have no rows, only counts, so nothing more is skipped here: a campaign made by `start_draft`
 * already left those people out when its draft was validated.
 */
function act(backend: FakeBackend, id: number, action: CampaignAction): Campaign | Promise<never> {
  return answer(steer(backend, id, (campaign) => actOn(campaign, action, backend.busy[id], Date.now(), backend)));
}

/** What a draft's rows are checked against: the contact rules, the repeat-send check and the ledger (`prepare`). */
function draftHistory(backend: FakeBackend, draft: FakeDraft) {
  const templateId = draft.settings.templateId ?? "";
  const history = historyOf(backend, draft.accountId, templateId, draft.settings.options);
  const official = backend.accounts.find((account) => account.id === draft.accountId)?.kind === "official_account";
  return {
    ...history,
    grants: grantBook(backend, draft.accountId, templateId, draft.settings.options.onlyGranted ?? false),
    channel: official ? ("template_message" as const) : ("subscribe_message" as const),
  };
}

function templateOf(backend: FakeBackend, accountId: number, templateId: string | null): SyncedTemplate | undefined {
  return (backend.templates[accountId] ?? []).find((tpl) => tpl.templateId === templateId);
}

let nextDraftId = 500;

function createDraft(backend: FakeBackend, input: DraftInput) {
  nextDraftId += 1;
  const { creation, stored } = readIntoDraft(input, backend.files, nextDraftId);
  if (stored) backend.drafts[stored.id] = stored;
  return creation;
}

/** The core refuses to validate without a template it knows. */
function planDraft(backend: FakeBackend, draft: FakeDraft): CampaignPlan | Promise<never> {
  if (draft.settings.templateId === null) return reject(templateNotChosen);
  if (!templateOf(backend, draft.accountId, draft.settings.templateId)) {
    return reject(notFound("syncedTemplate", draft.settings.templateId));
  }
  return backend.plan(draft, backend);
}

/** `preview_draft_row`: refused as `update_draft` is without a known template; a row not in the list is not found. */
function previewDraftRow(backend: FakeBackend, draft: FakeDraft, rowNo: number): DraftRowPreview | Promise<never> {
  if (draft.settings.templateId === null) return reject(templateNotChosen);
  if (!templateOf(backend, draft.accountId, draft.settings.templateId)) {
    return reject(notFound("syncedTemplate", draft.settings.templateId));
  }
  return backend.previewRow(draft, rowNo, backend) ?? reject(notFound("draftRow", rowNo));
}

/** Sends the first valid row's message to the test list, as the core's `test_send_draft`. */
async function testSendDraft(backend: FakeBackend, id: number): Promise<SendNowResult> {
  const draft = backend.drafts[id];
  if (!draft) return reject(notFound("draft", id));
  const plan = await planDraft(backend, draft);
  const first = plan.report.preview.find((row) => row.state === "pending");
  if (!first) return reject(nothingToTest);
  return sendNow(backend, {
    accountId: draft.accountId,
    templateId: draft.settings.templateId ?? "",
    message: { ...draft.settings.message, values: first.data },
    target: { kind: "test" },
    placeholders: {},
  });
}

/**
 * Makes the campaign from the draft (which is gone afterwards) and starts it — or schedules it,
 * at a time or by a repeat rule (a series with it), as the core's `send_draft`. On a team's
 * store it is the login's, and one that waits for another sender's approval, or a person below
 * sender's, is left ready.
 */
async function startDraft(backend: FakeBackend, { id, schedule }: { id: number; schedule: ScheduleRequest }): Promise<Campaign> {
  const draft = backend.drafts[id];
  if (!draft) return reject(notFound("draft", id));
  const planned = planSchedule(schedule, draft, Date.now());
  if ("code" in planned) return reject(planned);
  const problem = settingsProblem(draft);
  if (problem) return reject(problem);
  const plan = await planDraft(backend, draft);
  if (plan.report.valid === 0) {
    return reject(noRowSendable(plan.report.totalRows));
  }
  const template = templateOf(backend, draft.accountId, draft.settings.templateId);
  nextCampaignId += 1;
  const made: Campaign = withActions(
    {
      id: nextCampaignId,
      accountId: draft.accountId,
      kind: "campaign",
      channel: channelOf(backend.accounts, draft.accountId),
      archivedAt: null,
      name: draft.settings.name.trim(),
      templateId: draft.settings.templateId ?? "",
      templateTitle: template?.title ?? "",
      message: draft.settings.message,
      statusReason: null,
      rate: draft.settings.rate,
      concurrency: draft.settings.concurrency,
      counts: pendingCounts(plan.report.valid),
      actions: [],
      parentId: null,
      createdBy: backend.login ?? FAKE_USER,
      createdAt: Date.now(),
      startedAt: null,
      finishedAt: null,
      approval: approvalOfNew(backend, "campaign", plan.report.valid),
      approvedBy: null,
      approvedAt: null,
      ...planned.timing,
    },
    backend,
  );
  const campaign = withSeries(backend, made, planned);
  delete backend.drafts[id];
  backend.campaigns = [campaign, ...backend.campaigns];
  const startsNow = planned.startNow && campaign.approval !== "waiting" && !belowSender(backend.teamRole);
  return startsNow ? act(backend, campaign.id, "start") : Promise.resolve(campaign);
}
