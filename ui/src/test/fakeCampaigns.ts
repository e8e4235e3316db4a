import { ARCHIVABLE_STATUSES, RATE_LIMITS, CONCURRENCY_LIMITS, type AppError, type Campaign, type CampaignAction, type CampaignStatus, type Counts, type StatusReason } from "../bindings";
import { allowedActions, decide } from "./campaignRules";
import { busy, campaignNameMissing, concurrencyOutOfRange, notArchivable, notFound, ownCampaign, rateOutOfRange, recentDaysTooFar, roleRefused } from "./coreErrors";
import { DESK_VIEWER, belowSender, restrictActions, type Viewer } from "./fakeApproval";
import { windowNextOpen } from "./fakeRepeat";
import { atPassed } from "./scheduleErrors";
import type { FakeDraft } from "./fakeDrafts";
import { FAKE_USER, MAX_RECENT_DAYS, audienceOptions } from "./fakeSuppression";

/** Counts with everything zero but `total` and `pending`. */
export function pendingCounts(total: number): Counts {
  return { total, pending: total, sending: 0, sent: 0, notSubscribed: 0, failed: 0, unknown: 0, skipped: 0, cancelled: 0, delivered: 0, deliveryFailed: 0 };
}

/**
 * A campaign as the core sends it to `viewer`: its `actions` are what the lifecycle table allows
 * now (its approval gates included), less what the person's role and authorship take away.
 */
export function withActions(campaign: Campaign, viewer: Viewer = DESK_VIEWER): Campaign {
  return { ...campaign, actions: restrictActions(allowedActions(campaign.status, campaign.counts, campaign.approval), campaign, viewer) };
}

/** A new time (or none) for a campaign that never sent clears its approval: it waits for another (`Effect::Unschedule`, `Store::reschedule`). */
function approvalCleared(campaign: Campaign): Pick<Campaign, "approval" | "approvedBy" | "approvedAt"> {
  return { approval: campaign.approval === "approved" ? "waiting" : campaign.approval, approvedBy: null, approvedAt: null };
}

const userReason = (message: string): StatusReason => ({ kind: "user", errcode: null, failure: null, message });

/** `window_reason`: why a campaign waits. */
export const WINDOW_REASON: StatusReason = {
  kind: "window",
  errcode: null,
  failure: null,
  message: "outside the send window: it goes on when the window opens",
};

/** A time that passed more than a minute ago is refused (`check_future`). */
export const PAST_SLACK_MS = 60_000;

/**
 * What an allowed action does. The fake has no engine: a run it starts stays `running` until
 * a test changes it (or, its send window closed now, waits for it), and a pause or cancel asked
 * of a running campaign ends its run at once.
 */
function apply(campaign: Campaign, action: CampaignAction, now: number, viewer: Viewer): Campaign {
  const counts = { ...campaign.counts };
  const run = (): Campaign => {
    const opens = campaign.window ? windowNextOpen(campaign.window, now) : now;
    if (opens > now) return { ...campaign, counts, status: "waiting_window", statusReason: WINDOW_REASON, resumeAt: opens, finishedAt: null };
    return { ...campaign, counts, status: "running", statusReason: null, resumeAt: null, startedAt: campaign.startedAt ?? now, finishedAt: null };
  };
  switch (action) {
    case "start":
    case "resume":
      return run();
    case "resend_unknown":
      [counts.pending, counts.unknown] = [counts.pending + counts.unknown, 0];
      return run();
    case "resend_failed":
      [counts.pending, counts.failed] = [counts.pending + counts.failed, 0];
      return run();
    case "pause":
      return { ...campaign, status: "paused", statusReason: userReason("paused by the user"), resumeAt: null };
    case "cancel":
      [counts.cancelled, counts.pending] = [counts.cancelled + counts.pending, 0];
      return { ...campaign, counts, status: "cancelled", statusReason: userReason("cancelled by the user"), resumeAt: null, finishedAt: now };
    case "skip":
      [counts.cancelled, counts.pending] = [counts.cancelled + counts.pending, 0];
      return { ...campaign, counts, status: "cancelled", statusReason: userReason("skipped by the user"), resumeAt: null, finishedAt: now };
    case "unschedule":
      return { ...campaign, ...approvalCleared(campaign), status: "ready", statusReason: null, scheduledAt: null };
    case "reschedule":
      // Its time comes with the action (`rescheduleOn`).
      return { ...campaign, ...approvalCleared(campaign), status: "scheduled", statusReason: null, finishedAt: null };
    case "approve":
      // `approved_by = session_user`: a desk's own file never gets here in the core.
      return { ...campaign, approval: "approved", approvedBy: viewer.login ?? FAKE_USER, approvedAt: now };
  }
}

