//! The campaign lifecycle: one enum of states ([`CampaignStatus`]), one table of the moves a
//! person may make ([`RULES`]) and one function for how a run ends ([`end_of_run`]). The store
//! applies every move in one transaction that re-checks the campaign is still where the table
//! says; the UI shows exactly the actions [`allowed_actions`] returns; the CLI and the app call
//! the same use-case functions. Drawn in docs/design.md ("Campaign lifecycle").

use serde::{Deserialize, Serialize};

use super::campaign::{CampaignStatus, Counts, ReasonKind, RecipientState, StatusReason};

/// What a person can ask of a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CampaignAction {
    /// Send a campaign that was never started.
    Start,
    /// Stop taking rows after the requests in flight; the rest stays pending.
    Pause,
    /// Go on with the pending rows of a paused or stopped campaign.
    Resume,
    /// Never send the pending rows.
    Cancel,
    /// Send again the rows whose outcome is unknown (they may have been delivered).
    ResendUnknown,
    /// Send again the rows that failed.
    ResendFailed,
    /// Give a campaign that has not started a (new) time to start.
    Reschedule,
    /// Take a scheduled campaign off the schedule: it waits for a person to start it.
    Unschedule,
    /// Do not send a missed run: its rows are cancelled.
    Skip,
    /// As another sender of the team, let a campaign above the team's threshold start.
    Approve,
}

impl CampaignAction {
    /// Every action, in the order the UI lists them.
    pub const ALL: [CampaignAction; 10] = [
        CampaignAction::Approve,
        CampaignAction::Start,
        CampaignAction::Resume,
        CampaignAction::Reschedule,
        CampaignAction::Unschedule,
        CampaignAction::Pause,
        CampaignAction::Skip,
        CampaignAction::Cancel,
        CampaignAction::ResendUnknown,
        CampaignAction::ResendFailed,
    ];

    /// The word used in messages and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignAction::Start => "start",
            CampaignAction::Pause => "pause",
            CampaignAction::Resume => "resume",
            CampaignAction::Cancel => "cancel",
            CampaignAction::ResendUnknown => "resend_unknown",
            CampaignAction::ResendFailed => "resend_failed",
            CampaignAction::Reschedule => "reschedule",
            CampaignAction::Unschedule => "unschedule",
            CampaignAction::Skip => "skip",
            CampaignAction::Approve => "approve",
        }
    }
}

/// Where a campaign stands with the team's approval (a shared store's rule: a campaign above
/// the team's threshold starts only once another sender approved it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalState {
    /// No approval is asked: a desk's own file, a campaign at or below the threshold, or one
    /// that started before it needed any.
    #[default]
    NotNeeded,
    /// It may not start until another sender approves it.
    Waiting,
    /// Another sender approved it as it is now.
    Approved,
}

/// How an action depends on the approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalGate {
    /// Whatever it is.
    Any,
    /// Only while the campaign waits for approval (approving it).
    OnlyWaiting,
    /// Never while it waits (starting it).
    NotWaiting,
}

impl ApprovalGate {
    /// The gate of `action`.
    pub fn of(action: CampaignAction) -> ApprovalGate {
        match action {
            A::Approve => ApprovalGate::OnlyWaiting,
            A::Start => ApprovalGate::NotWaiting,
            _ => ApprovalGate::Any,
        }
    }

    fn opens(self, approval: ApprovalState) -> bool {
        match self {
            ApprovalGate::Any => true,
            ApprovalGate::OnlyWaiting => approval == ApprovalState::Waiting,
            ApprovalGate::NotWaiting => approval != ApprovalState::Waiting,
        }
    }
}

/// Which rows a resend sends again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ResendKind {
    /// Rows whose outcome is unknown.
    Unknown,
    /// Rows that failed.
    Failed,
}

impl ResendKind {
    /// The row state a resend takes back to pending.
    pub fn state(self) -> RecipientState {
        match self {
            ResendKind::Unknown => RecipientState::Unknown,
            ResendKind::Failed => RecipientState::Failed,
        }
    }

    /// The action that asks for it.
    pub fn action(self) -> CampaignAction {
        match self {
            ResendKind::Unknown => CampaignAction::ResendUnknown,
            ResendKind::Failed => CampaignAction::ResendFailed,
        }
    }
}

