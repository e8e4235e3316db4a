import type { AppError, Campaign, CampaignStatus, Dashboard, LogEntry, SendQuota } from "../bindings";
import { ARCHIVABLE_STATUSES } from "../bindings";
import { notFound } from "./coreErrors";
import type { ApprovalFields } from "./fakeApproval";
import { withActions } from "./fakeCampaigns";
import { fakeLogTotals } from "./fakeSendLog";

/**
 * The home page's commands as the core answers them (`desk/dashboard.rs`), for the fake
 * backends: computed from the fake's own accounts, campaigns and send log, never made up.
 */

/** What the fake store holds for these commands (a part of `FakeBackend`); the person sees the campaigns' actions. */
export type DashboardState = {
  accounts: readonly { id: number }[];
  campaigns: readonly Campaign[];
  logEntries: readonly LogEntry[];
  /** WeChat's daily limit of the send API by account id; default `SANDBOX_DAILY_LIMIT`. */
  dailyQuota: Record<number, number>;
} & ApprovalFields;

/** `pushdesk_sandbox::WECHAT_DAILY_LIMIT`: what the sandbox answers when no limit is set. */
export const SANDBOX_DAILY_LIMIT = 10_000_000;

/** `RECENT_ENDED`: ended campaigns shown under the active ones. */
export const RECENT_ENDED = 5;

/** `day_and_week_start`: local midnight today and of this week's Monday (unix ms). */
export function dayAndWeekStart(now: Date = new Date()): { todayFromMs: number; weekFromMs: number } {
  const sinceMonday = (now.getDay() + 6) % 7;
  return {
    todayFromMs: new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime(),
    weekFromMs: new Date(now.getFullYear(), now.getMonth(), now.getDate() - sinceMonday).getTime(),
  };
}

/** `is_active`. */
/** What may still send, as the core decides it: anything that may not be archived. */
function isActive(status: CampaignStatus): boolean {
  return !(ARCHIVABLE_STATUSES as readonly CampaignStatus[]).includes(status);
}

/**
 * `Desk::dashboard`: the account's log totals since today's and this week's start, and its
 * campaigns (not single or test sends, not archived) newest first, split into active and the
 * last ended.
 */
export function fakeDashboard(
  state: DashboardState,
  accountId: number,
): Dashboard | AppError {
  if (!state.accounts.some((account) => account.id === accountId)) return notFound("account", accountId);
  const { todayFromMs, weekFromMs } = dayAndWeekStart();
  const campaigns = state.campaigns
    .filter((c) => c.accountId === accountId && c.kind === "campaign" && c.archivedAt === null)
    .sort((a, b) => b.id - a.id)
    .map((campaign) => withActions(campaign, state));
  return {
    todayFromMs,
    weekFromMs,
    today: fakeLogTotals(state.logEntries, { accountId, fromMs: todayFromMs }),
    week: fakeLogTotals(state.logEntries, { accountId, fromMs: weekFromMs }),
    active: campaigns.filter((c) => isActive(c.status)),
    recent: campaigns.filter((c) => !isActive(c.status)).slice(0, RECENT_ENDED),
  };
}

/**
 * `Desk::send_quota`, with WeChat played by the fake: every attempt of the account since local
 * midnight is a call WeChat counted (as the sandbox counts each call it admits).
 */
export function fakeSendQuota(state: DashboardState, accountId: number, now: number = Date.now()): SendQuota | AppError {
  if (!state.accounts.some((account) => account.id === accountId)) return notFound("account", accountId);
  const { todayFromMs } = dayAndWeekStart(new Date(now));
  const dailyLimit = state.dailyQuota[accountId] ?? SANDBOX_DAILY_LIMIT;
  const used = state.logEntries.filter((e) => e.accountId === accountId && e.startedAt >= todayFromMs).length;
  return { dailyLimit, used, remain: Math.max(0, dailyLimit - used), checkedAt: now };
}

/** Whether a fake answer is an error to reject with. */
export function isAppError(value: unknown): value is AppError {
  return typeof value === "object" && value !== null && "code" in value && "messageZh" in value;
}

/** What a test makes `send_quota` do instead (answer late, or never). */
export type SendQuotaOverride = (accountId: number, state: DashboardState) => SendQuota | Promise<SendQuota>;
