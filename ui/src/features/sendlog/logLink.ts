import dayjs from "dayjs";
import type { AttemptStatus } from "../../ipc";
import type { CustomDays } from "./LogFilters";
import { ALL_TIME, ATTEMPT_STATUSES, EMPTY_FILTER, presetRange, type FilterState, type TimeRange } from "./model";

/**
 * What a link into the send log narrows it to. The log reads it from the URL's query
 * (`/log?campaign=7&account=2&status=sent,failed&errcode=43101&from=…&to=…`), so other pages
 * link to it with a plain route.
 */
export type LogLink = {
  /** The account the linked rows belong to (a campaign's, or the page's current account). */
  accountId: number;
  campaignId?: number;
  status?: readonly AttemptStatus[];
  errcode?: number;
  /** Attempts that left at or after this time (unix ms). */
  fromMs?: number;
  /** Attempts that left before this time (unix ms, exclusive). */
  toMs?: number;
};

/** The route of the send log filtered as `link` says. */
export function logLinkPath(link: LogLink): string {
  const params = new URLSearchParams();
  if (link.campaignId !== undefined) params.set("campaign", String(link.campaignId));
  params.set("account", String(link.accountId));
  if (link.status && link.status.length > 0) params.set("status", link.status.join(","));
  if (link.errcode !== undefined) params.set("errcode", String(link.errcode));
  if (link.fromMs !== undefined) params.set("from", String(link.fromMs));
  if (link.toMs !== undefined) params.set("to", String(link.toMs));
  return `/log?${params.toString()}`;
}

/** What the log opens with from a link: the filter, and the days a custom range shows in its picker. */
export type LinkedView = { filter: FilterState; customDays: CustomDays };

const integer = (raw: string | null): number | null => {
  if (raw === null || !/^-?\d{1,15}$/.test(raw.trim())) return null;
  return Number(raw.trim());
};

function statusesOf(raw: string | null): AttemptStatus[] {
  if (!raw) return [];
  const asked = raw.split(",").map((s) => s.trim());
  return ATTEMPT_STATUSES.filter((status) => asked.includes(status));
}

/** A range as one of the log's presets when it is exactly one (as of `now`), else a custom one. */
function rangeOf(fromMs: number | null, toMs: number | null, now: Date): TimeRange {
  if (fromMs === null && toMs === null) return ALL_TIME;
  for (const preset of ["today", "7d", "30d"] as const) {
    const range = presetRange(preset, now);
    if (range.fromMs === fromMs && range.toMs === toMs) return range;
  }
  return { preset: "custom", fromMs, toMs };
}

/** The first and last day of a custom range (its end is exclusive: the last day is the one before it). */
function customDaysOf(range: TimeRange): CustomDays {
  if (range.preset !== "custom") return null;
  return [range.fromMs === null ? null : dayjs(range.fromMs), range.toMs === null ? null : dayjs(range.toMs - 1)];
}

/**
 * The view a link opens the log with; `null` when the URL carries no filter. A campaign's link
 * (`?campaign=ID&account=ID`) keeps the scope on the current account when the campaign is its
 * own, and looks at every account otherwise (the campaign narrows the rows anyway). Any other
 * link is about the current account's rows (the page it came from showed them).
 */
export function viewFromLink(params: URLSearchParams, selectedAccountId: number | null, now: Date = new Date()): LinkedView | null {
  const campaign = integer(params.get("campaign"));
  const campaignId = campaign !== null && campaign > 0 ? campaign : null;
  const status = statusesOf(params.get("status"));
  const errcode = integer(params.get("errcode"));
  const fromMs = integer(params.get("from"));
  const toMs = integer(params.get("to"));
  if (campaignId === null && status.length === 0 && errcode === null && fromMs === null && toMs === null) return null;
  const accountId = integer(params.get("account"));
  const sameAccount = selectedAccountId !== null && accountId === selectedAccountId;
  const range = rangeOf(fromMs, toMs, now);
  return {
    filter: { ...EMPTY_FILTER, scope: campaignId === null || sameAccount ? "account" : "all", campaignId, status, errcode, range },
    customDays: customDaysOf(range),
  };
}
