import type { Lang } from "../bindings";

/**
 * How the UI prints dates, times and counts: one rule, written once, following the UI language.
 *
 * - Chinese: year-month-day in numbers, 24-hour clock: `2026-12-05 10:00` (the way Chinese
 *   office software and WeChat's own templates write it).
 * - English: the English locale's own medium form, month by name, 24-hour clock:
 *   `Dec 5, 2026, 10:00` (never the ambiguous 12/05/2026).
 *
 * Always the computer's local time. Counts get the locale's thousands separators (`12,345`).
 * Only WeChat's service-notification card keeps its own style (`11月24日`, `Nov 24`), in the
 * card's language: that is what the recipient sees on the phone.
 */

/** An instant: Unix milliseconds, an RFC 3339 string, or a `Date`. */
export type Instant = number | string | Date;

const isEnglish = (language: string) => language.toLowerCase().startsWith("en");

function toDate(value: Instant): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const pad = (n: number) => String(n).padStart(2, "0");

// Intl formatters are costly to build and a log table prints hundreds of times: one per form.
const englishFormats = new Map<string, Intl.DateTimeFormat>();
function english(form: "date" | "minutes" | "seconds" | "monthDay"): Intl.DateTimeFormat {
  let format = englishFormats.get(form);
  if (!format) {
    const date: Intl.DateTimeFormatOptions = form === "monthDay" ? { month: "short", day: "numeric" } : { year: "numeric", month: "short", day: "numeric" };
    const time: Intl.DateTimeFormatOptions =
      form === "minutes" || form === "seconds"
        ? { hour: "2-digit", minute: "2-digit", ...(form === "seconds" ? { second: "2-digit" } : {}), hourCycle: "h23" }
        : {};
    format = new Intl.DateTimeFormat("en", { ...date, ...time });
    englishFormats.set(form, format);
  }
  return format;
}

const chineseDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Date and time: `2026-12-05 10:00` / `Dec 5, 2026, 10:00`; with `seconds`, `10:00:07`. */
export function formatDateTime(value: Instant, language: string, options: { seconds?: boolean } = {}): string {
  const d = toDate(value);
  if (!d) return String(value);
  if (isEnglish(language)) return english(options.seconds ? "seconds" : "minutes").format(d);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}${options.seconds ? `:${pad(d.getSeconds())}` : ""}`;
  return `${chineseDate(d)} ${time}`;
}

/** A day: `2026-12-05` / `Dec 5, 2026`. */
export function formatDate(value: Instant, language: string): string {
  const d = toDate(value);
  if (!d) return String(value);
  return isEnglish(language) ? english("date").format(d) : chineseDate(d);
}

/** The same day as a date picker shows and reads it (dayjs format). */
export function datePickerFormat(language: string): string {
  return isEnglish(language) ? "MMM D, YYYY" : "YYYY-MM-DD";
}

/** A count with the locale's thousands separators: `12,345`. Not for codes (errcode 40164). */
export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(isEnglish(language) ? "en" : "zh-CN").format(value);
}

/**
 * A share of a whole: at most one decimal, no trailing zero (`90%`, `2.5%`). A share that is
 * there but rounds away says so (`<0.1%`, `>99.9%`), so no non-zero count reads as 0% or 100%.
 */
export function formatPercent(part: number, whole: number, language: string): string {
  if (whole <= 0 || part <= 0) return "0%";
  const ratio = Math.min(1, part / whole);
  if (ratio < 0.001) return "<0.1%";
  if (ratio < 1 && ratio > 0.999) return ">99.9%";
  return new Intl.NumberFormat(isEnglish(language) ? "en" : "zh-CN", { style: "percent", maximumFractionDigits: 1 }).format(ratio);
}

/**
 * The date WeChat prints on a service-notification card, in the card's language (not the UI's):
 * `11月24日` for Chinese, `Nov 24` for English.
 */
export function formatCardDate(value: Instant, lang: Lang): string {
  const d = toDate(value);
  if (!d) return String(value);
  return lang === "en_US" ? english("monthDay").format(d) : `${d.getMonth() + 1}月${d.getDate()}日`;
}
