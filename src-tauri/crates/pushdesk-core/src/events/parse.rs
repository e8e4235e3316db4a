//! One push document (XML or JSON, plaintext or a safe-mode envelope) read into events.
//!
//! Both syntaxes are first reduced to the same shape — the top-level fields and the `List`
//! items — because WeChat writes the same fields in both, and in JSON `List` may be an object
//! or an array, directly at the top or inside `SubscribeMsg…Event`.

use std::collections::HashMap;

use quick_xml::events::Event;
use serde_json::Value;

use super::split::Syntax;
use super::{PushEvent, PushKind};
use crate::audience::xml_push_text as push_text;

/// What one document holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Events Pushdesk reads (one per `List` item).
    Events(Vec<PushEvent>),
    /// A safe-mode envelope to open with the account's EncodingAESKey.
    Sealed(Envelope),
    /// A push of another kind (a user message, a menu click): not Pushdesk's business.
    Other,
}

/// A safe-mode push before decryption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The `Encrypt` text.
    pub encrypt: String,
    /// `MsgSignature`, `TimeStamp` and `Nonce` when the server logged them inside the body.
    pub signed: Option<(String, String, String)>,
}

/// The fields of a document: top-level values and `List` items, all as text.
#[derive(Debug, Default)]
struct Fields {
    top: HashMap<String, String>,
    items: Vec<HashMap<String, String>>,
}

/// Reads one document.
pub fn parse(syntax: Syntax, bytes: &[u8]) -> Result<Parsed, String> {
    let fields = match syntax {
        Syntax::Xml => xml_fields(bytes)?,
        Syntax::Json => json_fields(bytes)?,
    };
    interpret(fields)
}

/// The container elements whose `List` children are items.
const CONTAINERS: [&str; 3] = ["SubscribeMsgSentEvent", "SubscribeMsgPopupEvent", "SubscribeMsgChangeEvent"];

fn xml_fields(bytes: &[u8]) -> Result<Fields, String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut fields = Fields::default();
    // The open elements below <xml>, and the text of the innermost one.
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut item: Option<HashMap<String, String>> = None;
    let mut seen_root = false;
    loop {
        let event = reader.read_event().map_err(|e| format!("not well-formed XML: {e}"))?;
        match &event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if !seen_root {
                    if name != "xml" {
                        return Err(format!("the root element is <{name}>, not <xml>"));
                    }
                    seen_root = true;
                    continue;
                }
                if name == "List" {
                    item = Some(HashMap::new());
                }
                path.push(name);
                text.clear();
            }
            Event::End(_) => {
                let Some(name) = path.pop() else {
                    // </xml>: the document is complete.
                    return Ok(fields);
                };
                if name == "List" {
                    fields.items.extend(item.take());
                } else if let Some(item) = item.as_mut() {
                    item.insert(name, std::mem::take(&mut text));
                } else if path.is_empty() {
                    fields.top.insert(name, std::mem::take(&mut text));
                }
                text.clear();
            }
            Event::Empty(e) if seen_root => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                match item.as_mut() {
                    Some(item) => item.insert(name, String::new()),
                    None if path.is_empty() => fields.top.insert(name, String::new()),
                    None => None,
                };
            }
            Event::Eof => return Err("the document ends before </xml>".into()),
            other => {
                if push_text(&mut text, other, 64 * 1024).is_err() {
                    return Err("a value is longer than 64 KiB".into());
                }
            }
        }
    }
}

fn json_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn json_items(v: &Value, out: &mut Vec<HashMap<String, String>>) {
    let one = |o: &serde_json::Map<String, Value>| {
        o.iter().filter_map(|(k, v)| json_text(v).map(|t| (k.clone(), t))).collect()
    };
    match v {
        Value::Object(o) => out.push(one(o)),
        Value::Array(a) => out.extend(a.iter().filter_map(Value::as_object).map(one)),
        _ => {}
    }
}

