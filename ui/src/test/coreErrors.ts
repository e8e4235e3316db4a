import type { AccountKind, AppError, ApprovalState, CampaignAction, CampaignStatus, FieldCheck, RecipientState } from "../bindings";
import { placeholdersIn } from "../features/compose/text";

/**
 * The core's error texts, English and Chinese, for the errors the fake backends give: a test
 * sees what the app would show. Each one mirrors the Rust message named beside it; change them
 * together.
 */

export type Texts = { en: string; zh: string };

export function appError(code: AppError["code"], { en, zh }: Texts): AppError {
  return { code, message: en, messageZh: zh };
}

/** `Bilingual::field`: both texts start with the field, which the forms read. */
export function field(name: string, en: string, zh: string): Texts {
  return { en: `${name}: ${en}`, zh: `${name}: ${zh}` };
}

/** What a lookup missed (`error/missing.rs`). */
export type Missing = "account" | "syncedTemplate" | "campaign" | "draft" | "draftRow" | "sendLogEntry" | "series";

const MISSING: Record<Missing, { en: string; zh: (name: string) => string }> = {
  account: { en: "account", zh: (name) => `找不到账号「${name}」` },
  syncedTemplate: { en: "template (sync the account's templates first)", zh: (name) => `本机没有模板 ${name}，请先同步该账号的模板` },
  campaign: { en: "campaign", zh: (name) => `找不到任务 ${name}` },
  draft: { en: "draft", zh: (name) => `找不到正在准备的任务 ${name}` },
  draftRow: { en: "row of the list", zh: (name) => `名单中没有第 ${name} 行` },
  sendLogEntry: { en: "send log entry", zh: (name) => `发送日志中找不到记录 ${name}` },
  series: { en: "recurring campaign", zh: (name) => `找不到周期任务 ${name}` },
};

/** `CoreError::NotFound`. */
export function notFound(what: Missing, name: string | number): AppError {
  const missing = MISSING[what];
  return appError("not_found", { en: `${missing.en} not found: ${name}`, zh: missing.zh(String(name)) });
}

/** `compose::check_openid`. */
export function invalidOpenid(openid: string): AppError {
  return appError("invalid_openid", {
    en: `"${openid}" is not an openid (28 letters, digits, - or _, e.g. oPtYgjmUhBel31iEl2hpChYgCfrL)`,
    zh: `「${openid}」不是 openid（openid 由 28 位字母、数字、- 或 _ 组成，例如 oPtYgjmUhBel31iEl2hpChYgCfrL）`,
  });
}

/** `desk/accounts.rs`: the name of another account. */
export function accountNameTaken(name: string): AppError {
  return appError("conflict", field("name", `an account named "${name}" already exists`, `已有名为「${name}」的账号`));
}

/** `desk/accounts.rs` (`check_appid_free`): the AppID of another account. */
export function accountAppidTaken(appid: string): AppError {
  return appError("conflict", field("appid", `an account for ${appid} already exists`, `AppID ${appid} 已经添加过账号了`));
}

/** `NewAccount::validate` (`account/model.rs`): a name that is empty or too long. */
export function accountNameInvalid(): AppError {
  return appError("invalid_input", field("name", "enter a name of 1 to 40 characters", "名称需要 1 到 40 个字"));
}

/** `AccountKind::appid_place`: where the people who run the account find its AppID. */
const APPID_PLACE: Record<AccountKind, Texts> = {
  mini_program: { en: "mini program admin console → 开发管理 → 开发设置", zh: "小程序管理后台 → 开发管理 → 开发设置" },
  official_account: { en: "Official Account admin console → 设置与开发 → 基本配置", zh: "公众号管理后台 → 设置与开发 → 基本配置" },
};

/** `NewAccount::validate`: the account's own AppID is not one. */
export function accountAppidInvalid(appid: string, kind: AccountKind): AppError {
  const place = APPID_PLACE[kind];
  return appError(
    "invalid_input",
    field(
      "appid",
      `"${appid}" is not an AppID; it is 18 letters and digits starting with "wx" (${place.en})`,
      `「${appid}」不是 AppID。AppID 是以 wx 开头的 18 位字母和数字，在${place.zh} 中可以找到`,
    ),
  );
}

/** `NewAccount::check_mini_programs`: a mini program named bound mini programs. */
export function miniProgramsNotOfficial(): AppError {
  return appError(
    "invalid_input",
    field("miniPrograms", "only an Official Account has bound mini programs", "只有服务号可以填写关联的小程序"),
  );
}

/** `NewAccount::check_mini_programs`: a bound AppID that is not one, or is the account's own. */
export function miniProgramNotAnother(appid: string): AppError {
  return appError(
    "invalid_input",
    field(
      "miniPrograms",
      `"${appid}" is not the AppID of another mini program (18 letters and digits starting with "wx")`,
      `「${appid}」不是另一个小程序的 AppID（以 wx 开头的 18 位字母和数字）`,
    ),
  );
}

