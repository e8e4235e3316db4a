//! A sender: takes staged rows one at a time and sends each on its own connection until the
//! row is final. It holds the row's openid for the whole time (retries included), so no two
//! requests to one person are ever in flight for the account, and it never needs a second
//! place to retry in, so rows waiting for a busy openid cannot starve the one that holds it.
//!
//! Each outcome goes to the departure log before the next request leaves, and to the journal
//! without waiting for its commit: the log is what bounds a crash to one unanswered row per
//! sender, and the sender never idles while SQLite updates the send log's indexes.

use std::sync::Arc;
use std::time::Duration;

use super::engine::{reason, Run};
use super::stager::{mark_for, Staged, StagedRows};
use super::verdict::{backoff, judge, reason_of, retry_if_deduplicated, Then};
use crate::model::{now_ms, AttemptOutcome, ReasonKind, RecipientState};
use crate::wechat::{Dispatch, OutcomeClass, Outgoing, Phase, SendLine, WechatError};

/// Serves staged rows until there are none.
pub(super) async fn serve(run: Arc<Run>, staged: StagedRows) {
    let mut line = run.client.send_line();
    while let Ok(row) = staged.recv().await {
        send_row(&run, &mut line, row).await;
    }
}

/// What to do after a request that never left.
enum Stalled {
    /// Try the same attempt again after this long.
    Wait(Duration),
    /// Give the row back; the run is stopping.
    GiveUp,
}

async fn send_row(run: &Arc<Run>, line: &mut SendLine, staged: Staged) {
    let Staged { row, mut attempt_id, mut attempt_no, message, request, place } = staged;
    // Out of staging: the stager may stage the next row.
    drop(place);
    let claim = tokio::select! {
        claim = run.gate.inflight.claim(&row.openid) => claim,
        _ = run.stopped() => return withdraw(run, attempt_id).await,
    };
    let mut stalls: u32 = 0;
    // Until when a resend of this row is certain to be de-duplicated by WeChat: set when a
    // template message (which carries a client_msg_id) first leaves.
    let mut dedup_until: Option<i64> = None;
    loop {
        if run.stopping() {
            return withdraw(run, attempt_id).await;
        }
        if run.writer.unrecorded().error.is_some() {
            run.halt(
                false,
                reason(ReasonKind::Store, "an outcome could not be written to the local database".into()),
            );
            return withdraw(run, attempt_id).await;
        }
        let dispatch = line.send(&message, || let_go(run, attempt_id)).await;
        let (at, result) = match dispatch {
            Dispatch::Withdrawn => return withdraw(run, attempt_id).await,
            Dispatch::NeverLeft(err) => {
                stalls += 1;
                match stalled(run, &err, stalls) {
                    Stalled::Wait(delay) => {
                        if !wait(run, delay).await {
                            return withdraw(run, attempt_id).await;
                        }
                        continue;
                    }
                    Stalled::GiveUp => return withdraw(run, attempt_id).await,
                }
            }
            Dispatch::Left { at, result } => (at, result),
        };
        stalls = 0;
        run.reachable();
        if matches!(message, Outgoing::Template(_)) {
            dedup_until.get_or_insert(at + run.settings.deduplicated_for.as_millis() as i64);
        }
        let mut verdict = judge(result, attempt_no, run.settings.max_attempts);
        retry_if_deduplicated(&mut verdict, dedup_until, now_ms(), attempt_no, run.settings.max_attempts);
        let next_state = verdict.status.row_state();
        let outcome = AttemptOutcome {
            attempt_id,
            recipient_id: row.id,
            started_at: at,
            status: verdict.status,
            errcode: verdict.errcode,
            errmsg: verdict.errmsg.clone(),
            rid: verdict.rid.clone(),
            msgid: verdict.msgid.clone(),
            response: verdict.response.clone(),
        };
        if let Err(e) = run.departures.record_outcome(&outcome) {
            // The journal still gets it; the next request would not be covered after a crash.
            run.halt_on_store(&crate::CoreError::io(departure_log(), e));
        }
        run.writer.record(outcome);
        run.count_outcome(verdict.status, verdict.errcode);
        {
            let mut tracker = run.tracker();
            tracker.moved(RecipientState::Sending, next_state);
            if let Some(code) = verdict.errcode.filter(|c| *c != 0) {
                tracker.error(code);
            }
        }
        if run.writer.unrecorded().lost {
            run.halt(
                false,
                reason(ReasonKind::Interrupted, "another Pushdesk took this campaign over".into()),
            );
        }
        match verdict.then {
            Then::Done => break,
            Then::Halt { stop, reason } => {
                run.halt(stop, reason);
                break;
            }
            Then::RetryAfter(delay) => {
                if !wait(run, delay).await {
                    break;
                }
            }
            Then::SlowDown => {
                let hold = run.settings.minute_limit_hold.unwrap_or_else(until_next_minute);
                run.gate.limiter.hold(tokio::time::Instant::now() + hold).await;
            }
        }
        if run.stopping() {
            break;
        }
        // A new attempt, journaled like the first: its own mark, rate slot and log line.
        attempt_no += 1;
        let mark = mark_for(run, &row, attempt_no, &request);
        match run.writer.mark(vec![mark]).await {
            Ok(ids) => match ids.first().copied().flatten() {
                Some(id) => {
                    attempt_id = id;
                    run.tracker().moved(RecipientState::Pending, RecipientState::Sending);
                }
                None => break,
            },
            Err(e) => {
                run.halt_on_store(&e);
                break;
            }
        }
    }
    drop(claim);
}

