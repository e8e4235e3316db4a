import type { AttemptStatus, Campaign, Dashboard, ErrcodeTotal, LogTotals, SendQuota } from "../../ipc";
import type { OutcomeKey } from "../campaigns/model";
import { localMidnight } from "../sendlog/model";

/** The outcomes the send cards show, each an attempt status and the campaign outcome it is (colour, label). */
export const SHOWN_OUTCOMES = [
  { status: "sent", outcome: "sent" },
  { status: "not_subscribed", outcome: "notSubscribed" },
  { status: "failed", outcome: "failed" },
  { status: "unknown", outcome: "unknown" },
] as const satisfies readonly { status: AttemptStatus; outcome: OutcomeKey }[];

/** Attempts not settled yet: in flight, or going to be tried again. Counted apart. */
export const UNSETTLED_STATUSES: readonly AttemptStatus[] = ["sending", "retry"];

export type Period = "today" | "week";

/** How many attempts of `totals` have one of `statuses`. */
export function countOf(totals: LogTotals, statuses: AttemptStatus | readonly AttemptStatus[]): number {
  const wanted: readonly AttemptStatus[] = typeof statuses === "string" ? [statuses] : statuses;
  return totals.byStatus.reduce((sum, { status, count }) => (wanted.includes(status) ? sum + count : sum), 0);
}

/**
 * The time range of a period as the log filters it: from where the backend says the period
 * starts to tomorrow's local midnight, so "today" opens the log on its own "Today" preset.
 */
export function periodRange(dashboard: Pick<Dashboard, "todayFromMs" | "weekFromMs">, period: Period): { fromMs: number; toMs: number } {
  const toMs = localMidnight(new Date(dashboard.todayFromMs), 1);
  return { fromMs: period === "today" ? dashboard.todayFromMs : dashboard.weekFromMs, toMs };
}

/** The most frequent WeChat answers among attempts that did not go through (not the "no answer yet" group). */
export function topErrcodes(totals: LogTotals, limit = 5): (ErrcodeTotal & { errcode: number })[] {
  return totals.byErrcode
    .filter((group): group is ErrcodeTotal & { errcode: number } => group.errcode !== null && group.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, limit);
}

/** Whether a campaign of the dashboard is sending now (the page then keeps itself fresh). */
export function hasRunning(dashboard: Pick<Dashboard, "active">): boolean {
  return dashboard.active.some((campaign) => campaign.status === "running");
}

/** Percent of the daily quota used, 0…100. */
export function quotaPercent(quota: Pick<SendQuota, "dailyLimit" | "used" | "remain">): number {
  if (quota.dailyLimit <= 0) return quota.remain <= 0 ? 100 : 0;
  return Math.min(100, Math.max(0, (quota.used / quota.dailyLimit) * 100));
}

/** A campaign's place in the dashboard after a progress event; `undefined` if it is not there. */
export function patchActive(active: readonly Campaign[], update: Pick<Campaign, "id" | "status" | "counts">): Campaign[] | undefined {
  if (!active.some((campaign) => campaign.id === update.id)) return undefined;
  return active.map((campaign) => (campaign.id === update.id ? { ...campaign, status: update.status, counts: update.counts } : campaign));
}