/// A pause or cancel asked of a campaign another process (or this one) is sending. It is
/// consumed by the transition that ends that run, never left for a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ControlRequest {
    /// Pause after the requests in flight.
    Pause,
    /// Cancel after the requests in flight.
    Cancel,
}

impl ControlRequest {
    /// The value stored in `campaigns.requested`.
    pub fn as_str(self) -> &'static str {
        match self {
            ControlRequest::Pause => "pause",
            ControlRequest::Cancel => "cancel",
        }
    }

    /// Parses the stored value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pause" => Some(ControlRequest::Pause),
            "cancel" => Some(ControlRequest::Cancel),
            _ => None,
        }
    }
}

/// What an allowed action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The caller's run takes the campaign and sends its pending rows.
    Run,
    /// Rows in this state go back to pending, then the caller's run sends them.
    RequeueThenRun(RecipientState),
    /// The process sending it is asked to stop after the requests in flight.
    Request(ControlRequest),
    /// Every pending row is cancelled now and the campaign is cancelled.
    CancelNow,
    /// Nobody sends it: it is paused at once (a campaign waiting for its window).
    PauseNow,
    /// It gets the time given with the action and waits for it.
    Schedule,
    /// It leaves the schedule and waits for a person.
    Unschedule,
    /// A missed run is not sent: its pending rows are cancelled.
    SkipNow,
    /// The person approves it as it is now; it may start.
    Approve,
}

/// What the rows must hold for an action to make sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Nothing.
    Nothing,
    /// At least one pending row.
    Pending,
    /// At least one row in this state.
    Rows(RecipientState),
}

/// One allowed move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The state the campaign is in.
    pub from: CampaignStatus,
    /// What the person asks.
    pub action: CampaignAction,
    /// What happens.
    pub effect: Effect,
    /// What the rows must hold.
    pub needs: Needs,
    /// Whether a person is offered it; the others are the scheduler's own moves.
    pub offered: bool,
}

use CampaignAction as A;
use CampaignStatus as S;
use RecipientState as R;

const fn rule(from: CampaignStatus, action: CampaignAction, effect: Effect, needs: Needs) -> Rule {
    Rule { from, action, effect, needs, offered: true }
}

/// A move only the scheduler makes: resuming a campaign whose window opened (a person who
/// wants it sooner changes its window, or pauses it).
const fn scheduler_only(from: CampaignStatus, action: CampaignAction, effect: Effect, needs: Needs) -> Rule {
    Rule { from, action, effect, needs, offered: false }
}

/// Every move a person may make. Anything not listed is refused.
pub const RULES: &[Rule] = &[
    rule(S::Ready, A::Approve, Effect::Approve, Needs::Pending),
    rule(S::Ready, A::Start, Effect::Run, Needs::Pending),
    rule(S::Ready, A::Reschedule, Effect::Schedule, Needs::Pending),
    rule(S::Ready, A::Cancel, Effect::CancelNow, Needs::Nothing),
    rule(S::Scheduled, A::Approve, Effect::Approve, Needs::Pending),
    rule(S::Scheduled, A::Start, Effect::Run, Needs::Pending),
    rule(S::Scheduled, A::Reschedule, Effect::Schedule, Needs::Nothing),
    rule(S::Scheduled, A::Unschedule, Effect::Unschedule, Needs::Nothing),
    rule(S::Scheduled, A::Cancel, Effect::CancelNow, Needs::Nothing),
    scheduler_only(S::WaitingWindow, A::Resume, Effect::Run, Needs::Pending),
    rule(S::WaitingWindow, A::Pause, Effect::PauseNow, Needs::Nothing),
    rule(S::WaitingWindow, A::Cancel, Effect::CancelNow, Needs::Nothing),
    rule(S::Missed, A::Approve, Effect::Approve, Needs::Pending),
    rule(S::Missed, A::Start, Effect::Run, Needs::Pending),
    rule(S::Missed, A::Reschedule, Effect::Schedule, Needs::Pending),
    rule(S::Missed, A::Skip, Effect::SkipNow, Needs::Nothing),
    rule(S::Running, A::Pause, Effect::Request(ControlRequest::Pause), Needs::Nothing),
    rule(S::Running, A::Cancel, Effect::Request(ControlRequest::Cancel), Needs::Nothing),
    rule(S::Paused, A::Resume, Effect::Run, Needs::Pending),
    rule(S::Paused, A::Cancel, Effect::CancelNow, Needs::Nothing),
    rule(S::Paused, A::ResendUnknown, Effect::RequeueThenRun(R::Unknown), Needs::Rows(R::Unknown)),
    rule(S::Paused, A::ResendFailed, Effect::RequeueThenRun(R::Failed), Needs::Rows(R::Failed)),
    rule(S::Stopped, A::Resume, Effect::Run, Needs::Pending),
    rule(S::Stopped, A::Cancel, Effect::CancelNow, Needs::Nothing),
    rule(S::Stopped, A::ResendUnknown, Effect::RequeueThenRun(R::Unknown), Needs::Rows(R::Unknown)),
    rule(S::Stopped, A::ResendFailed, Effect::RequeueThenRun(R::Failed), Needs::Rows(R::Failed)),
    rule(S::Finished, A::ResendUnknown, Effect::RequeueThenRun(R::Unknown), Needs::Rows(R::Unknown)),
    rule(S::Finished, A::ResendFailed, Effect::RequeueThenRun(R::Failed), Needs::Rows(R::Failed)),
];

