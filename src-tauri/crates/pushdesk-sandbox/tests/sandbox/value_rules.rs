//! `subscribe/send` judges values with the sandbox's own rule table (src/rules), answering
//! WeChat's two wordings: `is empty` and `invalid` (also for a value that is too long).

use crate::common;

use common::{errcode, Env, RICH_USER};
use pushdesk_sandbox::demo::TPL_BOOKING_CONFIRMED;
use serde_json::{json, Value};

fn booking(field: &str, value: &str) -> Value {
    let mut body = json!({
        "touser": RICH_USER, "template_id": TPL_BOOKING_CONFIRMED,
        "data": {
            "name1": {"value": "张三"}, "phone_number2": {"value": "138-0013-8000"},
            "time3": {"value": "2026年11月28日 14:30"}, "car_number4": {"value": "粤A8Z888"},
            "enum_string5": {"value": "已确认"}
        }
    });
    body["data"][field]["value"] = json!(value);
    body
}

#[tokio::test]
async fn the_sandbox_answers_by_its_own_rule_table() {
    let env = Env::default().await;
    env.sandbox.control().grant(RICH_USER, TPL_BOOKING_CONFIRMED, 20);
    let token = env.token().await;
    let accepted = [
        ("phone_number2", "138****8000"),
        ("phone_number2", "0766-66888866#123"),
        ("name1", "O'Neil"),
        ("car_number4", "粤A8Z888挂"),
        ("time3", "2019年10月1日 15:01~2019年10月2日 15:01"),
    ];
    for (field, value) in accepted {
        let v = env.send(&token, &booking(field, value)).await;
        assert_eq!(errcode(&v), 0, "{field} {value:?}: {v}");
    }
    let refused = [
        ("phone_number2", "(0766) 6688 8866", "invalid"),
        ("name1", "John Smith", "invalid"),
        ("name1", "user25", "invalid"),
        ("name1", "一二三四五六七八九十一", "invalid"),
        ("time3", "9:05", "invalid"),
        ("car_number4", "粤A-12345", "invalid"),
        ("time3", " ", "is empty"),
    ];
    for (field, value, wording) in refused {
        let v = env.send(&token, &booking(field, value)).await;
        assert_eq!(errcode(&v), 47003, "{field} {value:?}: {v}");
        let msg = v["errmsg"].as_str().expect("errmsg");
        assert!(msg.starts_with(&format!("argument invalid! data.{field}.value {wording} rid: ")), "{msg}");
    }
}
