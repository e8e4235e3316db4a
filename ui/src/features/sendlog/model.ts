import type { AttemptStatus, DeliveryFilter, Explanation, LogEntry, LogFilter, MessageChannel, MessageSpec } from "../../ipc";

/** Rows per keyset page. */
export const PAGE_SIZE = 100;

/** Every attempt status, in the order the status filter lists them. */
export const ATTEMPT_STATUSES: readonly AttemptStatus[] = ["sent", "not_subscribed", "failed", "unknown", "retry", "sending"];

/** antd Tag colour per attempt status. */
export const ATTEMPT_STATUS_COLOR: Record<AttemptStatus, string> = {
  sending: "processing",
  sent: "success",
  not_subscribed: "default",
  failed: "error",
  unknown: "warning",
  retry: "gold",
};

/**
 * The i18n key of a status where the log shows `channels`: "not subscribed" is what a subscribe
 * message's 43101 means; for a template message it is a person not following the account or
 * blocking it (43004 / 43019), and a log of both says both.
 */
export function statusLabelKey(
  status: AttemptStatus,
  channels: readonly MessageChannel[],
): `status.${AttemptStatus}` | "status.notFollowing" | "status.notSubscribedOrFollowing" {
  if (status !== "not_subscribed" || !channels.includes("template_message")) return `status.${status}`;
  return channels.includes("subscribe_message") ? "status.notSubscribedOrFollowing" : "status.notFollowing";
}

/** The message channels, in the order the channel filter lists them. */
export const MESSAGE_CHANNELS: readonly MessageChannel[] = ["subscribe_message", "template_message"];

/** The delivery filter's choices, in the order it lists them. */
export const DELIVERY_FILTERS: readonly DeliveryFilter[] = ["delivered", "delivery_failed", "no_receipt"];

/**
 * What the delivery column says of an attempt: its receipt's verdict, "no receipt" for a sent
 * attempt none has reached yet, nothing for one that was not sent (no receipt can come).
 */
export function deliveryOf(entry: Pick<LogEntry, "status" | "delivery">): DeliveryFilter | null {
  if (entry.delivery !== null) return entry.delivery;
  return entry.status === "sent" ? "no_receipt" : null;
}

/**
 * Whether WeChat intercepted the (template) message as purely promotional: it accepted it, and
 * nobody got it. The interception check marks such a send `delivery_failed`, status `intercepted`.
 */
export function isIntercepted(entry: Pick<LogEntry, "delivery" | "deliveryStatus">): boolean {
  return entry.delivery === "delivery_failed" && entry.deliveryStatus === INTERCEPTED_STATUS;
}

/** What `check_intercepted` writes in place of a receipt's status (`store/intercepted.rs`). */
export const INTERCEPTED_STATUS = "intercepted";

export type RangePreset = "all" | "today" | "7d" | "30d" | "custom";

/** A half-open time range `[fromMs, toMs)` on when the attempt left; `null` = unbounded. */
export type TimeRange = { preset: RangePreset; fromMs: number | null; toMs: number | null };

export const ALL_TIME: TimeRange = { preset: "all", fromMs: null, toMs: null };

/** Local midnight at the start of the day of `date`, moved by `days` days (DST-safe). */
export function localMidnight(date: Date, days = 0): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days).getTime();
}

/**
 * The range of a preset, in local time: today = [today 00:00, tomorrow 00:00); the last 7 days
 * = the 6 days before today and today, etc.
 */
export function presetRange(preset: Exclude<RangePreset, "custom">, now: Date = new Date()): TimeRange {
  if (preset === "all") return ALL_TIME;
  const days = preset === "today" ? 1 : preset === "7d" ? 7 : 30;
  return { preset, fromMs: localMidnight(now, 1 - days), toMs: localMidnight(now, 1) };
}

/** A custom range of whole local days, both ends included. */
export function dayRange(first: Date, last: Date): TimeRange {
  return { preset: "custom", fromMs: localMidnight(first), toMs: localMidnight(last, 1) };
}

export type Scope = "account" | "all";

/** What the filter bar holds; `toLogFilter` turns it into the backend's filter. */
export type FilterState = {
  scope: Scope;
  range: TimeRange;
  campaignId: number | null;
  templateId: string | null;
  status: AttemptStatus[];
  /** Applied errcode (already parsed). */
  errcode: number | null;
  /** Applied openid (trimmed; empty = any). */
  openid: string;
  openidPrefix: boolean;
  /** What the delivery receipt says (null = any). */
  delivery: DeliveryFilter | null;
  /** Subscribe or template messages (null = both). */
  channel: MessageChannel | null;
};