/// One rule of [`RULES`] as the UI's generated bindings carry it: the UI's test double answers
/// from this table, so it cannot allow what the core refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RuleView {
    /// The state the campaign is in.
    pub from: CampaignStatus,
    /// What the person asks.
    pub action: CampaignAction,
    /// Rows in this state must exist (none: nothing is needed).
    pub needs: Option<RecipientState>,
    /// What the approval must be.
    pub approval: ApprovalGate,
}

/// [`RULES`] for the UI.
pub fn rule_views() -> Vec<RuleView> {
    RULES
        .iter()
        .filter(|r| r.offered)
        .map(|r| RuleView {
            from: r.from,
            action: r.action,
            needs: match r.needs {
                Needs::Nothing => None,
                Needs::Pending => Some(R::Pending),
                Needs::Rows(state) => Some(state),
            },
            approval: ApprovalGate::of(r.action),
        })
        .collect()
}

/// Why an action is refused now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The table has no such move from this state.
    #[error("campaign {id} is {}: it cannot be {} now", .status.as_str(), verb(*.action))]
    NotAllowed {
        /// The campaign.
        id: i64,
        /// Where it is.
        status: CampaignStatus,
        /// What was asked.
        action: CampaignAction,
    },
    /// The move exists but there is nothing for it to do.
    #[error("campaign {id} has {}", missing(*.needs))]
    NothingToDo {
        /// The campaign.
        id: i64,
        /// What the rows lack.
        needs: Needs,
    },
    /// It may not start before another sender of the team approves it.
    #[error("campaign {id} is above the team's approval threshold: another sender must approve it before it starts")]
    AwaitingApproval {
        /// The campaign.
        id: i64,
    },
    /// There is no approval to give: none is asked, or it is given.
    #[error("campaign {id} {}", if *.approval == ApprovalState::Approved { "is already approved" } else { "needs no approval" })]
    NoApprovalWaiting {
        /// The campaign.
        id: i64,
        /// Where it stands.
        approval: ApprovalState,
    },
    /// Nobody approves their own campaign.
    #[error("campaign {id} was created by you: another sender of the team must approve it")]
    OwnCampaign {
        /// The campaign.
        id: i64,
    },
}

impl Refusal {
    /// The message in Chinese, worded like the campaigns page's statuses and buttons.
    pub fn message_zh(&self) -> String {
        match self {
            Refusal::NotAllowed { id, status, action } => {
                format!("任务 {id} {}，现在不能{}", status_zh(*status), verb_zh(*action))
            }
            Refusal::NothingToDo { id, needs } => format!("任务 {id} {}", missing_zh(*needs)),
            Refusal::AwaitingApproval { id } => {
                format!("任务 {id} 的收件人超过团队的审批人数：需要另一位发送人批准后才能开始发送")
            }
            Refusal::NoApprovalWaiting { id, approval } => match approval {
                ApprovalState::Approved => format!("任务 {id} 已经批准过了"),
                _ => format!("任务 {id} 不需要批准"),
            },
            Refusal::OwnCampaign { id } => format!("任务 {id} 是你创建的：需要团队中另一位发送人批准"),
        }
    }
}

