//! Reading WeChat's event pushes (issue 14): WeChat's documented examples in XML, JSON and safe
//! mode, `List` repeated, as an object and as an array, bad signatures refused, broken pushes
//! reported where they are and the rest read.

use std::path::Path;

use pushdesk_core::events::crypto::{encrypt, sign};
use pushdesk_core::events::read::{read_file, Opener};
use pushdesk_core::events::split::Syntax;
use pushdesk_core::events::{parse, IntakeSummary, Parsed, PushEvent, PushKeys, PushKind, PushProblemKind};
use pushdesk_core::secrets::Sensitive;

const APPID: &str = "wx1234567890abcdef";
const TOKEN: &str = "pushdeskToken42";
const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

// WeChat's example of a delivery receipt (小程序 subscribe message, 消息推送, XML).
const SENT_XML: &str = "<xml>\n  <ToUserName><![CDATA[gh_123456789abc]]></ToUserName>\n  <FromUserName><![CDATA[o7esq5OI1Uej6Xixw1lA2H7XDVbc]]></FromUserName>\n  <CreateTime>1620963428</CreateTime>\n  <MsgType><![CDATA[event]]></MsgType>\n  <Event><![CDATA[subscribe_msg_sent_event]]></Event>\n  <SubscribeMsgSentEvent>\n    <List>\n      <TemplateId><![CDATA[BEwX0BOT3MqK3Uc5oTU3CGBqzjpndk2jzUf7VfExd8]]></TemplateId>\n      <MsgID>1864323726461255680</MsgID>\n      <ErrorCode>0</ErrorCode>\n      <ErrorStatus><![CDATA[success]]></ErrorStatus>\n    </List>\n  </SubscribeMsgSentEvent>\n</xml>";

// WeChat's popup example: the List element repeats, one per template of the popup.
const POPUP_XML: &str = "<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName><CreateTime>1610969440</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List><List><TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>";

// JSON mode: the same fields; List an array for a popup of several templates …
const POPUP_JSON: &str = r#"{"ToUserName":"gh_123456789abc","FromUserName":"o7esq5OI1Uej6Xixw1lA2H7XDVbc","CreateTime":"1620973045","MsgType":"event","Event":"subscribe_msg_popup_event","List":[{"TemplateId":"hD-ixGOhYmUfjOnI8MCzQMPshzGVeux_2vzyvQu7O68","SubscribeStatusString":"accept","PopupScene":"0"},{"TemplateId":"hD-ixGOhYmUfjOnI8MCzQMPshzGVeux_2vzyvQu7O69","SubscribeStatusString":"accept","PopupScene":"0"}]}"#;
// … and an object for one receipt.
const SENT_JSON: &str = r#"{"ToUserName":"gh_123456789abc","FromUserName":"o7esq5OI1Uej6Xixw1lA2H7XDVbc","CreateTime":1620963428,"MsgType":"event","Event":"subscribe_msg_sent_event","List":{"TemplateId":"BEwX0BOT3MqK3Uc5oTU3CGBqzjpndk2jzUf7VfExd8","MsgID":"1864323726461255680","ErrorCode":10005,"ErrorStatus":"fail"}}"#;
// Some servers keep the container element in JSON too.
const CHANGE_JSON: &str = r#"{"ToUserName":"gh_123456789abc","FromUserName":"o7esq5OI1Uej6Xixw1lA2H7XDVbc","CreateTime":1610969468,"MsgType":"event","Event":"subscribe_msg_change_event","SubscribeMsgChangeEvent":{"List":{"TemplateId":"VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc","SubscribeStatusString":"reject"}}}"#;
// An Official Account template message's result.
const JOB_XML: &str = "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[oia2TjuEGTNoeX76QEjQNrcURxG8]]></FromUserName><CreateTime>1395658920</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200163836</MsgID><Status><![CDATA[failed:user block]]></Status></xml>";
// A user's text message: not Pushdesk's business.
const TEXT_XML: &str = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content><MsgId>1</MsgId></xml>";

