//! One line of the send log as the UI, the CLI and the exports see it, and how it is read
//! from a row.

use serde::Serialize;

use crate::model::{AttemptStatus, Delivery};
use crate::model::{CampaignKind, MessageChannel};
use crate::wechat::catalogue::{explain, Explanation, Failure, LocalKind, TransportKind};
use crate::wechat::{Lang, MiniprogramState};

/// The engine records transport failures under this errcode (see `campaign::verdict`).
pub const TRANSPORT_ERRCODE: i64 = -2;

/// Recovery records under this errcode a request that may have left when Pushdesk stopped: no
/// answer was read, so there is no errmsg and no time of answer.
pub const INTERRUPTED_ERRCODE: i64 = -3;

/// One keyword value as it was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogValue {
    /// Keyword key, e.g. `thing1`.
    pub key: String,
    /// The value sent.
    pub value: String,
}

/// One attempt in the send log.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    /// Attempt id.
    pub id: i64,
    /// When the request left (unix ms).
    pub started_at: i64,
    /// When the answer came (unix ms); none while in flight or after a crash.
    pub finished_at: Option<i64>,
    /// The account that sent it.
    pub account_id: i64,
    /// The account's name; none if the account was removed.
    pub account_name: Option<String>,
    /// The campaign (single and test sends are campaigns too).
    pub campaign_id: i64,
    /// The campaign's name.
    pub campaign_name: String,
    /// Single, test or campaign.
    pub campaign_kind: CampaignKind,
    /// Subscribe or template message.
    pub channel: MessageChannel,
    /// Private template id.
    pub template_id: String,
    /// The template's title when the campaign was made.
    pub template_title: String,
    /// Recipient openid.
    pub openid: String,
    /// Outcome of the attempt.
    pub status: AttemptStatus,
    /// WeChat's errcode (`-2`: transport failure).
    pub errcode: Option<i64>,
    /// WeChat's errmsg, or the transport failure.
    pub errmsg: Option<String>,
    /// WeChat's request id.
    pub rid: Option<String>,
    /// WeChat's msgid: a string, because it does not fit a JS number.
    pub msgid: Option<String>,
    /// 1 for the first attempt of this recipient.
    pub attempt_no: i64,
    /// Page the card opens.
    pub page: Option<String>,
    /// Keyword values sent, in template order (by the keyword's number).
    pub values: Vec<LogValue>,
    /// The build of the mini program the card opens, as sent (WeChat's default if none).
    pub miniprogram_state: Option<MiniprogramState>,
    /// The card's language, as sent (WeChat's default if none).
    pub lang: Option<Lang>,
    /// What went wrong and what to do, for attempts that did not succeed and are not in flight.
    pub explanation: Option<Explanation>,
    /// What WeChat's delivery receipt said; none until one is taken in.
    pub delivery: Option<Delivery>,
    /// The receipt's `ErrorCode` (0 = delivered).
    pub delivery_code: Option<i64>,
    /// The receipt's `ErrorStatus` (or `Status`), as pushed.
    pub delivery_status: Option<String>,
    /// The receipt's `CreateTime` (unix ms).
    pub delivery_at: Option<i64>,
    /// An `unknown` attempt that a receipt showed WeChat accepted.
    pub confirmed_by_receipt: bool,
}

/// Parses a stored attempt status.
pub fn parse_status(text: &str) -> Option<AttemptStatus> {
    const ALL: [AttemptStatus; 6] = [
        AttemptStatus::Sending,
        AttemptStatus::Sent,
        AttemptStatus::NotSubscribed,
        AttemptStatus::Failed,
        AttemptStatus::Unknown,
        AttemptStatus::Retry,
    ];
    ALL.into_iter().find(|s| s.as_str() == text)
}

/// What a stored request body says was sent.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct SentRequest {
    pub page: Option<String>,
    pub values: Vec<LogValue>,
    pub miniprogram_state: Option<MiniprogramState>,
    pub lang: Option<Lang>,
}

