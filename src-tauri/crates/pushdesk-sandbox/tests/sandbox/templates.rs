//! `/wxaapi/newtmpl/…` and the demo data itself.

use crate::common;

use std::collections::BTreeSet;

use common::{errcode, gen_openid, Env};
use pushdesk_core::template::{parse_content, EnumValueList, KeywordKind};
use pushdesk_sandbox::demo::{demo_templates, TPL_STORE_NOTICE};
use pushdesk_sandbox::{demo_openids, is_openid_shaped};
use serde_json::{json, Map, Value};

#[tokio::test]
async fn gettemplate_lists_the_demo_templates_covering_every_keyword_type() {
    let env = Env::default().await;
    let token = env.token().await;
    let v = env.get_json(&format!("/wxaapi/newtmpl/gettemplate?access_token={token}")).await;
    assert_eq!(v["errcode"], 0);
    let data = v["data"].as_array().expect("data");
    assert!(data.len() >= 7);
    assert!(data.iter().any(|t| t["type"] == 3), "one long-term template");
    assert!(data.iter().any(|t| t["content"] == ""), "one new-style template");

    let mut kinds = BTreeSet::new();
    for t in data {
        let enums: Vec<EnumValueList> =
            serde_json::from_value(t.get("keywordEnumValueList").cloned().unwrap_or(json!([])))
                .expect("enum list");
        for kw in parse_content(t["content"].as_str().expect("content"), &enums) {
            if kw.kind == KeywordKind::Enum {
                assert!(!kw.enum_values.is_empty(), "{} has its values", kw.key);
            }
            kinds.insert(format!("{:?}", kw.kind));
        }
    }
    for kind in [
        KeywordKind::Thing,
        KeywordKind::Number,
        KeywordKind::Letter,
        KeywordKind::Symbol,
        KeywordKind::CharacterString,
        KeywordKind::Time,
        KeywordKind::Date,
        KeywordKind::Amount,
        KeywordKind::PhoneNumber,
        KeywordKind::CarNumber,
        KeywordKind::Name,
        KeywordKind::Phrase,
        KeywordKind::Enum,
        KeywordKind::ShortThing,
    ] {
        assert!(kinds.contains(&format!("{kind:?}")), "{kind:?} missing");
    }
}

/// Every demo template's own example is a valid send: the demo data and the rules agree.
#[tokio::test]
async fn every_demo_example_is_accepted() {
    let env = Env::default().await;
    let token = env.token().await;
    for (i, t) in demo_templates().into_iter().enumerate() {
        if t.pri_tmpl_id == TPL_STORE_NOTICE {
            continue;
        }
        let enums: Vec<EnumValueList> = t
            .enums
            .iter()
            .map(|(c, v)| EnumValueList { keyword_code: c.clone(), enum_value_list: v.clone() })
            .collect();
        let keywords = parse_content(&t.content, &enums);
        let values: Vec<&str> = t.example.lines().filter_map(|l| l.split_once(':').map(|(_, v)| v)).collect();
        assert_eq!(keywords.len(), values.len(), "{}", t.title);
        let mut data = Map::new();
        for (kw, value) in keywords.iter().zip(values) {
            data.insert(kw.key.clone(), json!({ "value": value }));
        }
        let body = json!({"touser": gen_openid(i), "template_id": t.pri_tmpl_id, "page": "pages/index/index", "data": data});
        let v = env.send(&token, &body).await;
        assert_eq!(errcode(&v), 0, "{}: {v}", t.title);
    }
    // The new-style template validates against keywords WeChat does not show.
    let v = env
        .send(
            &token,
            &json!({"touser": gen_openid(50), "template_id": TPL_STORE_NOTICE,
            "data": {"thing1": {"value": "本周会员日全场八折"}, "time2": {"value": "2026-11-24 10:00"}}}),
        )
        .await;
    assert_eq!(errcode(&v), 0, "{v}");
}

#[test]
fn demo_users_are_well_formed() {
    let users = demo_openids();
    assert_eq!(users.len(), 20);
    assert!(users.iter().all(|u| is_openid_shaped(&u.openid)));
    assert_eq!(users.iter().filter(|u| u.other_app).count(), 1);
    assert_eq!(
        users.iter().filter(|u| !u.other_app && u.subscriptions.iter().all(|(_, n)| *n == 0)).count(),
        2
    );
    let ids: BTreeSet<_> = users.iter().map(|u| &u.openid).collect();
    assert_eq!(ids.len(), users.len());
}

