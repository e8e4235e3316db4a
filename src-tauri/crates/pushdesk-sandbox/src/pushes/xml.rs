//! A push in WeChat's plaintext XML: strings in CDATA, numbers bare, no whitespace between
//! elements, so one push is one line of an export file.

use std::fmt::Write;

use super::{Push, PushEvent};

pub fn document(push: &Push) -> String {
    let mut x = String::with_capacity(512);
    x.push_str("<xml>");
    cdata(&mut x, "ToUserName", &push.to_user_name());
    cdata(&mut x, "FromUserName", &push.openid);
    number(&mut x, "CreateTime", push.create_time);
    cdata(&mut x, "MsgType", "event");
    cdata(&mut x, "Event", push.event_name());
    match &push.event {
        PushEvent::Sent { template_id, msgid, error_code, error_status } => {
            x.push_str("<SubscribeMsgSentEvent><List>");
            cdata(&mut x, "TemplateId", template_id);
            number(&mut x, "MsgID", msgid);
            number(&mut x, "ErrorCode", error_code);
            cdata(&mut x, "ErrorStatus", error_status);
            x.push_str("</List></SubscribeMsgSentEvent>");
        }
        PushEvent::Popup { items } => {
            x.push_str("<SubscribeMsgPopupEvent>");
            for item in items {
                x.push_str("<List>");
                cdata(&mut x, "TemplateId", &item.template_id);
                cdata(&mut x, "SubscribeStatusString", item.status.as_str());
                number(&mut x, "PopupScene", item.popup_scene);
                x.push_str("</List>");
            }
            x.push_str("</SubscribeMsgPopupEvent>");
        }
        PushEvent::Change { template_ids } => {
            x.push_str("<SubscribeMsgChangeEvent>");
            for template_id in template_ids {
                x.push_str("<List>");
                cdata(&mut x, "TemplateId", template_id);
                cdata(&mut x, "SubscribeStatusString", "reject");
                x.push_str("</List>");
            }
            x.push_str("</SubscribeMsgChangeEvent>");
        }
        PushEvent::TemplateSendJobFinish { msgid, status } => {
            number(&mut x, "MsgID", msgid);
            cdata(&mut x, "Status", status);
        }
    }
    x.push_str("</xml>");
    x
}

/// `<tag><![CDATA[text]]></tag>`; a `]]>` inside the text ends one CDATA section and starts
/// another between its `]]` and `>`, the only way to carry it.
fn cdata(x: &mut String, tag: &str, text: &str) {
    let text = text.replace("]]>", "]]]]><![CDATA[>");
    // Writing to a String cannot fail.
    let _ = write!(x, "<{tag}><![CDATA[{text}]]></{tag}>");
}

fn number(x: &mut String, tag: &str, n: impl std::fmt::Display) {
    let _ = write!(x, "<{tag}>{n}</{tag}>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pushes::{sample as push, PopupItem};

    /// The head every push shares, with the sandbox's `ToUserName` for the demo app.
    fn head(event: &str) -> String {
        let gh = push(PushEvent::Change { template_ids: vec![] }).to_user_name();
        format!(
            "<xml><ToUserName><![CDATA[{gh}]]></ToUserName><FromUserName><![CDATA[OPENID]]></FromUserName><CreateTime>1620963428</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event>"
        )
    }

    #[test]
    fn sent_event_has_wechats_shape() {
        let p = push(PushEvent::Sent {
            template_id: "TPL".into(),
            msgid: 1_864_323_726_461_255_680,
            error_code: 0,
            error_status: "success".into(),
        });
        assert_eq!(
            document(&p),
            head("subscribe_msg_sent_event")
                + "<SubscribeMsgSentEvent><List><TemplateId><![CDATA[TPL]]></TemplateId><MsgID>1864323726461255680</MsgID><ErrorCode>0</ErrorCode><ErrorStatus><![CDATA[success]]></ErrorStatus></List></SubscribeMsgSentEvent></xml>"
        );
    }

    #[test]
    fn popup_repeats_list_per_template() {
        let p = push(PushEvent::Popup { items: vec![PopupItem::accept("T1"), PopupItem::reject("T2")] });
        assert_eq!(
            document(&p),
            head("subscribe_msg_popup_event")
                + "<SubscribeMsgPopupEvent><List><TemplateId><![CDATA[T1]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>0</PopupScene></List><List><TemplateId><![CDATA[T2]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>0</PopupScene></List></SubscribeMsgPopupEvent></xml>"
        );
    }

    #[test]
    fn change_event_is_a_reject() {
        let p = push(PushEvent::Change { template_ids: vec!["T1".into()] });
        assert_eq!(
            document(&p),
            head("subscribe_msg_change_event")
                + "<SubscribeMsgChangeEvent><List><TemplateId><![CDATA[T1]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString></List></SubscribeMsgChangeEvent></xml>"
        );
    }

    #[test]
    fn template_job_finish_has_top_level_msgid_and_status() {
        let p =
            push(PushEvent::TemplateSendJobFinish { msgid: 200_163_840, status: "failed:user block".into() });
        assert_eq!(
            document(&p),
            head("TEMPLATESENDJOBFINISH")
                + "<MsgID>200163840</MsgID><Status><![CDATA[failed:user block]]></Status></xml>"
        );
    }

    #[test]
    fn cdata_end_inside_text_is_split() {
        let mut x = String::new();
        cdata(&mut x, "T", "a]]>b<c>&");
        assert_eq!(x, "<T><![CDATA[a]]]]><![CDATA[>b<c>&]]></T>");
    }
}
