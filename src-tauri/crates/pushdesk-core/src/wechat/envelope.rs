//! Reading WeChat's answer envelope: HTTP status, JSON, `errcode`/`errmsg`, `rid`.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::error::{Phase, TransportKind, WechatError};
use super::http::RawAnswer;
use super::rid::parse_rid;

/// A successful answer: the typed payload, the rid and the body as received.
pub(crate) struct Answer<T> {
    pub value: T,
    pub rid: Option<String>,
    pub body: String,
}

#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    errcode: Option<i64>,
    #[serde(default)]
    errmsg: Option<String>,
}

/// Longest piece of an unexpected body quoted in a message.
const QUOTE_LIMIT: usize = 200;

/// Turns a raw answer into a payload or a classified error. `what` names the endpoint in
/// messages ("WeChat (/cgi-bin/...)", "the token URL").
pub(crate) fn parse<T: DeserializeOwned>(
    raw: RawAnswer,
    phase: Phase,
    what: &str,
) -> Result<Answer<T>, WechatError> {
    let transport =
        |kind, detail: String| WechatError::Transport { kind, phase, status: Some(raw.status), detail };
    if raw.status >= 500 {
        return Err(transport(
            TransportKind::Http5xx,
            format!("{what} answered HTTP {}{}", raw.status, quote(&raw.body)),
        ));
    }
    if !(200..300).contains(&raw.status) {
        return Err(transport(
            TransportKind::HttpStatus,
            format!("{what} answered HTTP {}{}", raw.status, quote(&raw.body)),
        ));
    }
    let json: serde_json::Value = serde_json::from_str(&raw.body).map_err(|_| {
        transport(
            TransportKind::InvalidBody,
            format!("{what} answered something that is not JSON{}", quote(&raw.body)),
        )
    })?;
    let head = Head::deserialize(&json).map_err(|e| {
        transport(TransportKind::InvalidBody, format!("{what} answered unexpected JSON ({e})"))
    })?;
    let rid = head.errmsg.as_deref().and_then(parse_rid);
    if let Some(errcode) = head.errcode.filter(|c| *c != 0) {
        return Err(WechatError::Api { phase, errcode, errmsg: head.errmsg.unwrap_or_default(), rid });
    }
    // Deserialising from the Value keeps integers as u64/i64, never f64.
    let value = T::deserialize(&json).map_err(|e| {
        transport(TransportKind::InvalidBody, format!("{what} answered JSON of an unexpected shape ({e})"))
    })?;
    Ok(Answer { value, rid, body: raw.body })
}

fn quote(body: &str) -> String {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return String::new();
    }
    let mut short: String = trimmed.chars().take(QUOTE_LIMIT).collect();
    if short.len() < trimmed.len() {
        short.push('…');
    }
    format!(": {short}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wechat::types::SendAnswer;

    fn raw(status: u16, body: &str) -> RawAnswer {
        RawAnswer { status, body: body.into() }
    }

    #[test]
    fn success_keeps_msgid_exact_and_rid() {
        let a: Answer<SendAnswer> = parse(
            raw(200, r#"{"errcode":0,"errmsg":"ok rid: 1-2-3","msgid":2097683633284153344}"#),
            Phase::Send,
            "WeChat",
        )
        .unwrap();
        assert_eq!(a.value.msgid.as_deref(), Some("2097683633284153344"));
        assert_eq!(a.rid.as_deref(), Some("1-2-3"));
    }

    #[test]
    fn errors_are_classified() {
        let e = parse::<SendAnswer>(
            raw(200, r#"{"errcode":43101,"errmsg":"user refuse rid: a-b"}"#),
            Phase::Send,
            "W",
        )
        .err()
        .unwrap();
        assert!(
            matches!(e, WechatError::Api { errcode: 43101, ref rid, .. } if rid.as_deref() == Some("a-b"))
        );
        let e = parse::<SendAnswer>(raw(503, "busy"), Phase::Token, "the token URL").err().unwrap();
        assert_eq!(e.to_string(), "the token URL answered HTTP 503: busy");
        assert!(matches!(e, WechatError::Transport { kind: TransportKind::Http5xx, .. }));
        let e = parse::<SendAnswer>(raw(200, "<html>"), Phase::Send, "W").err().unwrap();
        assert!(matches!(e, WechatError::Transport { kind: TransportKind::InvalidBody, .. }));
        let e = parse::<SendAnswer>(raw(404, ""), Phase::Send, "W").err().unwrap();
        assert!(matches!(
            e,
            WechatError::Transport { kind: TransportKind::HttpStatus, status: Some(404), .. }
        ));
    }
}