#[tokio::test]
async fn category_and_library_queries() {
    let env = Env::default().await;
    let token = env.token().await;
    let q = |p: &str| {
        format!("/wxaapi/newtmpl/{p}{}access_token={token}", if p.contains('?') { "&" } else { "?" })
    };

    let cats = env.get_json(&q("getcategory")).await;
    assert_eq!(cats["errcode"], 0);
    let ids: Vec<String> =
        cats["data"].as_array().expect("data").iter().map(|c| c["id"].to_string()).collect();
    assert!(ids.len() >= 3);

    let all = ids.join(",");
    let titles = env.get_json(&q(&format!("getpubtemplatetitles?ids={all}&start=0&limit=30"))).await;
    assert_eq!(titles["errcode"], 0);
    let count = titles["count"].as_u64().expect("count");
    assert!(count >= 10);
    let page = env.get_json(&q(&format!("getpubtemplatetitles?ids={all}&start=2&limit=3"))).await;
    assert_eq!(page["data"].as_array().expect("data").len(), 3);
    assert_eq!(page["data"][0], titles["data"][2]);
    assert!(page["data"][0]["categoryId"].is_string());

    assert_eq!(
        errcode(&env.get_json(&q(&format!("getpubtemplatetitles?ids={all}&start=0&limit=31"))).await),
        200017
    );
    assert_eq!(errcode(&env.get_json(&q("getpubtemplatetitles?start=0&limit=5")).await), 200018);
    assert_eq!(errcode(&env.get_json(&q("getpubtemplatetitles?ids=abc&start=0&limit=5")).await), 200019);

    let tid = &titles["data"][0]["tid"];
    let kws = env.get_json(&q(&format!("getpubtemplatekeywords?tid={tid}"))).await;
    assert_eq!(kws["errcode"], 0);
    let first = &kws["data"][0];
    for field in ["kid", "name", "example", "rule"] {
        assert!(!first[field].is_null(), "{field}: {first}");
    }
    assert_eq!(errcode(&env.get_json(&q("getpubtemplatekeywords?tid=999999")).await), 200014);
}

#[tokio::test]
async fn add_and_delete_private_templates() {
    let env = Env::default().await;
    let token = env.token().await;
    let add = |body: Value| {
        let env = &env;
        let token = token.clone();
        async move { env.post_json(&format!("/wxaapi/newtmpl/addtemplate?access_token={token}"), &body).await }
    };
    // 1201 退款成功通知: amount1, character_string2, thing3, time4.
    let v = add(json!({"tid": 1201, "kidList": [1, 3, 4], "sceneDesc": "退款通知"})).await;
    assert_eq!(v["errcode"], 0, "{v}");
    let id = v["priTmplId"].as_str().expect("id").to_owned();

    let list = env.get_json(&format!("/wxaapi/newtmpl/gettemplate?access_token={token}")).await;
    let added = list["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|t| t["priTmplId"] == id.as_str())
        .cloned()
        .expect("listed");
    assert_eq!(
        added["content"],
        "退款金额:{{amount1.DATA}}\n退款原因:{{thing3.DATA}}\n到账时间:{{time4.DATA}}\n"
    );
    let body = json!({"touser": gen_openid(1), "template_id": id, "data": {
        "amount1": {"value": "￥32.50"}, "thing3": {"value": "商品缺货"}, "time4": {"value": "2026-11-24 18:00"}}});
    assert_eq!(errcode(&env.send(&token, &body).await), 0);

    assert_eq!(errcode(&add(json!({"tid": 1201, "kidList": [1]})).await), 200020);
    assert_eq!(errcode(&add(json!({"tid": 1201, "kidList": [1, 99]})).await), 200020);
    assert_eq!(
        errcode(
            &add(json!({"tid": 1201, "kidList": [1, 2], "sceneDesc": "一二三四五六七八九十一二三四五六"}))
                .await
        ),
        200021
    );
    assert_eq!(errcode(&add(json!({"tid": "424242", "kidList": [1, 2]})).await), 200014);

    // 8 demo + 1 added; fill up to 25, then 200012.
    for _ in 0..16 {
        assert_eq!(errcode(&add(json!({"tid": "1001", "kidList": [1, 2]})).await), 0);
    }
    assert_eq!(errcode(&add(json!({"tid": 1001, "kidList": [1, 2]})).await), 200012);

    let del = |id: String| {
        let env = &env;
        let token = token.clone();
        async move {
            env.post_json(
                &format!("/wxaapi/newtmpl/deltemplate?access_token={token}"),
                &json!({"priTmplId": id}),
            )
            .await
        }
    };
    assert_eq!(errcode(&del(id.clone()).await), 0);
    assert_eq!(errcode(&del(id.clone()).await), 40037);
    assert_eq!(errcode(&env.send(&token, &body).await), 40037);
    assert_eq!(errcode(&add(json!({"tid": 1001, "kidList": [1, 2]})).await), 0);
}