fn events(syntax: Syntax, text: &str) -> Vec<PushEvent> {
    match parse(syntax, text.as_bytes()).unwrap() {
        Parsed::Events(events) => events,
        other => panic!("{other:?}"),
    }
}

fn keys() -> PushKeys {
    PushKeys { token: Sensitive::new(TOKEN.into()), aes_key: Some(Sensitive::new(AES_KEY.into())) }
}

/// Reads `text` as a file; returns the events handed to the store and the summary.
fn read(text: &str, keys: Option<PushKeys>) -> (Vec<PushEvent>, IntakeSummary) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pushes.log");
    std::fs::write(&path, text).unwrap();
    read_path(&path, keys)
}

fn read_path(path: &Path, keys: Option<PushKeys>) -> (Vec<PushEvent>, IntakeSummary) {
    let opener = Opener::new(APPID, move || keys.clone());
    let mut summary = IntakeSummary::default();
    let mut stored = Vec::new();
    read_file(path, &opener, &mut summary, &mut |batch, _| {
        stored.extend_from_slice(batch);
        Ok(())
    })
    .unwrap();
    (stored, summary)
}

#[test]
fn a_delivery_receipt_in_xml() {
    let e = events(Syntax::Xml, SENT_XML);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].kind, PushKind::Sent);
    assert_eq!(e[0].openid, "o7esq5OI1Uej6Xixw1lA2H7XDVbc");
    assert_eq!(e[0].to_user, "gh_123456789abc");
    assert_eq!(e[0].msgid.as_deref(), Some("1864323726461255680"), "all 19 digits");
    assert_eq!((e[0].code, e[0].created_at, e[0].delivered()), (Some(0), 1620963428, true));
}

#[test]
fn a_popup_with_a_repeated_list_is_one_event_per_template() {
    let e = events(Syntax::Xml, POPUP_XML);
    assert_eq!(e.iter().map(|e| e.kind).collect::<Vec<_>>(), [PushKind::PopupAccept, PushKind::PopupReject]);
    assert_eq!(e[1].template_id.as_deref(), Some("9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI"));
    assert_eq!(e[0].scene, Some(2));
}

#[test]
fn json_list_as_an_array_as_an_object_and_inside_its_container() {
    let popup = events(Syntax::Json, POPUP_JSON);
    assert_eq!(popup.len(), 2);
    assert!(popup.iter().all(|e| e.kind == PushKind::PopupAccept && e.created_at == 1620973045));
    let sent = events(Syntax::Json, SENT_JSON);
    assert_eq!((sent.len(), sent[0].code, sent[0].delivered()), (1, Some(10005), false));
    assert_eq!(sent[0].msgid.as_deref(), Some("1864323726461255680"));
    let change = events(Syntax::Json, CHANGE_JSON);
    assert_eq!((change.len(), change[0].kind), (1, PushKind::ChangeReject));
    // A change to accept (WeChat does not push one) adds no grant and takes none away.
    assert!(events(Syntax::Json, &CHANGE_JSON.replace("reject", "accept")).is_empty());
}

#[test]
fn a_template_message_result_and_other_pushes() {
    let job = events(Syntax::Xml, JOB_XML);
    assert_eq!(
        (job[0].kind, job[0].msgid.as_deref(), job[0].delivered()),
        (PushKind::TemplateJob, Some("200163836"), false)
    );
    assert_eq!(job[0].status.as_deref(), Some("failed:user block"));
    assert_eq!(parse(Syntax::Xml, TEXT_XML.as_bytes()).unwrap(), Parsed::Other);
}

