//! What the engine does with the answer to a request that left: the attempt's status, the
//! row's next state, and whether the campaign must slow down, pause or stop. The error
//! catalogue decides; this file only applies it.

use std::time::Duration;

use crate::model::{AttemptStatus, ReasonKind, StatusReason};
use crate::sendlog::TRANSPORT_ERRCODE;
use crate::wechat::{OutcomeClass, RetryDelay, SendReceipt, WechatError};

/// The engine's reading of one answer.
#[derive(Debug)]
pub(crate) struct Verdict {
    pub status: AttemptStatus,
    pub errcode: Option<i64>,
    pub errmsg: Option<String>,
    pub rid: Option<String>,
    pub msgid: Option<String>,
    pub response: Option<String>,
    pub then: Then,
}

/// What happens next.
#[derive(Debug, PartialEq)]
pub(crate) enum Then {
    /// The row is final.
    Done,
    /// Try the row again (a new attempt) after this long; zero after a refused token.
    RetryAfter(Duration),
    /// Hold every request of the account until the next minute, then retry the row.
    SlowDown,
    /// Stop taking rows; the campaign pauses (quota) or stops. The row goes back to pending.
    Halt { stop: bool, reason: StatusReason },
}

/// Exponential backoff with jitter: 0.5 s, 1 s, 2 s ... capped at 30 s.
pub(crate) fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(500) * 2u32.saturating_pow(attempt.saturating_sub(1).min(6));
    let capped = base.min(Duration::from_secs(30));
    let jitter = rand::random_range(0.5..1.0);
    capped.mul_f64(jitter)
}

/// A campaign's pause or stop reason from a failure.
pub(crate) fn reason_of(err: &WechatError, kind: ReasonKind) -> StatusReason {
    let entry = err.catalogue_entry();
    StatusReason {
        kind,
        errcode: err.errcode(),
        failure: Some(entry.failure),
        message: format!("{} — {}", entry.explanation.title_en, entry.explanation.action_en),
    }
}

/// Reads the answer to a request that was written. `attempt` is this attempt's number; after
/// `max_attempts` a retryable refusal fails the row.
pub(crate) fn judge(result: Result<SendReceipt, WechatError>, attempt: u32, max_attempts: u32) -> Verdict {
    let err = match result {
        Ok(receipt) => {
            return Verdict {
                status: AttemptStatus::Sent,
                errcode: Some(0),
                errmsg: None,
                rid: receipt.rid,
                msgid: receipt.msgid,
                response: Some(receipt.response_json),
                then: Then::Done,
            }
        }
        Err(err) => err,
    };
    let entry = err.catalogue_entry();
    let errcode = err.errcode().or(err.is_transport().then_some(TRANSPORT_ERRCODE));
    let text = err.to_string();
    let mut verdict = Verdict {
        status: AttemptStatus::Failed,
        errcode,
        errmsg: Some(text.clone()),
        rid: err.rid().map(str::to_owned),
        msgid: None,
        response: Some(text),
        then: Then::Done,
    };
    let retry_or_fail = |v: &mut Verdict, then: Then| {
        if attempt >= max_attempts {
            v.status = AttemptStatus::Failed;
            v.then = Then::Done;
        } else {
            v.status = AttemptStatus::Retry;
            v.then = then;
        }
    };
    match entry.class {
        OutcomeClass::Ok => verdict.status = AttemptStatus::Sent,
        OutcomeClass::NotSubscribed => verdict.status = AttemptStatus::NotSubscribed,
        OutcomeClass::RowFailed => verdict.status = AttemptStatus::Failed,
        // It may have reached WeChat: never sent again by itself.
        OutcomeClass::Unknown => verdict.status = AttemptStatus::Unknown,
        // WeChat refused the token and did nothing with the request: a new attempt, with a new
        // token, at once (it takes its own rate slot and its own line in the log).
        OutcomeClass::RefreshToken => retry_or_fail(&mut verdict, Then::RetryAfter(Duration::ZERO)),
        OutcomeClass::Retry | OutcomeClass::Unreachable => {
            let then = match entry.retry {
                Some(RetryDelay::NextMinute) => Then::SlowDown,
                Some(RetryDelay::AfterSeconds { secs }) => Then::RetryAfter(Duration::from_secs(secs.into())),
                _ => Then::RetryAfter(backoff(attempt)),
            };
            retry_or_fail(&mut verdict, then);
        }
        // Not delivered: the row goes back to pending for when the campaign resumes.
        OutcomeClass::PauseCampaign | OutcomeClass::StopCampaign => {
            let stop = entry.class == OutcomeClass::StopCampaign;
            verdict.status = AttemptStatus::Retry;
            let kind = if stop { ReasonKind::CampaignError } else { ReasonKind::Quota };
            verdict.then = Then::Halt { stop, reason: reason_of(&err, kind) };
        }
    }
    verdict
}

/// An answer lost after the request was written is `unknown` — unless WeChat de-duplicates the
/// request: a template message resent with the same `client_msg_id` before `dedup_until` (unix
/// ms) is sent at most once, so the row is tried again rather than left for a person to judge.
pub(crate) fn retry_if_deduplicated(
    verdict: &mut Verdict,
    dedup_until: Option<i64>,
    now: i64,
    attempt: u32,
    max_attempts: u32,
) {
    let within = dedup_until.is_some_and(|until| now < until);
    if verdict.status == AttemptStatus::Unknown && within && attempt < max_attempts {
        verdict.status = AttemptStatus::Retry;
        verdict.then = Then::RetryAfter(backoff(attempt));
    }
}
