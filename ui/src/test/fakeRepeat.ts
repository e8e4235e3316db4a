import type { AppError, SendWindow } from "../bindings";
import { badCron, badRepeat, badWindow, neverRuns, repeatNeedsTime } from "./scheduleErrors";

/**
 * The core's repeat rules and send windows (`schedule/repeat.rs`, `cron.rs`, `window.rs`) for the
 * fake backend, on this machine's wall clock: what `start_draft` accepts, when a series runs
 * next, and how its rule reads. The core's readings of Chinese day names and written times are
 * left out: the UI sends `daily`, `weekly:MON,THU` and `cron …` only.
 */

/** Weekdays as the rule writes them, Monday first (index 0). */
const DAY_CODES = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];
const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const DAY_ZH = ["一", "二", "三", "四", "五", "六", "日"];

type Cron = {
  expr: string;
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  /** Sunday 0 … Saturday 6. */
  daysOfWeek: Set<number>;
  eitherDay: boolean;
};

export type Repeat =
  | { kind: "daily"; hour: number; minute: number }
  | { kind: "weekly"; days: number[]; hour: number; minute: number }
  | { kind: "cron"; cron: Cron };

const pad = (n: number) => String(n).padStart(2, "0");
const clock = (hour: number, minute: number) => `${pad(hour)}:${pad(minute)}`;
const range = (low: number, high: number, step = 1) => Array.from({ length: Math.floor((high - low) / step) + 1 }, (_, i) => low + i * step);

type Field = { en: string; zh: string; min: number; max: number; names: string[]; firstNamed: number };
const FIELDS: Field[] = [
  { en: "minute", zh: "分钟", min: 0, max: 59, names: [], firstNamed: 0 },
  { en: "hour", zh: "小时", min: 0, max: 23, names: [], firstNamed: 0 },
  { en: "day-of-month", zh: "日期", min: 1, max: 31, names: [], firstNamed: 0 },
  { en: "month", zh: "月份", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], firstNamed: 1 },
  { en: "day-of-week", zh: "星期", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], firstNamed: 0 },
];

/** Why a cron field cannot be read, in both languages (thrown while reading, caught per expression). */
class CronProblem extends Error {
  constructor(
    readonly en: string,
    readonly zh: string,
  ) {
    super(en);
  }
}

function readValue(text: string, field: Field): number {
  const named = field.names.findIndex((name) => name === text.toUpperCase());
  const value = named >= 0 ? named + field.firstNamed : /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(value)) {
    const [orName, orNameZh] = field.names.length === 0 ? ["", ""] : [" or name", "或名称"];
    throw new CronProblem(`${field.en} "${text}" is not a number${orName}`, `${field.zh} “${text}” 不是有效的数字${orNameZh}`);
  }
  if (value < field.min || value > field.max) {
    throw new CronProblem(`${field.en} ${value} is outside ${field.min}-${field.max}`, `${field.zh} ${value} 超出范围 ${field.min}-${field.max}`);
  }
  return value;
}

function readField(text: string, field: Field): Set<number> {
  const set = new Set<number>();
  for (const item of text.split(",")) {
    if (item === "") throw new CronProblem(`${field.en} field "${text}" has an empty item`, `${field.zh}字段 “${text}” 中有空项`);
    const [span = "", stepText] = item.split("/");
    const step = stepText === undefined ? undefined : Number(stepText);
    if (stepText !== undefined && !(Number.isInteger(step) && (step ?? 0) >= 1)) {
      throw new CronProblem(`${field.en} step "${stepText}" must be a whole number from 1 up`, `${field.zh}的步长 “${stepText}” 必须是大于 0 的整数`);
    }
    let [low, high] = [field.min, field.max];
    if (span !== "*") {
      const dash = span.indexOf("-");
      if (dash > 0) {
        low = readValue(span.slice(0, dash), field);
        high = readValue(span.slice(dash + 1), field);
        if (field.max === 7 && high === 0 && low > 0) high = 7;
        if (low > high) throw new CronProblem(`${field.en} range ${span} runs backwards`, `${field.zh}范围 ${span} 的开头大于结尾`);
      } else {
        low = readValue(span, field);
        high = step !== undefined ? field.max : low;
      }
    }
    for (const value of range(low, high, step ?? 1)) set.add(field.max === 7 && value === 7 ? 0 : value);
  }
  return set;
}