/** `NewAccount::check_mini_programs`: more than `MAX_BOUND_MINI_PROGRAMS`. */
export function tooManyMiniPrograms(max: number): AppError {
  return appError("invalid_input", field("miniPrograms", `name at most ${max} mini programs`, `最多填写 ${max} 个小程序`));
}

/** `account/model.rs` (`check_url`): not a full http(s) or socks5 URL. */
export function notAUrl(fieldName: "apiBase" | "proxy" | "tokenUrl", value: string): AppError {
  return appError(
    "invalid_input",
    field(fieldName, `"${value}" is not an http(s) URL`, `「${value}」不是有效的网址，请填写以 http:// 或 https:// 开头的完整地址`),
  );
}

/** `NewAccount::validate`: the external token mode without its service's URL. */
export function tokenUrlMissing(): AppError {
  return appError(
    "invalid_input",
    field("tokenUrl", "the external token mode needs the token service's URL", "连接方式为「公司的凭证服务」时，请填写凭证服务地址"),
  );
}

/** `CoreError::FileExists`. */
export function fileExists(path: string): AppError {
  return appError("file_exists", {
    en: `${path} already exists; choose another name, or confirm that it may be replaced`,
    zh: `${path} 已存在：请换一个文件名，或确认替换它`,
  });
}

/** `CoreError::Internal`. */
export function internal(detail: string): AppError {
  return appError("internal", {
    en: `internal error: ${detail}`,
    zh: `推送台内部出错（${detail}）。如果反复出现，请把这段信息发给技术同事`,
  });
}

/** `store/runs.rs`: another process on this computer sends the campaign. */
export function busy(id: number, pid: number): AppError {
  return appError("busy", {
    en: `campaign ${id} is being sent by another Pushdesk window or command (process ${pid})`,
    zh: `任务 ${id} 正在由另一个推送台窗口或命令（进程 ${pid}）发送`,
  });
}

const VERB: Record<CampaignAction, Texts> = {
  start: { en: "started", zh: "开始发送" },
  pause: { en: "paused", zh: "暂停" },
  resume: { en: "resumed", zh: "继续发送" },
  cancel: { en: "cancelled", zh: "取消" },
  resend_unknown: { en: "resent", zh: "重发" },
  resend_failed: { en: "resent", zh: "重发" },
  reschedule: { en: "scheduled", zh: "定时发送" },
  unschedule: { en: "taken off the schedule", zh: "取消定时" },
  skip: { en: "skipped", zh: "跳过" },
  approve: { en: "approved", zh: "批准" },
};

const STATUS_ZH: Record<CampaignStatus, string> = {
  ready: "还没有开始",
  scheduled: "正在等待定时发送",
  waiting_window: "正在等待发送时段",
  missed: "错过了定时",
  running: "正在发送",
  paused: "已暂停",
  stopped: "已停止",
  cancelled: "已取消",
  finished: "已完成",
};

/** `Refusal::NotAllowed` (`model/lifecycle.rs`). */
export function notAllowed(id: number, status: CampaignStatus, action: CampaignAction): AppError {
  return appError("action_not_allowed", {
    en: `campaign ${id} is ${status}: it cannot be ${VERB[action].en} now`,
    zh: `任务 ${id} ${STATUS_ZH[status]}，现在不能${VERB[action].zh}`,
  });
}

/** `Store::set_archived` (`store/campaigns.rs`): only a campaign in `ARCHIVABLE_STATUSES` may be archived. */
export function notArchivable(id: number, status: CampaignStatus): AppError {
  return appError("conflict", {
    en: `campaign ${id} is ${status}: only a finished or cancelled campaign can be archived`,
    zh: `任务 ${id} 还没有结束：只有已完成或已取消的任务可以归档`,
  });
}

const MISSING_ROWS: Partial<Record<RecipientState, Texts>> = {
  pending: { en: "no rows left to send", zh: "已经没有待发送的收件人" },
  unknown: { en: "no rows whose outcome is unknown", zh: "没有结果未知的收件人" },
  failed: { en: "no failed rows", zh: "没有发送失败的收件人" },
};

/** `Refusal::NothingToDo`: the rows an action needs (`CAMPAIGN_RULES`' `needs`). */
export function nothingToDo(id: number, needs: RecipientState): AppError {
  const missing = MISSING_ROWS[needs] ?? { en: "no such rows", zh: "没有这样的收件人" };
  return appError("nothing_to_do", { en: `campaign ${id} has ${missing.en}`, zh: `任务 ${id} ${missing.zh}` });
}