/**
 * What PostgreSQL says when it refuses a role (`team.sql`): the approval trigger, or the one
 * that keeps campaigns to senders; `postgres_detail` adds the SQLSTATE.
 */
function roleDetail(campaign: Campaign, action: CampaignAction): string {
  return action === "approve"
    ? `campaign ${campaign.id} is approved only by another sender, as their own login (42501)`
    : "only a sender may send, pause, resume or cancel a campaign (campaigns) (42501)";
}

/**
 * An action on a campaign by `viewer`, answered as the core answers it: refused with `busy`
 * while another process (`busyPid`, on this computer) sends it, with `action_not_allowed` /
 * `nothing_to_do` where the table (and its approval gates) says so, then an approval of one's
 * own campaign with `not_permitted` (`Store::approve`), then a role below sender with
 * `not_permitted` (the database's triggers).
 */
export function actOn(
  campaign: Campaign,
  action: CampaignAction,
  busyPid: number | undefined,
  now = Date.now(),
  viewer: Viewer = DESK_VIEWER,
): { ok: true; campaign: Campaign } | { ok: false; error: AppError } {
  if (busyPid !== undefined) return { ok: false, error: busy(campaign.id, busyPid) };
  const decision = decide(campaign.id, campaign.status, campaign.counts, action, campaign.approval);
  if (!decision.ok) return decision;
  if (action === "approve" && viewer.login !== null && viewer.login === campaign.createdBy) {
    return { ok: false, error: ownCampaign(campaign.id) };
  }
  if (belowSender(viewer.teamRole)) return { ok: false, error: roleRefused(roleDetail(campaign, action)) };
  return { ok: true, campaign: withActions(apply(campaign, action, now, viewer), viewer) };
}

/** An answer of this file for the stored campaign `id`, written back to the campaigns when the core would take it. */
export function steer(
  state: { campaigns: Campaign[] },
  id: number,
  change: (campaign: Campaign) => ReturnType<typeof actOn>,
): Campaign | AppError {
  const campaign = state.campaigns.find((c) => c.id === id);
  if (!campaign) return notFound("campaign", id);
  const answer = change(campaign);
  if (!answer.ok) return answer.error;
  state.campaigns = state.campaigns.map((c) => (c.id === id ? answer.campaign : c));
  return answer.campaign;
}

/**
 * `reschedule_campaign`, answered as the core's `Desk::reschedule`: a time more than a minute
 * ago is refused first, then the lifecycle table decides (ready with rows to send, scheduled,
 * missed with rows to send); the campaign waits, `scheduled`, for `at`.
 */
export function rescheduleOn(
  campaign: Campaign,
  at: number,
  busyPid: number | undefined,
  now = Date.now(),
  viewer: Viewer = DESK_VIEWER,
): { ok: true; campaign: Campaign } | { ok: false; error: AppError } {
  if (at < now - PAST_SLACK_MS) return { ok: false, error: atPassed };
  const answer = actOn(campaign, "reschedule", busyPid, now, viewer);
  return answer.ok ? { ok: true, campaign: withActions({ ...answer.campaign, scheduledAt: at }, viewer) } : answer;
}

/**
 * `archive_campaign`, answered as the core's `Store::set_archived`: archiving asks for a status
 * in `ARCHIVABLE_STATUSES` (read from the generated constant, never copied) and keeps the first
 * archiving time; bringing one back is always allowed.
 */
export function archiveOn(
  campaign: Campaign,
  archived: boolean,
  now = Date.now(),
  viewer: Viewer = DESK_VIEWER,
): { ok: true; campaign: Campaign } | { ok: false; error: AppError } {
  if (archived && !(ARCHIVABLE_STATUSES as readonly CampaignStatus[]).includes(campaign.status)) {
    return { ok: false, error: notArchivable(campaign.id, campaign.status) };
  }
  return { ok: true, campaign: withActions({ ...campaign, archivedAt: archived ? (campaign.archivedAt ?? now) : null }, viewer) };
}

/** The core's `check_settings`, applied when a draft becomes a campaign. */
export function settingsProblem(draft: FakeDraft): AppError | null {
  const { rate, concurrency, name } = draft.settings;
  if (rate < RATE_LIMITS[0] || rate > RATE_LIMITS[1]) return rateOutOfRange(rate, RATE_LIMITS);
  if (concurrency < CONCURRENCY_LIMITS[0] || concurrency > CONCURRENCY_LIMITS[1]) {
    return concurrencyOutOfRange(concurrency, CONCURRENCY_LIMITS);
  }
  if (audienceOptions(draft.settings.options).recentDays > MAX_RECENT_DAYS) return recentDaysTooFar(MAX_RECENT_DAYS);
  if (name.trim() === "") return campaignNameMissing;
  return null;
}
