import {
  CAMPAIGN_RULES,
  type AppError,
  type ApprovalGate,
  type ApprovalState,
  type CampaignAction,
  type CampaignStatus,
  type Counts,
  type RecipientState,
} from "../bindings";
import { awaitingApproval, noApprovalWaiting, notAllowed, nothingToDo } from "./coreErrors";

/**
 * The lifecycle table as the fake backend applies it. Everything here reads `CAMPAIGN_RULES`,
 * generated from the core's `RULES`: the fake can neither offer nor accept a move the core
 * refuses. (The UI itself never decides: it shows `campaign.actions`.)
 */

/** The order the core lists a campaign's actions in (`CampaignAction::ALL`). */
export const ACTION_ORDER: readonly CampaignAction[] = [
  "approve",
  "start",
  "resume",
  "reschedule",
  "unschedule",
  "pause",
  "skip",
  "cancel",
  "resend_unknown",
  "resend_failed",
];

const COUNT_OF: Record<RecipientState, keyof Counts> = {
  pending: "pending",
  sending: "sending",
  sent: "sent",
  not_subscribed: "notSubscribed",
  failed: "failed",
  unknown: "unknown",
  skipped: "skipped",
  cancelled: "cancelled",
};

/** What the core answers an action: done, or refused with the error it gives. */
export type Decision = { ok: true } | { ok: false; error: AppError };

/** `ApprovalGate::opens`: whether an action with this gate may be taken with the approval where it stands. */
export function gateOpens(gate: ApprovalGate, approval: ApprovalState): boolean {
  switch (gate) {
    case "any":
      return true;
    case "only_waiting":
      return approval === "waiting";
    case "not_waiting":
      return approval !== "waiting";
  }
}

/**
 * The core's `decide`: no rule from this state → `action_not_allowed`; its approval gate shut →
 * `nothing_to_do` for an approval nobody waits for, `action_not_allowed` for a start that waits
 * for one; its rows missing → `nothing_to_do`.
 */
export function decide(
  id: number,
  status: CampaignStatus,
  counts: Counts,
  action: CampaignAction,
  approval: ApprovalState = "not_needed",
): Decision {
  const rule = CAMPAIGN_RULES.find((r) => r.from === status && r.action === action);
  if (!rule) return { ok: false, error: notAllowed(id, status, action) };
  if (!gateOpens(rule.approval, approval)) {
    return { ok: false, error: action === "approve" ? noApprovalWaiting(id, approval) : awaitingApproval(id) };
  }
  if (rule.needs !== null && counts[COUNT_OF[rule.needs]] <= 0) return { ok: false, error: nothingToDo(id, rule.needs) };
  return { ok: true };
}

/**
 * The core's `allowed_actions`: what a campaign in `status` with `counts`, its approval where it
 * stands, offers now (before the person's role and authorship take some away: `withActions`).
 */
export function allowedActions(status: CampaignStatus, counts: Counts, approval: ApprovalState = "not_needed"): CampaignAction[] {
  return ACTION_ORDER.filter((action) => decide(0, status, counts, action, approval).ok);
}
