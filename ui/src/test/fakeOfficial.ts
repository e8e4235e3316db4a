import type {
  AccountSummary,
  AppError,
  DraftSettings,
  Keyword,
  MessageSpec,
  Preferences,
  RowProblem,
  RuleViolation,
  SendNowRequest,
  SyncedTemplate,
} from "../bindings";
import { appError, field } from "./coreErrors";
// fakeBackend.ts imports this file: what it gives is used inside functions only, never while this loads.
import { REAL_ACCOUNT, SANDBOX_ACCOUNT, type FakeBackend } from "./fakeBackend";
import type { FakeDraft } from "./fakeDrafts";

/**
 * An Official Account (服务号) for the fake backend, as the sandbox's demo account has it
 * (`pushdesk-sandbox/src/demo_official.rs`): template messages with kind 0, one legacy template
 * whose first line and remark the core left out, and the core's rules for them — the jump of
 * `MessageSpec::check_jump` (`model/jump.rs`) and the display limit of `validate_value`
 * (`template/rules.rs`) — so a UI test cannot send what the real app refuses.
 */

/** The sandbox mini program (`SANDBOX_ACCOUNT.appid`, the sandbox's `DEMO_APPID`): bound to the Official Account. */
export const BOUND_MINI_PROGRAM = "wxdemo0000sandbox1";

/** An Official Account bound to the sandbox mini program; not among the fake's accounts unless given (`officialOverrides`). */
export const OFFICIAL_ACCOUNT: AccountSummary = {
  id: 4,
  name: "会员服务号",
  kind: "official_account",
  appid: "wx5e7a9c1b3d5f7a9c",
  miniPrograms: [BOUND_MINI_PROGRAM],
  isSandbox: false,
  tokenMode: "stable",
  apiBase: "https://api.weixin.qq.com",
  tokenUrl: null,
  proxy: null,
  templatesSyncedAt: null,
};

/** `template_sync::OFFICIAL_TEMPLATE_KIND`. */
const OFFICIAL_KIND = 0;
/** `template_sync::OFFICIAL_DISPLAY_LIMIT`. */
export const OFFICIAL_DISPLAY_LIMIT = 20;
const SYNCED_AT = "2026-03-02T06:30:00Z";

/** 订单发货提醒: a category template, typed keys keep their type's rule. */
export const OA_ORDER_SHIPPED: SyncedTemplate = {
  templateId: "nqRpwd49aBeLrkn_peQKVjL17sBU8UbDW6MWml1dD_V",
  title: "订单发货提醒",
  content: "商品名称:{{thing1.DATA}}\n快递公司:{{thing2.DATA}}\n快递单号:{{character_string3.DATA}}\n发货时间:{{time4.DATA}}",
  example: "商品名称:星巴克 拿铁咖啡豆 250g\n快递公司:顺丰速运\n快递单号:SF1402938475612\n发货时间:2026-11-24 10:00",
  kind: OFFICIAL_KIND,
  keywords: [
    { key: "thing1", label: "商品名称", kind: "thing", enumValues: [], example: "星巴克 拿铁咖啡豆 250g" },
    { key: "thing2", label: "快递公司", kind: "thing", enumValues: [], example: "顺丰速运" },
    { key: "character_string3", label: "快递单号", kind: "character_string", enumValues: [], example: "SF1402938475612" },
    { key: "time4", label: "发货时间", kind: "time", enumValues: [], example: "2026-11-24 10:00" },
  ],
  syncedAt: SYNCED_AT,
};

/**
 * 支付成功通知: a legacy template. Its content still has `first` and `remark`; the core's
 * keywords do not (`official_keywords`), and the others carry the display limit.
 */
export const OA_LEGACY_PAYMENT: SyncedTemplate = {
  templateId: "IuhpM3I-__tLVAsf3nxDxWCtbvUshtrvWkelJfMsSo7",
  title: "支付成功通知",
  content: "{{first.DATA}}\n订单号：{{keyword1.DATA}}\n金额：{{keyword2.DATA}}\n{{remark.DATA}}",
  example: "您的订单已支付成功\n订单号：20261124100023\n金额：128.00元\n感谢您的惠顾",
  kind: OFFICIAL_KIND,
  keywords: [
    { key: "keyword1", label: "订单号", kind: "unknown", enumValues: [], example: "20261124100023", displayLimit: OFFICIAL_DISPLAY_LIMIT },
    { key: "keyword2", label: "金额", kind: "unknown", enumValues: [], example: "128.00元", displayLimit: OFFICIAL_DISPLAY_LIMIT },
  ],
  syncedAt: SYNCED_AT,
};

/** The Official Account's templates, as a sync brings them. */
export const OFFICIAL_TEMPLATES: SyncedTemplate[] = [OA_ORDER_SHIPPED, OA_LEGACY_PAYMENT];

type Overrides = Partial<Omit<FakeBackend, "calls" | "callsTo">>;

/**
 * `installFakeBackend` overrides with the Official Account among the fake's accounts (and
 * selected), its templates cached and on WeChat, and `extra` on top.
 */