export const EMPTY_FILTER: FilterState = {
  scope: "account",
  range: ALL_TIME,
  campaignId: null,
  templateId: null,
  status: [],
  errcode: null,
  openid: "",
  openidPrefix: false,
  delivery: null,
  channel: null,
};

/** The backend filter for a filter state; every field present, `null` = any. */
export function toLogFilter(state: FilterState, selectedAccountId: number | null): LogFilter {
  const openid = state.openid.trim();
  return {
    accountId: state.scope === "account" ? selectedAccountId : null,
    campaignId: state.campaignId,
    templateId: state.templateId,
    status: state.status.length > 0 ? [...state.status] : null,
    errcode: state.errcode,
    openid: openid === "" ? null : openid,
    openidPrefix: openid !== "" && state.openidPrefix,
    fromMs: state.range.fromMs,
    toMs: state.range.toMs,
    delivery: state.delivery,
    channel: state.channel,
  };
}

/** Whether anything narrows the rows besides the account scope. */
export function isNarrowed(state: FilterState): boolean {
  return (
    state.range.preset !== "all" ||
    state.campaignId !== null ||
    state.templateId !== null ||
    state.status.length > 0 ||
    state.errcode !== null ||
    state.openid.trim() !== "" ||
    state.delivery !== null ||
    state.channel !== null
  );
}

/** An errcode as typed: an integer (`-2` for transport failures), or `undefined` if not one. */
export function parseErrcode(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^-?\d{1,9}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** Milliseconds → whole seconds (rounded up, so a 200 ms send is "1 s"). */
export function msToSeconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}

export type ExplanationText = { title: string; action: string };

/** The explanation in the UI language. */
export function explain(explanation: Explanation | null | undefined, language: string): ExplanationText | null {
  if (!explanation) return null;
  return language === "en"
    ? { title: explanation.title_en, action: explanation.action_en }
    : { title: explanation.title_zh, action: explanation.action_zh };
}

/** The Compose link of "send again": the same template, message (values, page, build, language) and openid. */
export function sendAgainPath(entry: Pick<LogEntry, "templateId" | "values" | "openid" | "page" | "miniprogramState" | "lang">): string {
  const values: Record<string, string> = {};
  for (const { key, value } of entry.values) values[key] = value;
  const message: Partial<MessageSpec> = { values, page: entry.page };
  if (entry.miniprogramState) message.miniprogramState = entry.miniprogramState;
  if (entry.lang) message.lang = entry.lang;
  const params = new URLSearchParams({ template: entry.templateId, values: JSON.stringify(message), openid: entry.openid });
  return `/compose?${params.toString()}`;
}

/** An export path with the extension of `format` (replacing a `.csv` / `.xlsx` one). */
export function withExtension(path: string, format: "csv" | "xlsx"): string {
  const trimmed = path.trim();
  if (trimmed === "") return trimmed;
  const base = trimmed.replace(/\.(csv|xlsx)$/i, "");
  return `${base}.${format}`;
}

/** The format a path's extension names, if any. */
export function formatOfPath(path: string): "csv" | "xlsx" | null {
  const match = /\.(csv|xlsx)$/i.exec(path.trim());
  return match ? (match[1]?.toLowerCase() as "csv" | "xlsx") : null;
}

/**
 * Splits `total` failed rows by reason in proportion to `groups` (failed attempts by errcode,
 * which can exceed the rows when rows were resent), so the parts add up to `total` exactly
 * (largest remainder). Reasons with no row are dropped; an unexplained rest becomes `null`.
 */
export function splitByReason<T extends { count: number }>(total: number, groups: readonly T[]): { group: T | null; count: number }[] {
  const sum = groups.reduce((acc, g) => acc + Math.max(0, g.count), 0);
  if (total <= 0) return [];
  if (sum === 0) return [{ group: null, count: total }];
  if (sum <= total) {
    const parts: { group: T | null; count: number }[] = groups.filter((g) => g.count > 0).map((group) => ({ group, count: group.count }));
    if (sum < total) parts.push({ group: null, count: total - sum });
    return parts;
  }
  const exact = groups.map((group) => ({ group, raw: (Math.max(0, group.count) / sum) * total }));
  const parts: { group: T | null; count: number; frac: number }[] = exact.map((e) => ({ group: e.group, count: Math.floor(e.raw), frac: e.raw - Math.floor(e.raw) }));
  let left = total - parts.reduce((acc, p) => acc + p.count, 0);
  for (const part of [...parts].sort((a, b) => b.frac - a.frac)) {
    if (left <= 0) break;
    part.count += 1;
    left -= 1;
  }
  return parts.filter((p) => p.count > 0).map(({ group, count }) => ({ group, count }));
}
