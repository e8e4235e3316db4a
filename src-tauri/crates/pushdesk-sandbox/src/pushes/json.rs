//! A push in WeChat's JSON mode. Fields keep WeChat's order; `List` is an object for one item
//! and an array for several; `MsgID` and `PopupScene` are strings (a msgid exceeds 2^53, and
//! WeChat writes the scene as one).

use serde::Serialize;

use super::{Push, PushEvent};

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Event<'a> {
    to_user_name: String,
    from_user_name: &'a str,
    create_time: u64,
    msg_type: &'static str,
    event: &'static str,
    list: OneOrMore<Item<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum OneOrMore<T> {
    One(T),
    More(Vec<T>),
}

#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Sent {
        #[serde(rename = "TemplateId")]
        template_id: &'a str,
        #[serde(rename = "MsgID")]
        msgid: String,
        #[serde(rename = "ErrorCode")]
        error_code: i64,
        #[serde(rename = "ErrorStatus")]
        error_status: &'a str,
    },
    Popup {
        #[serde(rename = "TemplateId")]
        template_id: &'a str,
        #[serde(rename = "SubscribeStatusString")]
        status: &'static str,
        #[serde(rename = "PopupScene")]
        popup_scene: String,
    },
    Change {
        #[serde(rename = "TemplateId")]
        template_id: &'a str,
        #[serde(rename = "SubscribeStatusString")]
        status: &'static str,
    },
}

/// `TEMPLATESENDJOBFINISH`: no `List`, `MsgID` and `Status` at the top level.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct JobFinished<'a> {
    to_user_name: String,
    from_user_name: &'a str,
    create_time: u64,
    msg_type: &'static str,
    event: &'static str,
    #[serde(rename = "MsgID")]
    msgid: String,
    status: &'a str,
}

pub fn object(push: &Push) -> String {
    if let PushEvent::TemplateSendJobFinish { msgid, status } = &push.event {
        let event = JobFinished {
            to_user_name: push.to_user_name(),
            from_user_name: &push.openid,
            create_time: push.create_time,
            msg_type: "event",
            event: push.event_name(),
            msgid: msgid.to_string(),
            status,
        };
        return serde_json::to_string(&event).unwrap_or_default();
    }
    let mut items: Vec<Item<'_>> = match &push.event {
        PushEvent::Sent { template_id, msgid, error_code, error_status } => {
            vec![Item::Sent { template_id, msgid: msgid.to_string(), error_code: *error_code, error_status }]
        }
        PushEvent::Popup { items } => items
            .iter()
            .map(|i| Item::Popup {
                template_id: &i.template_id,
                status: i.status.as_str(),
                popup_scene: i.popup_scene.to_string(),
            })
            .collect(),
        PushEvent::Change { template_ids } => {
            template_ids.iter().map(|t| Item::Change { template_id: t, status: "reject" }).collect()
        }
        // Rendered above.
        PushEvent::TemplateSendJobFinish { .. } => Vec::new(),
    };
    let list = match items.len() {
        1 => OneOrMore::One(items.remove(0)),
        _ => OneOrMore::More(items),
    };
    let event = Event {
        to_user_name: push.to_user_name(),
        from_user_name: &push.openid,
        create_time: push.create_time,
        msg_type: "event",
        event: push.event_name(),
        list,
    };
    // Only strings and integers: serialising cannot fail.
    serde_json::to_string(&event).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pushes::{sample as push, PopupItem};

    fn head(p: &Push, event: &str) -> String {
        format!(
            r#"{{"ToUserName":"{}","FromUserName":"OPENID","CreateTime":1620963428,"MsgType":"event","Event":"{event}","#,
            p.to_user_name()
        )
    }

    #[test]
    fn sent_event_has_wechats_shape() {
        let p = push(PushEvent::Sent {
            template_id: "TPL".into(),
            msgid: 1_864_323_726_461_255_680,
            error_code: 10005,
            error_status: "fail".into(),
        });
        assert_eq!(
            object(&p),
            head(&p, "subscribe_msg_sent_event")
                + r#""List":{"TemplateId":"TPL","MsgID":"1864323726461255680","ErrorCode":10005,"ErrorStatus":"fail"}}"#
        );
    }

    #[test]
    fn template_job_finish_keeps_msgid_as_text() {
        let p = push(PushEvent::TemplateSendJobFinish {
            msgid: 2_864_323_726_461_255_680,
            status: "success".into(),
        });
        assert_eq!(
            object(&p),
            head(&p, "TEMPLATESENDJOBFINISH") + r#""MsgID":"2864323726461255680","Status":"success"}"#
        );
    }

    #[test]
    fn list_is_an_array_for_several_items() {
        let p = push(PushEvent::Popup { items: vec![PopupItem::accept("T1"), PopupItem::reject("T\"2")] });
        assert_eq!(
            object(&p),
            head(&p, "subscribe_msg_popup_event")
                + r#""List":[{"TemplateId":"T1","SubscribeStatusString":"accept","PopupScene":"0"},{"TemplateId":"T\"2","SubscribeStatusString":"reject","PopupScene":"0"}]}"#
        );
        let p = push(PushEvent::Change { template_ids: vec!["T1".into()] });
        assert_eq!(
            object(&p),
            head(&p, "subscribe_msg_change_event")
                + r#""List":{"TemplateId":"T1","SubscribeStatusString":"reject"}}"#
        );
    }
}