fn json_fields(bytes: &[u8]) -> Result<Fields, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
    let Value::Object(object) = value else {
        return Err("not a JSON object".into());
    };
    let mut fields = Fields::default();
    for (key, v) in &object {
        if key == "List" {
            json_items(v, &mut fields.items);
        } else if CONTAINERS.contains(&key.as_str()) {
            match v.get("List") {
                Some(list) => json_items(list, &mut fields.items),
                None => json_items(v, &mut fields.items),
            }
        } else if let Some(text) = json_text(v) {
            fields.top.insert(key.clone(), text);
        }
    }
    Ok(fields)
}

fn interpret(mut fields: Fields) -> Result<Parsed, String> {
    if let Some(encrypt) = fields.top.remove("Encrypt") {
        let signed = match (
            fields.top.remove("MsgSignature"),
            fields.top.remove("TimeStamp"),
            fields.top.remove("Nonce"),
        ) {
            (Some(s), Some(t), Some(n)) => Some((s, t, n)),
            _ => None,
        };
        return Ok(Parsed::Sealed(Envelope { encrypt, signed }));
    }
    let top = &fields.top;
    let get = |k: &str| top.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    if get("MsgType") != Some("event") {
        return Ok(Parsed::Other);
    }
    let Some(event) = get("Event") else {
        return Err("an event push without Event".into());
    };
    let openid = get("FromUserName").ok_or("the push has no FromUserName (openid)")?.to_owned();
    let to_user = get("ToUserName").unwrap_or_default().to_owned();
    let created_at: i64 = get("CreateTime")
        .ok_or("the push has no CreateTime")?
        .parse()
        .map_err(|_| "CreateTime is not a number".to_owned())?;
    let base = PushEvent {
        kind: PushKind::Sent,
        to_user,
        openid,
        created_at,
        template_id: None,
        msgid: None,
        code: None,
        status: None,
        scene: None,
    };
    let item_text = |item: &HashMap<String, String>, k: &str| {
        item.get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    };
    let mut events = Vec::new();
    match event.to_ascii_lowercase().as_str() {
        "subscribe_msg_sent_event" => {
            for item in &fields.items {
                let code = item_text(item, "ErrorCode").ok_or("a sent event without ErrorCode")?;
                events.push(PushEvent {
                    template_id: Some(
                        item_text(item, "TemplateId").ok_or("a sent event without TemplateId")?,
                    ),
                    msgid: Some(item_text(item, "MsgID").ok_or("a sent event without MsgID")?),
                    code: Some(code.parse().map_err(|_| format!("ErrorCode {code:?} is not a number"))?),
                    status: item_text(item, "ErrorStatus"),
                    ..base.clone()
                });
            }
        }
        "subscribe_msg_popup_event" | "subscribe_msg_change_event" => {
            let popup = event.eq_ignore_ascii_case("subscribe_msg_popup_event");
            for item in &fields.items {
                let status = item_text(item, "SubscribeStatusString");
                let kind = match (popup, status.as_deref()) {
                    (true, Some("accept")) => PushKind::PopupAccept,
                    (true, Some("reject")) => PushKind::PopupReject,
                    (false, Some("reject")) => PushKind::ChangeReject,
                    // WeChat pushes only rejects as changes; an accept there adds no grant.
                    (false, Some("accept")) => continue,
                    (_, other) => {
                        return Err(format!("SubscribeStatusString is {other:?}, not accept or reject"))
                    }
                };
                events.push(PushEvent {
                    kind,
                    template_id: Some(
                        item_text(item, "TemplateId").ok_or("a subscription event without TemplateId")?,
                    ),
                    status,
                    scene: item_text(item, "PopupScene").and_then(|s| s.parse().ok()),
                    ..base.clone()
                });
            }
        }
        "templatesendjobfinish" => {
            let status = get("Status").ok_or("TEMPLATESENDJOBFINISH without Status")?.to_owned();
            events.push(PushEvent {
                kind: PushKind::TemplateJob,
                msgid: Some(get("MsgID").ok_or("TEMPLATESENDJOBFINISH without MsgID")?.to_owned()),
                code: Some(if status == "success" { 0 } else { 1 }),
                status: Some(status),
                ..base
            });
        }
        _ => return Ok(Parsed::Other),
    }
    if events.is_empty() && !event.eq_ignore_ascii_case("subscribe_msg_change_event") {
        return Err(format!("{event} without a List item"));
    }
    Ok(Parsed::Events(events))
}