function parseCron(text: string): Cron | AppError {
  const fields = text.split(/\s+/).filter((f) => f !== "");
  const expr = fields.join(" ");
  if (fields.length !== 5) {
    return fields.length === 6
      ? badCron(expr, "6 fields: seconds are not supported; use 5 fields: minute hour day-of-month month day-of-week", "有 6 个字段：不支持秒，请只写 5 个字段：分 时 日 月 周")
      : badCron(expr, `needs 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`, `需要 5 个字段（分 时 日 月 周），这里有 ${fields.length} 个`);
  }
  const [minute = "", hour = "", dom = "", month = "", dow = ""] = fields;
  const [minuteField, hourField, domField, monthField, dowField] = FIELDS as [Field, Field, Field, Field, Field];
  try {
    return {
      expr,
      minutes: readField(minute, minuteField),
      hours: readField(hour, hourField),
      daysOfMonth: readField(dom, domField),
      months: readField(month, monthField),
      daysOfWeek: readField(dow, dowField),
      eitherDay: !dom.startsWith("*") && !dow.startsWith("*"),
    };
  } catch (problem) {
    if (problem instanceof CronProblem) return badCron(expr, problem.en, problem.zh);
    throw problem;
  }
}

const isError = (value: unknown): value is AppError => typeof value === "object" && value !== null && "messageZh" in value;

/** `Repeat::parse`: `daily`, `weekly:MON,THU`, `cron 0 10 * * 1`; daily and weekly at `timeOfDay` (or a time written last). */
export function parseRepeat(text: string, timeOfDay: [number, number] | null): Repeat | AppError {
  const clean = text.trim();
  const cron = /^cron(?:[\s:]+(.*))?$/i.exec(clean);
  if (cron) {
    const parsed = parseCron(cron[1] ?? "");
    if (isError(parsed)) return parsed;
    const rule: Repeat = { kind: "cron", cron: parsed };
    return neverMatches(parsed) ? neverRuns(parsed.expr) : rule;
  }
  const written = /^(.*\S)\s+(\d{1,2}):(\d{2})$/.exec(clean);
  const rule = written?.[1] ?? clean;
  const time: [number, number] | null = written ? [Number(written[2]), Number(written[3])] : timeOfDay;
  const daily = /^daily$/i.test(rule);
  const weekly = /^weekly(?:[\s:]+(.*))?$/i.exec(rule);
  if (!daily && !weekly) return badRepeat(text);
  let days: number[] = [];
  if (weekly) {
    const words = (weekly[1] ?? "").split(/[,，、\s;/]+/).filter((w) => w !== "");
    const found = words.map((w) => DAY_CODES.findIndex((code, i) => code === w.toUpperCase() || DAY_NAMES[i]?.toUpperCase() === w.toUpperCase()));
    if (found.length === 0 || found.includes(-1)) return badRepeat(text);
    days = DAY_CODES.map((_, i) => i).filter((i) => found.includes(i));
  }
  if (!time) return repeatNeedsTime(text);
  const [hour, minute] = time;
  return daily ? { kind: "daily", hour, minute } : { kind: "weekly", days, hour, minute };
}

/** Whether a cron rule matches no date at all ("0 0 30 2 *"), checked over 28 years as the core does. */
function neverMatches(cron: Cron): boolean {
  if (cron.minutes.size === 0 || cron.hours.size === 0) return true;
  for (let day = 0; day < 28 * 366; day += 1) if (matchesDay(cron, new Date(2001, 0, 1 + day))) return false;
  return true;
}

function matchesDay(cron: Cron, day: Date): boolean {
  if (!cron.months.has(day.getMonth() + 1)) return false;
  const byDate = cron.daysOfMonth.has(day.getDate());
  const byWeekday = cron.daysOfWeek.has(day.getDay());
  return cron.eitherDay ? byDate || byWeekday : byDate && byWeekday;
}