/// Reads a request body as sent. A body that is not the expected JSON (an old or hand-made
/// row) shows nothing rather than hiding the attempt.
pub(crate) fn parse_request(request: &str) -> SentRequest {
    let Ok(body) = serde_json::from_str::<serde_json::Value>(request) else {
        return SentRequest::default();
    };
    let page = body.get("page").and_then(|p| p.as_str()).filter(|p| !p.is_empty()).map(str::to_owned);
    let mut values: Vec<LogValue> = body
        .get("data")
        .and_then(|d| d.as_object())
        .map(|data| {
            data.iter()
                .map(|(key, v)| {
                    let value = match v.get("value") {
                        Some(serde_json::Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                        None => v.to_string(),
                    };
                    LogValue { key: key.clone(), value }
                })
                .collect()
        })
        .unwrap_or_default();
    values.sort_by(|a, b| keyword_order(&a.key, &b.key));
    SentRequest {
        page,
        values,
        miniprogram_state: field(&body, "miniprogram_state"),
        lang: field(&body, "lang"),
    }
}

fn field<T: serde::de::DeserializeOwned>(body: &serde_json::Value, name: &str) -> Option<T> {
    body.get(name).and_then(|v| T::deserialize(v).ok())
}

/// Orders keyword keys by their number (`thing1`, `time2`, ..., `thing10`): WeChat numbers a
/// template's keywords in card order, and plain string order would put `thing10` before `thing2`.
pub fn keyword_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn split(key: &str) -> (Option<u64>, &str) {
        let digits = key.len() - key.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (name, num) = key.split_at(key.len() - digits);
        (num.parse().ok(), name)
    }
    let (na, sa) = split(a);
    let (nb, sb) = split(b);
    na.cmp(&nb).then_with(|| sa.cmp(sb))
}

/// The catalogue's explanation of an attempt that did not succeed. In-flight and sent
/// attempts have none. Rows without a WeChat errcode are explained by what the engine writes
/// for them: `-2` is a transport failure, no errcode on an unknown row is a crash before the
/// answer, no errcode on a failed row is a local refusal.
pub fn explanation(status: AttemptStatus, errcode: Option<i64>, errmsg: Option<&str>) -> Option<Explanation> {
    let failure = match (status, errcode) {
        (AttemptStatus::Sent | AttemptStatus::Sending, _) => return None,
        (_, Some(INTERRUPTED_ERRCODE)) => Failure::Local(LocalKind::Interrupted),
        (AttemptStatus::Unknown, Some(TRANSPORT_ERRCODE) | None) => {
            Failure::Transport(TransportKind::TimeoutAfterSend)
        }
        (_, Some(TRANSPORT_ERRCODE)) => Failure::Transport(TransportKind::ConnectFailed),
        (_, Some(code)) => Failure::Errcode(code),
        (AttemptStatus::Failed, None) => Failure::Local(LocalKind::InvalidArgument),
        (_, None) => Failure::Local(LocalKind::Config),
    };
    Some(explain(&failure, errmsg).explanation)
}

/// The explanation of an errcode group in the totals (no single row's message).
pub(crate) fn errcode_explanation(errcode: i64) -> Explanation {
    let failure = match errcode {
        TRANSPORT_ERRCODE => Failure::Transport(TransportKind::ConnectFailed),
        INTERRUPTED_ERRCODE => Failure::Local(LocalKind::Interrupted),
        code => Failure::Errcode(code),
    };
    explain(&failure, None).explanation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_values_come_in_keyword_order() {
        let req = r#"{"touser":"o1","template_id":"T","page":"pages/a?id=1",
            "data":{"thing10":{"value":"x"},"time2":{"value":"15:01"},"thing1":{"value":"拿铁"}},
            "miniprogram_state":"trial","lang":"en_US"}"#;
        let sent = parse_request(req);
        assert_eq!(sent.page.as_deref(), Some("pages/a?id=1"));
        let keys: Vec<_> = sent.values.iter().map(|v| v.key.as_str()).collect();
        assert_eq!(keys, ["thing1", "time2", "thing10"]);
        assert_eq!(sent.values[0].value, "拿铁");
        assert_eq!(sent.miniprogram_state, Some(MiniprogramState::Trial));
        assert_eq!(sent.lang, Some(Lang::EnUs));
    }

    #[test]
    fn unreadable_request_shows_nothing() {
        assert_eq!(parse_request("not json"), SentRequest::default());
        let odd = parse_request(r#"{"miniprogram_state":"beta","lang":7}"#);
        assert_eq!((odd.miniprogram_state, odd.lang), (None, None));
    }

    #[test]
    fn explanations_follow_status() {
        assert!(explanation(AttemptStatus::Sent, Some(0), None).is_none());
        assert!(explanation(AttemptStatus::Sending, None, None).is_none());
        let e = explanation(AttemptStatus::NotSubscribed, Some(43101), None).unwrap();
        assert!(!e.title_zh.is_empty());
        let e = explanation(AttemptStatus::Unknown, Some(TRANSPORT_ERRCODE), None).unwrap();
        assert!(e.title_en.contains("no answer"), "{e:?}");
        // Issue 18, bug 5: a request cut off by a crash was described as a timeout.
        let e = explanation(AttemptStatus::Unknown, Some(INTERRUPTED_ERRCODE), None).unwrap();
        assert!(e.title_zh.contains("Pushdesk 停止"), "{e:?}");
    }
}