fn verb(action: CampaignAction) -> &'static str {
    match action {
        A::Start => "started",
        A::Pause => "paused",
        A::Resume => "resumed",
        A::Cancel => "cancelled",
        A::ResendUnknown | A::ResendFailed => "resent",
        A::Reschedule => "scheduled",
        A::Unschedule => "taken off the schedule",
        A::Skip => "skipped",
        A::Approve => "approved",
    }
}

fn verb_zh(action: CampaignAction) -> &'static str {
    match action {
        A::Start => "开始发送",
        A::Pause => "暂停",
        A::Resume => "继续发送",
        A::Cancel => "取消",
        A::ResendUnknown | A::ResendFailed => "重发",
        A::Reschedule => "定时发送",
        A::Unschedule => "取消定时",
        A::Skip => "跳过",
        A::Approve => "批准",
    }
}

fn status_zh(status: CampaignStatus) -> &'static str {
    match status {
        S::Ready => "还没有开始",
        S::Scheduled => "正在等待定时发送",
        S::WaitingWindow => "正在等待发送时段",
        S::Missed => "错过了定时",
        S::Running => "正在发送",
        S::Paused => "已暂停",
        S::Stopped => "已停止",
        S::Cancelled => "已取消",
        S::Finished => "已完成",
    }
}

fn has(counts: &Counts, needs: Needs) -> bool {
    match needs {
        Needs::Nothing => true,
        Needs::Pending => counts.pending > 0,
        Needs::Rows(state) => {
            let mut counts = *counts;
            *counts.slot(state) > 0
        }
    }
}

fn missing(needs: Needs) -> &'static str {
    match needs {
        Needs::Nothing => "nothing missing",
        Needs::Pending => "no rows left to send",
        Needs::Rows(R::Unknown) => "no rows whose outcome is unknown",
        Needs::Rows(R::Failed) => "no failed rows",
        Needs::Rows(_) => "no such rows",
    }
}

fn missing_zh(needs: Needs) -> &'static str {
    match needs {
        Needs::Nothing => "不缺少任何内容",
        Needs::Pending => "已经没有待发送的收件人",
        Needs::Rows(R::Unknown) => "没有结果未知的收件人",
        Needs::Rows(R::Failed) => "没有发送失败的收件人",
        Needs::Rows(_) => "没有这样的收件人",
    }
}

/// Where a campaign is: what [`decide`] weighs besides the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing<'a> {
    pub status: CampaignStatus,
    pub counts: &'a Counts,
    pub approval: ApprovalState,
}

/// The effect of `action` on campaign `id` standing as `now`, or why it is refused.
pub fn decide(id: i64, now: Standing<'_>, action: CampaignAction) -> Result<Effect, Refusal> {
    let Standing { status, counts, approval } = now;
    let rule = RULES.iter().find(|r| r.from == status && r.action == action).ok_or(Refusal::NotAllowed {
        id,
        status,
        action,
    })?;
    if !ApprovalGate::of(action).opens(approval) {
        return Err(match action {
            A::Approve => Refusal::NoApprovalWaiting { id, approval },
            _ => Refusal::AwaitingApproval { id },
        });
    }
    if !has(counts, rule.needs) {
        return Err(Refusal::NothingToDo { id, needs: rule.needs });
    }
    Ok(rule.effect)
}

/// The actions a person is offered now, in [`CampaignAction::ALL`] order: what the UI shows
/// (less what the person's role or authorship forbids: the store takes those away).
pub fn allowed_actions(now: Standing<'_>) -> Vec<CampaignAction> {
    A::ALL
        .into_iter()
        .filter(|a| RULES.iter().any(|r| r.from == now.status && r.action == *a && r.offered))
        .filter(|a| decide(0, now, *a).is_ok())
        .collect()
}

/// The states of a campaign that will send nothing more: only these may be archived (a paused
/// or stopped one still has rows a person should decide about).
pub const ARCHIVABLE: [CampaignStatus; 2] = [CampaignStatus::Finished, CampaignStatus::Cancelled];

/// Whether a campaign in `status` may be archived.
pub fn can_archive(status: CampaignStatus) -> bool {
    ARCHIVABLE.contains(&status)
}

