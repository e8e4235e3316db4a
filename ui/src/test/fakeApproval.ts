import type { ApprovalState, Campaign, CampaignAction, CampaignKind, TeamRole } from "../bindings";

/**
 * Who the fake backend's person is on a team's store, as the core's `store/approval.rs` sees
 * them (`Viewer`): what takes actions away from the ones the lifecycle table offers, and whether
 * a new campaign waits for another sender's approval. The defaults are a desk's own file, where
 * the person may do everything and no approval is ever asked.
 */
export type ApprovalFields = {
  /**
   * The person's login on a team's store (`TeamLink.login`): who a campaign they make is
   * `createdBy`, and who approves. null: a desk's own file, where approval never applies.
   */
  login: string | null;
  /** The person's role there (`TeamStatus.role`); null: a desk's own file, where they may do everything. */
  teamRole: TeamRole | null;
  /**
   * Recipients a campaign may have without another sender's approval (`TeamStatus.approvalThreshold`,
   * the team's `approval_threshold` setting); null: none asked. Only a team's store asks (`login` set).
   */
  approvalThreshold: number | null;
};

/** A desk's own file: nobody to approve, every action allowed. */
export function noTeam(): ApprovalFields {
  return { login: null, teamRole: null, approvalThreshold: null };
}

/** The person as the campaign actions see them. */
export type Viewer = ApprovalFields;

/** A desk's own file (what a fake state without team fields is). */
export const DESK_VIEWER: Viewer = noTeam();

/** `TeamRole`, lowest first (`Ord` on the core's enum). */
const ROLE_ORDER: readonly TeamRole[] = ["viewer", "author", "sender", "admin"];

/** Whether a role is below sender (may not start, steer or approve campaigns); no role (a desk's own file) never is. */
export function belowSender(role: TeamRole | null): boolean {
  return role !== null && ROLE_ORDER.indexOf(role) < ROLE_ORDER.indexOf("sender");
}

/** `Viewer::restrict`: nothing for a role below sender; no approval of one's own campaign. */
export function restrictActions(actions: readonly CampaignAction[], campaign: Pick<Campaign, "createdBy">, viewer: Viewer): CampaignAction[] {
  if (belowSender(viewer.teamRole)) return [];
  if (viewer.login !== null && viewer.login === campaign.createdBy) return actions.filter((action) => action !== "approve");
  return [...actions];
}

/**
 * `approval_state` for a campaign just made (it has not started, nobody approved it): it waits
 * when the team's store asks for approval, it is a real campaign, and it has more recipients
 * than the threshold.
 */
export function approvalOfNew(viewer: Viewer, kind: CampaignKind, recipients: number): ApprovalState {
  const threshold = viewer.login === null ? null : viewer.approvalThreshold;
  return threshold !== null && kind === "campaign" && recipients > threshold ? "waiting" : "not_needed";
}

/** The approval fields of a campaign that asks for none (a desk's own file, or at or below the threshold). */
export const NO_APPROVAL = { approval: "not_needed", approvedBy: null, approvedAt: null } as const satisfies Pick<
  Campaign,
  "approval" | "approvedBy" | "approvedAt"
>;