/// The gate a request passes at the moment it is written: the account's rate slot, then the
/// departure log. `None` withholds the request (the run is stopping, or the log cannot be
/// written — then nothing may leave, since a crash could not tell that it did).
async fn let_go(run: &Run, attempt_id: i64) -> Option<i64> {
    if run.stopping() {
        return None;
    }
    let at = tokio::select! {
        at = run.gate.limiter.acquire(run.rate) => at,
        _ = run.stopped() => return None,
    };
    if run.stopping() {
        return None;
    }
    if let Err(e) = run.departures.record(attempt_id, at) {
        run.halt_on_store(&crate::CoreError::io(departure_log(), e));
        return None;
    }
    Some(at)
}

/// A request that never left: wait for the network within the grace period; a token endpoint
/// that refuses (or a setting that is wrong) stops or pauses the run at once, touching no row.
fn stalled(run: &Run, err: &WechatError, stalls: u32) -> Stalled {
    let entry = err.catalogue_entry();
    let token = err.phase() == Some(Phase::Token);
    match entry.class {
        OutcomeClass::Unreachable | OutcomeClass::Retry => {
            if run.unreachable_too_long() {
                let kind = if token { ReasonKind::Token } else { ReasonKind::Unreachable };
                run.halt(false, reason_of(err, kind));
                return Stalled::GiveUp;
            }
            // The first time at once: usually a connection the server had just closed.
            Stalled::Wait(if stalls == 1 { Duration::ZERO } else { backoff(stalls - 1) })
        }
        OutcomeClass::PauseCampaign => {
            run.halt(false, reason_of(err, if token { ReasonKind::Token } else { ReasonKind::Quota }));
            Stalled::GiveUp
        }
        _ => {
            run.halt(true, reason_of(err, if token { ReasonKind::Token } else { ReasonKind::CampaignError }));
            Stalled::GiveUp
        }
    }
}

/// Waits, unless the run stops first. Returns whether the wait ran out.
async fn wait(run: &Run, delay: Duration) -> bool {
    if delay.is_zero() {
        return !run.stopping();
    }
    tokio::select! {
        _ = tokio::time::sleep(delay) => !run.stopping(),
        _ = run.stopped() => false,
    }
}

/// Gives a staged row back: the request never left, so the row is pending again.
async fn withdraw(run: &Run, attempt_id: i64) {
    let (run_id, id) = (run.run_id.clone(), run.campaign_id);
    match run.writer.with(move |s| s.withdraw_marks(&run_id, id, &[attempt_id])).await {
        Ok(()) => run.tracker().moved(RecipientState::Sending, RecipientState::Pending),
        // The mark stays: the end of the run (or recovery) resolves it from the departure log.
        Err(e) => run.halt_on_store(&e),
    }
}

fn until_next_minute() -> Duration {
    let secs = 60 - (now_ms() / 1000 % 60) as u64;
    Duration::from_secs(secs)
}

/// What was being written when the departure log failed.
fn departure_log() -> crate::Bilingual {
    crate::Bilingual::new("writing the departure log", "写入本次发送的发出记录")
}