/// How a run stopped taking rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunEnd {
    /// No pending row was left to take.
    Drained,
    /// The engine stopped on its own: a pause (quota, threshold, network, token) or a stop
    /// (every row would fail).
    Halted {
        /// Whether every further row would fail.
        stop: bool,
        /// Why.
        reason: StatusReason,
    },
    /// Stopped by a request (the local handle or `campaigns.requested`).
    Requested(ControlRequest),
    /// The send window closed; it opens again at `reopens_at` (unix ms).
    WindowClosed {
        /// When the window opens again.
        reopens_at: i64,
    },
}

/// The state a run leaves its campaign in, given how it ended, a request that may have
/// arrived after the engine last looked, and the rows as they are now. A cancel outranks
/// everything while rows are left; a campaign is finished only when no row is pending or
/// sending.
pub fn end_of_run(
    end: &RunEnd,
    late_request: Option<ControlRequest>,
    counts: &Counts,
) -> (CampaignStatus, Option<StatusReason>) {
    let request = match end {
        RunEnd::Requested(r) => Some(*r),
        _ => late_request,
    };
    if request == Some(ControlRequest::Cancel) && counts.remaining() > 0 {
        return (S::Cancelled, Some(user_reason("cancelled by the user")));
    }
    if let RunEnd::Halted { stop, reason } = end {
        if counts.remaining() > 0 || *stop {
            return (if *stop { S::Stopped } else { S::Paused }, Some(reason.clone()));
        }
    }
    if counts.remaining() == 0 {
        return (S::Finished, None);
    }
    if request == Some(ControlRequest::Pause) {
        return (S::Paused, Some(user_reason("paused by the user")));
    }
    if let RunEnd::WindowClosed { .. } = end {
        return (S::WaitingWindow, Some(window_reason()));
    }
    // Drained with rows left: rows a failed journal write left behind, resolved on recovery.
    (
        S::Paused,
        Some(StatusReason {
            kind: ReasonKind::Store,
            errcode: None,
            failure: None,
            message: format!("{} rows are left to send", counts.remaining()),
        }),
    )
}

/// The state a campaign whose sender died is left in, once its in-flight rows are resolved.
pub fn after_interruption(counts: &Counts) -> (CampaignStatus, StatusReason) {
    let reason = StatusReason {
        kind: ReasonKind::Interrupted,
        errcode: None,
        failure: None,
        message: "Pushdesk stopped while this campaign was sending".into(),
    };
    if counts.remaining() == 0 {
        (S::Finished, reason)
    } else {
        (S::Paused, reason)
    }
}

/// Why a campaign waits: its send window is closed.
pub fn window_reason() -> StatusReason {
    StatusReason {
        kind: ReasonKind::Window,
        errcode: None,
        failure: None,
        message: "outside the send window: it goes on when the window opens".into(),
    }
}