/** `Refusal::AwaitingApproval`: a start while the campaign waits for another sender's approval. */
export function awaitingApproval(id: number): AppError {
  return appError("action_not_allowed", {
    en: `campaign ${id} is above the team's approval threshold: another sender must approve it before it starts`,
    zh: `任务 ${id} 的收件人超过团队的审批人数：需要另一位发送人批准后才能开始发送`,
  });
}

/** `Refusal::NoApprovalWaiting`: an approval of a campaign that waits for none. */
export function noApprovalWaiting(id: number, approval: ApprovalState): AppError {
  return appError(
    "nothing_to_do",
    approval === "approved"
      ? { en: `campaign ${id} is already approved`, zh: `任务 ${id} 已经批准过了` }
      : { en: `campaign ${id} needs no approval`, zh: `任务 ${id} 不需要批准` },
  );
}

/** `Refusal::OwnCampaign`: nobody approves their own campaign. */
export function ownCampaign(id: number): AppError {
  return appError("not_permitted", {
    en: `campaign ${id} was created by you: another sender of the team must approve it`,
    zh: `任务 ${id} 是你创建的：需要团队中另一位发送人批准`,
  });
}

/**
 * `From<postgres::Error>` (`error.rs`): PostgreSQL refused the person's role (SQLSTATE 42501);
 * `detail` is what the server said, with its code (`postgres_detail`).
 */
export function roleRefused(detail: string): AppError {
  return appError("not_permitted", {
    en: `your role in the team does not allow this; an admin can give you another one (pushdesk team add) — the database said: ${detail}`,
    zh: `你在团队中的角色不能做这件事，可以请管理员调整角色（pushdesk team add）。数据库的说明：${detail}`,
  });
}

/** `desk/drafts.rs` `check_settings`. */
export function rateOutOfRange(rate: number, [min, max]: readonly [number, number]): AppError {
  return appError(
    "invalid_input",
    field("rate", `${rate} is not between ${min} and ${max} messages per second`, `发送速率 ${rate} 不在每秒 ${min} 到 ${max} 条之间`),
  );
}

/** `desk/drafts.rs` `check_settings`. */
export function concurrencyOutOfRange(concurrency: number, [min, max]: readonly [number, number]): AppError {
  return appError(
    "invalid_input",
    field("concurrency", `${concurrency} is not between ${min} and ${max}`, `同时发出的请求数 ${concurrency} 不在 ${min} 到 ${max} 之间`),
  );
}

/** `desk/drafts.rs` `check_settings`. */
export const campaignNameMissing: AppError = appError("invalid_input", field("name", "give the campaign a name", "请给任务起个名字"));

/** `desk/drafts.rs` `prepare`. */
export const templateNotChosen: AppError = appError("invalid_input", field("template", "choose a template", "请选择模板"));

/** `desk/drafts.rs` `test_send_draft`. */
export const nothingToTest: AppError = appError(
  "invalid_input",
  field("recipients", "no row can be sent, so nothing can be tested", "名单中没有可以发送的行，所以无法测试"),
);

/** `desk/drafts.rs` `campaign_from_draft`. */
export function noRowSendable(totalRows: number): AppError {
  return appError(
    "invalid_input",
    field(
      "recipients",
      `none of the ${totalRows} rows can be sent; see the problems by row`,
      `${totalRows} 行都不能发送，请查看每一行的问题`,
    ),
  );
}

/** `compose.rs` `plan_direct_send`: the test list is empty. */
export const testListEmpty: AppError = appError(
  "invalid_input",
  field("target", "the test list is empty; add test openids in Settings first", "测试名单还是空的：请先在「设置」里添加测试用的 openid"),
);

/** `compose.rs` `plan_direct_send`: the values that break their keyword's rule or lack a placeholder. */
export function badValues(fields: FieldCheck[]): AppError {
  const problems = fields.flatMap((f): Texts[] => {
    if (f.problem) return [{ en: f.problem.messageEn, zh: f.problem.messageZh }];
    if (f.missing.length === 0) return [];
    return [
      {
        en: `${f.label} (${f.key}): no value for ${f.missing.join(", ")}`,
        zh: `「${f.label}」(${f.key})：占位符 ${f.missing.join("、")} 还没有值`,
      },
    ];
  });
  return appError("invalid_input", field("values", problems.map((p) => p.en).join("; "), problems.map((p) => p.zh).join("；")));
}

/** `From<PageProblem> for CoreError`. */
export function badPage(problem: Texts): AppError {
  return appError("invalid_input", field("page", problem.en, problem.zh));
}

/**
 * The page rules of a direct send (`template/page.rs`): placeholders only after `?`, each
 * filled with a value that is not empty and holds none of `& = ? #` nor blanks.
 */