#[test]
fn a_file_of_concatenated_xml_json_lines_and_a_json_array() {
    let (stored, s) = read(&format!("{SENT_XML}{POPUP_XML}\n{TEXT_XML}\n"), None);
    assert_eq!((stored.len(), s.read, s.other, s.malformed), (3, 3, 1, 0));
    let (stored, s) = read(&format!("{POPUP_JSON}\n{SENT_JSON}\n{CHANGE_JSON}\n"), None);
    assert_eq!((stored.len(), s.malformed), (4, 0));
    let (stored, s) = read(&format!("[\n{POPUP_JSON},\n{SENT_JSON}\n]"), None);
    assert_eq!((stored.len(), s.malformed), (3, 0));
}

#[test]
fn a_truncated_file_reports_the_cut_push_and_reads_the_rest() {
    let cut = &SENT_XML[..SENT_XML.len() / 2];
    let text = format!("{POPUP_XML}\n{cut}\n{JOB_XML}\n{SENT_XML}\n{}", &SENT_JSON[..40]);
    let (stored, s) = read(&text, None);
    assert_eq!(stored.len(), 4, "the popup's two, the job, the last receipt");
    assert_eq!(s.malformed, 2);
    assert_eq!((s.problems[0].line, s.problems[0].kind), (2, PushProblemKind::Truncated));
    assert_eq!(s.problems[0].offset, POPUP_XML.len() as u64 + 1);
    assert_eq!(s.problems[1].kind, PushProblemKind::Truncated);
    assert!(s.problems[1].line > 2);
    // A push missing a field WeChat always sends is unreadable, with why.
    let (_, s) = read(&SENT_XML.replace("<CreateTime>1620963428</CreateTime>", ""), None);
    assert_eq!((s.malformed, s.problems[0].kind), (1, PushProblemKind::Unreadable));
    assert!(s.problems[0].detail.contains("CreateTime"), "{:?}", s.problems[0]);
}

/// Safe mode: the body is an `Encrypt` envelope; a logged body may keep `MsgSignature`,
/// `TimeStamp` and `Nonce`, which are checked.
#[test]
fn safe_mode_envelopes_open_with_the_account_keys_and_a_bad_signature_is_refused() {
    let key = Sensitive::new(AES_KEY.to_owned());
    let sealed = encrypt(&key, SENT_XML.as_bytes(), APPID).unwrap();
    let signature = sign(&[TOKEN, "1620963428", "nonce7", &sealed]);
    let xml = format!(
        "<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><Encrypt><![CDATA[{sealed}]]></Encrypt><MsgSignature><![CDATA[{signature}]]></MsgSignature><TimeStamp>1620963428</TimeStamp><Nonce><![CDATA[nonce7]]></Nonce></xml>"
    );
    let sealed_json = encrypt(&key, POPUP_JSON.as_bytes(), APPID).unwrap();
    let json = format!(r#"{{"ToUserName":"gh_123456789abc","Encrypt":"{sealed_json}"}}"#);
    let forged = xml.replace(&signature, &sign(&["another", "1620963428", "nonce7", &sealed]));
    let other_app = format!(
        "<xml><Encrypt><![CDATA[{}]]></Encrypt></xml>",
        encrypt(&key, SENT_XML.as_bytes(), "wx0000000000000000").unwrap()
    );

    let (stored, s) = read(&format!("{xml}\n{json}\n{forged}\n{other_app}\n"), Some(keys()));
    assert_eq!(stored.len(), 3, "the receipt and the popup's two");
    assert_eq!(stored[0].msgid.as_deref(), Some("1864323726461255680"));
    let kinds: Vec<_> = s.problems.iter().map(|p| (p.line, p.kind)).collect();
    assert_eq!(kinds, [(3, PushProblemKind::BadSignature), (4, PushProblemKind::OtherAccount)]);

    // Without the keys, an envelope says what is missing.
    let (stored, s) = read(&xml, None);
    assert_eq!((stored.len(), s.problems[0].kind), (0, PushProblemKind::NoKey));
}

#[test]
fn a_missing_file_is_one_problem() {
    let (_, s) = read_path(Path::new("/nonexistent/pushes.xml"), None);
    assert_eq!((s.malformed, s.problems[0].kind), (1, PushProblemKind::FileUnreadable));
}