export function officialOverrides(extra: Overrides = {}): Overrides {
  const prefs: Preferences = { language: "zh-CN", theme: "light", showSandbox: true, selectedAccountId: OFFICIAL_ACCOUNT.id };
  return {
    prefs,
    templates: { [OFFICIAL_ACCOUNT.id]: OFFICIAL_TEMPLATES },
    remoteTemplates: { [OFFICIAL_ACCOUNT.id]: OFFICIAL_TEMPLATES },
    accounts: [SANDBOX_ACCOUNT, REAL_ACCOUNT, OFFICIAL_ACCOUNT],
    ...extra,
  };
}

/** `Field::name_zh` / `name_en`: `「商品名称」(thing1)`, or the key alone when the label is the key. */
function names(keyword: Keyword): { zh: string; en: string } {
  const { key, label } = keyword;
  return label === "" || label === key ? { zh: key, en: key } : { zh: `「${label}」(${key})`, en: `“${label}” (${key})` };
}

/** `Field::shown_in_full`: a value WeChat would fold without an error is refused. */
export function displayLimitViolation(keyword: Keyword, value: string): RuleViolation | null {
  const limit = keyword.displayLimit;
  const count = [...value].length;
  if (!limit || count <= limit) return null;
  const name = names(keyword);
  return {
    key: keyword.key,
    kind: "too_long",
    messageZh: `${name.zh} 超过 ${limit} 个字符，微信会直接截断显示（当前 ${count} 个）`,
    messageEn: `${name.en} is longer than ${limit} characters, and WeChat would cut it without an error (${count})`,
  };
}

/** A draft row's value over its keyword's display limit, as `AudienceBuilder` reports a rule violation. */
export function displayLimitProblems(rowNo: number, column: string, keyword: Keyword, value: string): RowProblem[] {
  const violation = displayLimitViolation(keyword, value);
  if (!violation) return [];
  return [{ rowNo, column, field: keyword.key, kind: "rule_violation", reasonZh: violation.messageZh, reasonEn: violation.messageEn }];
}

/** `check_jump`'s web address: http(s), parsed, with a host. */
function isWebAddress(url: string): boolean {
  if (!url.startsWith("https://") && !url.startsWith("http://")) return false;
  try {
    return new URL(url).hostname !== "";
  } catch {
    return false;
  }
}

/** `MessageSpec::check_jump`: where the card leads, for the account's kind. */
export function jumpRefusal(account: AccountSummary | undefined, message: MessageSpec): AppError | null {
  if (!account) return null;
  const url = message.url?.trim() ? message.url : null;
  const appid = message.miniprogramAppid?.trim() ? message.miniprogramAppid : null;
  const hasPage = (message.page ?? "").trim() !== "";
  const refuse = (name: string, en: string, zh: string) => appError("invalid_input", field(name, en, zh));
  if (account.kind === "mini_program") {
    if (url === null && appid === null) return null;
    return refuse(
      url !== null ? "url" : "miniprogramAppid",
      "a mini program's subscribe message opens a page of the mini program itself, not a web page or another mini program",
      "小程序的订阅消息只能打开本小程序的页面，不能打开网页或其他小程序",
    );
  }
  if (url !== null && !isWebAddress(url)) {
    return refuse("url", `"${url}" is not a web address (https://…)`, `「${url}」不是网址，请填写以 https:// 开头的完整地址`);
  }
  if (appid !== null && !account.miniPrograms.includes(appid)) {
    return refuse(
      "miniprogramAppid",
      `${appid} is not among the mini programs bound to ${account.name}; add it in the account's settings once it is bound in the Official Account's admin console`,
      `${appid} 不在「${account.name}」关联的小程序中；请先在公众号后台关联该小程序，再在账号设置中添加`,
    );
  }
  if (appid !== null && !hasPage) return refuse("page", "enter the mini program page the card opens", "请填写卡片要打开的小程序页面");
  if (appid === null && hasPage) {
    return refuse("miniprogramAppid", "choose the mini program whose page the card opens", "请选择卡片要打开哪个小程序的页面");
  }
  return null;
}

/**
 * The commands the core refuses for their jump (`plan_direct_send`, and every draft command
 * that validates the draft's rows): the refusal, or null to let the fake answer as usual.
 * Checked after what the core checks first (the template is known), so a missing template
 * still answers `not_found`. `update_draft` keeps the choices it refuses, as the core does.
 */
export function officialRefusal(backend: Pick<FakeBackend, "accounts" | "drafts" | "templates">, cmd: string, args: unknown): AppError | null {
  const accountOf = (id: number) => backend.accounts.find((account) => account.id === id);
  const known = (accountId: number, templateId: string | null) =>
    templateId !== null && (backend.templates[accountId] ?? []).some((template) => template.templateId === templateId);
  const ofDraft = (draft: FakeDraft | undefined) =>
    draft && known(draft.accountId, draft.settings.templateId) ? jumpRefusal(accountOf(draft.accountId), draft.settings.message) : null;
  switch (cmd) {
    case "send_now": {
      const { request } = args as { request: SendNowRequest };
      return known(request.accountId, request.templateId) ? jumpRefusal(accountOf(request.accountId), request.message) : null;
    }
    case "update_draft": {
      const { id, settings } = args as { id: number; settings: DraftSettings };
      const draft = backend.drafts[id];
      if (draft) draft.settings = structuredClone(settings);
      return ofDraft(draft);
    }
    case "preview_draft_row":
    case "test_send_draft":
    case "start_draft":
      return ofDraft(backend.drafts[(args as { id: number }).id]);
    default:
      return null;
  }
}