export function pageProblem(page: string, placeholders: Record<string, string>): Texts | null {
  const [path = ""] = page.split("?");
  const inPath = placeholdersIn(path)[0];
  if (inPath !== undefined) {
    return {
      en: `{{${inPath}}} cannot be part of the page path: placeholders go in the query, after ?, e.g. pages/order/detail?id={{${inPath}}}`,
      zh: `页面路径里不能用 {{${inPath}}}：占位符只能用在 ? 之后的参数里，例如 pages/order/detail?id={{${inPath}}}`,
    };
  }
  for (const name of placeholdersIn(page)) {
    const given = placeholders[name];
    if (given === undefined) {
      return {
        en: `the page uses {{${name}}} but it has no value (no column is mapped to it)`,
        zh: `页面路径用到的 {{${name}}} 没有值（没有对应的列）`,
      };
    }
    const value = given.trim();
    if (value === "") return { en: `{{${name}}}, used in the page, is empty in this row`, zh: `页面路径用到的 {{${name}}} 在这一行是空的` };
    const syntax = [...value].find((c) => "&=?#".includes(c));
    if (syntax !== undefined) {
      return {
        en: `the value “${value}” of {{${name}}} contains ${syntax}, which would change the page's query`,
        zh: `{{${name}}} 的值“${value}”含有 ${syntax}，会改变页面参数的结构`,
      };
    }
    const blank = [...value].find((c) => /[\s\p{Cc}]/u.test(c));
    if (blank !== undefined) {
      const code = `U+${(blank.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
      return {
        en: `the value of {{${name}}} contains a space or control character (${code}), which a page cannot hold`,
        zh: `{{${name}}} 的值含有空白或控制字符（${code}），页面路径里不能有`,
      };
    }
  }
  return null;
}

/** `desk/drafts.rs` `check_settings`: how far back the repeat-send check may look (`MAX_RECENT_DAYS`). */
export function recentDaysTooFar(max: number): AppError {
  return appError(
    "invalid_input",
    field("recentDays", `the repeat-send check looks back at most ${max} days`, `重复发送检查最多往前看 ${max} 天`),
  );
}

/**
 * `desk/contact_rules.rs` `check_cap`: a frequency cap outside 1–`maxMessages` messages within
 * 1–`maxDays` days (`FrequencyCap::MAX_MESSAGES`, `FrequencyCap::MAX_DAYS`).
 */
export function frequencyCapOutOfRange(maxMessages: number, maxDays: number): AppError {
  return appError(
    "invalid_input",
    field(
      "frequencyCap",
      `a frequency cap is 1–${maxMessages} messages within 1–${maxDays} days`,
      `频次上限应为 1–${maxDays} 天内最多 1–${maxMessages} 条`,
    ),
  );
}

/** `desk/suppression.rs` `suppress`: the paste holds no openid at all. */
export const noOpenidPasted: AppError = appError("invalid_openid", {
  en: "no openid found: paste one openid per line (28 letters, digits, - or _)",
  zh: "没有找到 openid：请每行粘贴一个 openid（由 28 位字母、数字、- 或 _ 组成）",
});

/** `compose.rs` `plan_direct_send`: a single send to someone on the suppression list. */
export function suppressedOpenid(openid: string): AppError {
  return appError(
    "invalid_input",
    field(
      "openid",
      `${openid} is on this account's suppression list, so nothing is sent to them; take them off the list first if they asked to be contacted again`,
      `${openid} 在这个账号的免打扰名单中，不会给他发送。如果他同意再接收消息，请先把他从免打扰名单中移除`,
    ),
  );
}

/** `connections.rs` `save_push_keys`: the Token signing WeChat's pushes. */
export const pushTokenInvalid: AppError = appError(
  "invalid_input",
  field(
    "pushToken",
    "the Token is 3 to 32 letters or digits, as set in WeChat's message-push settings",
    "Token 是 3 到 32 位字母或数字，与微信后台“消息推送”中填写的一致",
  ),
);

/** `connections.rs` `save_push_keys`: the EncodingAESKey of compatible and safe mode. */
export const aesKeyInvalid: AppError = appError(
  "invalid_input",
  field("aesKey", "the EncodingAESKey is 43 letters or digits", "EncodingAESKey 是 43 位字母或数字"),
);

/** `desk/ledger.rs` `invalid`: a line of a grant-count CSV that cannot be imported. */
export function ledgerLine(line: number, en: string, zh: string): AppError {
  return appError("invalid_input", { en: `line ${line}: ${en}`, zh: `第 ${line} 行：${zh}` });
}

/** `CoreError::Io` opening a file that is not there (`io_zh` for `NotFound`). */
export function cannotOpen(path: string): AppError {
  return appError("io", { en: `opening ${path}: No such file or directory (os error 2)`, zh: `打开 ${path}：找不到这个文件或文件夹` });
}
