import type { AppError, RobotKind } from "../bindings";
import { appError, field } from "./coreErrors";

/**
 * The core's refusals of a schedule and of the notice settings, English and Chinese, as the fake
 * backends give them. Each mirrors the Rust message named beside it (`desk/schedule.rs`,
 * `schedule/error.rs`, `desk/notices.rs`, `notify/error.rs`); change them together.
 */

const invalid = (name: string, en: string, zh: string): AppError => appError("invalid_input", field(name, en, zh));

/** `check_future`: more than a minute in the past. */
export const atPassed = invalid("at", "this time has already passed; choose a later one", "这个时间已经过去了，请选择以后的时间");

/** `ScheduleRequest::grace`. */
export function graceTooLong(max: number): AppError {
  return invalid("grace", `a run may start at most ${max} minutes late`, `最多允许晚 ${max} 分钟自动开始`);
}

/** `ScheduleError::BadWindow`, for `SendWindow::new`. */
export function badWindow(text: string): AppError {
  return invalid(
    "window",
    `send window "${text}" is not understood; write it like 08:00-21:00 (start and end must differ)`,
    `发送时段 “${text}” 无法识别，请写成 08:00-21:00（开始和结束不能相同）`,
  );
}

/** `ScheduleError::BadRepeat`. */
export function badRepeat(text: string): AppError {
  return invalid(
    "repeat",
    `repeat "${text}" is not understood; use daily, weekly:MON,THU or cron 0 10 * * 1`,
    `重复方式 “${text}” 无法识别，请写 daily、weekly:MON,THU 或 cron 0 10 * * 1`,
  );
}

/** `ScheduleError::RepeatNeedsTime`. */
export function repeatNeedsTime(text: string): AppError {
  return invalid(
    "repeat",
    `repeat "${text}" needs a time of day: give the time of the first run, like 2026-12-12 10:00`,
    `重复方式 “${text}” 需要具体时刻：请给出首次发送时间，例如 2026-12-12 10:00`,
  );
}

/** `ScheduleError::BadCron`. */
export function badCron(expr: string, why: string, whyZh: string): AppError {
  return invalid("repeat", `cron "${expr}": ${why}`, `cron 表达式 “${expr}” 有误：${whyZh}`);
}

/** `ScheduleError::NeverRuns`. */
export function neverRuns(rule: string): AppError {
  return invalid("repeat", `"${rule}" never runs: no date matches it`, `“${rule}” 永远不会执行：没有任何日期符合`);
}

/** `schedule_draft`: a pasted list has no file to read again. */
export const pastedCannotReread = invalid(
  "audience",
  "a pasted list cannot be read again before each run: send the same people each time, or import a file",
  "粘贴的名单无法在每次发送前重新读取：请选择每次发给同样的人，或导入文件",
);

/** `save_notice_settings`: a robot without an address. */
export const webhookMissing = invalid("webhook", "paste the robot's webhook address", "请粘贴群机器人的 Webhook 地址");

/** `test_robot`: nothing to post to. */
export const robotNotSaved = invalid(
  "webhook",
  "choose a group robot and save its webhook address first",
  "请先选择群机器人并保存它的 Webhook 地址",
);

const ROBOT_NAME: Record<RobotKind, { en: string; zh: string }> = {
  wecom: { en: "WeCom", zh: "企业微信" },
  feishu: { en: "Feishu", zh: "飞书" },
  dingtalk: { en: "DingTalk", zh: "钉钉" },
};

/** What is wrong with a webhook address (`UrlProblem`). */
export type UrlProblem = "not_a_url" | "scheme" | "needs_https" | { wrongRobot: RobotKind } | "missing_key";

const MISSING_KEY_ZH: Record<RobotKind, string> = {
  wecom: "地址中缺少 key，请从群机器人设置中完整复制 webhook 地址",
  feishu: "地址中缺少机器人的 token，请从自定义机器人设置中完整复制 webhook 地址",
  dingtalk: "地址中缺少 access_token，请从自定义机器人设置中完整复制 webhook 地址",
};

/** `RobotError::BadUrl`, given as `webhook: …`. */
export function badWebhook(kind: RobotKind, problem: UrlProblem): AppError {
  let en: string;
  let zh: string;
  if (typeof problem === "object") {
    const found = ROBOT_NAME[problem.wrongRobot];
    en = `it is a ${found.en} robot address`;
    zh = `这是${found.zh}机器人的地址，请选择「${found.zh}」或换成${ROBOT_NAME[kind].zh}机器人的地址`;
  } else {
    [en, zh] = {
      not_a_url: ["it is not a web address", "这不是一个网址，请从机器人设置中完整复制"],
      scheme: ["it must start with https://", "地址必须以 https:// 开头"],
      needs_https: ["it must start with https:// (http:// is allowed only for this computer)", "地址必须以 https:// 开头（只有本机地址可以用 http://）"],
      missing_key: ["the robot's key or token is missing from it", MISSING_KEY_ZH[kind]],
    }[problem] as [string, string];
  }
  return invalid(
    "webhook",
    `the ${ROBOT_NAME[kind].en} webhook address is not usable: ${en}`,
    `${ROBOT_NAME[kind].zh}机器人的 webhook 地址不能用：${zh}`,
  );
}