/** The rule as a cron search: daily and weekly are "at this time on these weekdays". */
function asCron(rule: Repeat): Cron {
  if (rule.kind === "cron") return rule.cron;
  // Monday-first indexes → Sunday-first.
  const weekdays = rule.kind === "daily" ? range(0, 6) : rule.days.map((d) => (d + 1) % 7);
  return {
    expr: "",
    minutes: new Set([rule.minute]),
    hours: new Set([rule.hour]),
    daysOfMonth: new Set(range(1, 31)),
    months: new Set(range(1, 12)),
    daysOfWeek: new Set(weekdays),
    eitherDay: false,
  };
}

/** `Repeat::next_after`: the first run strictly after `afterMs`, on this machine's wall clock. */
export function nextAfter(rule: Repeat, afterMs: number): number | null {
  const cron = asCron(rule);
  const hours = [...cron.hours].sort((a, b) => a - b);
  const minutes = [...cron.minutes].sort((a, b) => a - b);
  const start = new Date(afterMs);
  for (let ahead = 0; ahead < 29 * 366; ahead += 1) {
    const day = new Date(start.getFullYear(), start.getMonth(), start.getDate() + ahead);
    if (!matchesDay(cron, day)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), hour, minute).getTime();
        if (at > afterMs) return at;
      }
    }
  }
  return null;
}

/** `Repeat::to_text`: "daily 10:00", "weekly MON,THU 10:00", "cron 0 10 * * 1". */
export function repeatText(rule: Repeat): string {
  if (rule.kind === "cron") return `cron ${rule.cron.expr}`;
  const time = clock(rule.hour, rule.minute);
  return rule.kind === "daily" ? `daily ${time}` : `weekly ${rule.days.map((d) => DAY_CODES[d]).join(",")} ${time}`;
}

/** `Repeat::describe_zh` / `describe_en`. */
export function describeRepeat(rule: Repeat): { zh: string; en: string } {
  if (rule.kind === "cron") return { zh: `cron ${rule.cron.expr}`, en: `cron ${rule.cron.expr}` };
  const time = clock(rule.hour, rule.minute);
  if (rule.kind === "daily" || rule.days.length === 7) return { zh: `每天 ${time}`, en: `every day at ${time}` };
  const names = rule.days.map((d) => DAY_NAMES[d] ?? "");
  const which = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`;
  return { zh: `每${rule.days.map((d) => `周${DAY_ZH[d] ?? ""}`).join("、")} ${time}`, en: `every ${which} at ${time}` };
}

/** The local time of day of an instant, as `time_of_day` gives it. */
export function timeOfDay(ms: number): [number, number] {
  const date = new Date(ms);
  return [date.getHours(), date.getMinutes()];
}

/** `SendWindow::new`: both ends below a day and different. */
export function checkWindow(window: SendWindow): AppError | null {
  const ok = (m: number) => Number.isInteger(m) && m >= 0 && m < 1440;
  if (ok(window.start) && ok(window.end) && window.start !== window.end) return null;
  const text = (m: number) => clock(Math.floor(m / 60), m % 60);
  return badWindow(`${text(window.start)}–${text(window.end)}`);
}

/** `SendWindow::is_open`: local time in [start, end), over midnight when start > end. */
export function windowIsOpen(window: SendWindow, atMs: number): boolean {
  const [hour, minute] = timeOfDay(atMs);
  const m = hour * 60 + minute;
  return window.start < window.end ? m >= window.start && m < window.end : m >= window.start || m < window.end;
}

/** `SendWindow::next_open`: `atMs` while open, else when the window next opens. */
export function windowNextOpen(window: SendWindow, atMs: number): number {
  if (windowIsOpen(window, atMs)) return atMs;
  const date = new Date(atMs);
  const today = new Date(date.getFullYear(), date.getMonth(), date.getDate(), Math.floor(window.start / 60), window.start % 60).getTime();
  return today > atMs ? today : new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1, Math.floor(window.start / 60), window.start % 60).getTime();
}