/// A reason given by the user's own action.
pub fn user_reason(message: &str) -> StatusReason {
    StatusReason { kind: ReasonKind::User, errcode: None, failure: None, message: message.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pending: u32, unknown: u32, failed: u32) -> Counts {
        let mut c = Counts::default();
        c.add(R::Pending, pending);
        c.add(R::Unknown, unknown);
        c.add(R::Failed, failed);
        c.add(R::Sent, 3);
        c
    }

    fn at(status: CampaignStatus, counts: &Counts) -> Standing<'_> {
        Standing { status, counts, approval: ApprovalState::NotNeeded }
    }

    #[test]
    fn every_state_offers_what_the_table_allows() {
        let some = counts(2, 1, 1);
        assert_eq!(allowed_actions(at(S::Ready, &some)), [A::Start, A::Reschedule, A::Cancel]);
        assert_eq!(allowed_actions(at(S::Running, &some)), [A::Pause, A::Cancel]);
        assert_eq!(
            allowed_actions(at(S::Paused, &some)),
            [A::Resume, A::Cancel, A::ResendUnknown, A::ResendFailed]
        );
        assert_eq!(
            allowed_actions(at(S::Stopped, &some)),
            [A::Resume, A::Cancel, A::ResendUnknown, A::ResendFailed]
        );
        assert_eq!(allowed_actions(at(S::Finished, &counts(0, 1, 1))), [A::ResendUnknown, A::ResendFailed]);
        assert!(allowed_actions(at(S::Cancelled, &some)).is_empty());
        assert_eq!(
            allowed_actions(at(S::Scheduled, &some)),
            [A::Start, A::Reschedule, A::Unschedule, A::Cancel]
        );
        // Resuming a waiting campaign is the scheduler's move, when its window opens.
        assert_eq!(allowed_actions(at(S::WaitingWindow, &some)), [A::Pause, A::Cancel]);
        assert_eq!(decide(1, at(S::WaitingWindow, &some), A::Resume), Ok(Effect::Run));
        assert_eq!(allowed_actions(at(S::Missed, &some)), [A::Start, A::Reschedule, A::Skip]);
    }

    #[test]
    fn a_campaign_waiting_for_approval_is_offered_approve_instead_of_start() {
        let some = counts(2, 0, 0);
        for status in [S::Ready, S::Scheduled, S::Missed] {
            let waiting = Standing { approval: ApprovalState::Waiting, ..at(status, &some) };
            let actions = allowed_actions(waiting);
            assert!(actions.contains(&A::Approve) && !actions.contains(&A::Start), "{status:?}: {actions:?}");
            assert_eq!(decide(3, waiting, A::Start), Err(Refusal::AwaitingApproval { id: 3 }));
            let approved = Standing { approval: ApprovalState::Approved, ..waiting };
            assert!(allowed_actions(approved).contains(&A::Start));
            assert_eq!(
                decide(3, approved, A::Approve),
                Err(Refusal::NoApprovalWaiting { id: 3, approval: ApprovalState::Approved })
            );
        }
        // Waiting does not hold back what does not start it.
        let waiting = Standing { approval: ApprovalState::Waiting, ..at(S::Ready, &some) };
        assert_eq!(decide(3, waiting, A::Cancel), Ok(Effect::CancelNow));
        assert_eq!(decide(3, waiting, A::Reschedule), Ok(Effect::Schedule));
        let refusal = decide(3, waiting, A::Start).unwrap_err();
        assert!(refusal.message_zh().contains("批准"), "{}", refusal.message_zh());
    }

    #[test]
    fn nothing_to_resend_is_not_offered_and_is_refused_with_a_reason() {
        let none = counts(0, 0, 0);
        assert!(allowed_actions(at(S::Finished, &none)).is_empty());
        let refusal = decide(7, at(S::Finished, &none), A::ResendUnknown).unwrap_err();
        assert_eq!(refusal.to_string(), "campaign 7 has no rows whose outcome is unknown");
        assert_eq!(refusal.message_zh(), "任务 7 没有结果未知的收件人");
        let refusal = decide(7, at(S::Cancelled, &none), A::Resume).unwrap_err();
        assert_eq!(refusal.to_string(), "campaign 7 is cancelled: it cannot be resumed now");
        assert_eq!(refusal.message_zh(), "任务 7 已取消，现在不能继续发送");
    }

    #[test]
    fn a_late_cancel_wins_and_finished_means_nothing_left() {
        let left = counts(5, 0, 0);
        let drained = counts(0, 0, 0);
        assert_eq!(end_of_run(&RunEnd::Drained, Some(ControlRequest::Cancel), &left).0, S::Cancelled);
        assert_eq!(end_of_run(&RunEnd::Drained, Some(ControlRequest::Cancel), &drained).0, S::Finished);
        assert_eq!(end_of_run(&RunEnd::Drained, None, &drained).0, S::Finished);
        assert_eq!(end_of_run(&RunEnd::Drained, Some(ControlRequest::Pause), &drained).0, S::Finished);
        assert_eq!(end_of_run(&RunEnd::Requested(ControlRequest::Pause), None, &left).0, S::Paused);
        let (status, reason) = end_of_run(&RunEnd::Drained, None, &left);
        assert_eq!((status, reason.unwrap().kind), (S::Paused, ReasonKind::Store));
        let halt = RunEnd::Halted { stop: true, reason: user_reason("x") };
        assert_eq!(end_of_run(&halt, None, &left).0, S::Stopped);
        let closed = RunEnd::WindowClosed { reopens_at: 1 };
        assert_eq!(end_of_run(&closed, None, &left).0, S::WaitingWindow);
        assert_eq!(end_of_run(&closed, None, &drained).0, S::Finished);
        assert_eq!(end_of_run(&closed, Some(ControlRequest::Pause), &left).0, S::Paused);
    }
}
