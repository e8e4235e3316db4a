//! An Official Account through the CLI: `account add --kind official-account`, `template sync`,
//! and `send` of template messages that open a bound mini program's page.

use crate::common;

use common::{stderr, stdout, World};
use pushdesk_sandbox::demo_official::{
    oa_follower_openid, OA_DEFAULT_FOLLOWERS, OA_TPL_LEGACY_PAYMENT, OA_TPL_ORDER_SHIPPED,
};
use pushdesk_sandbox::{DEMO_APPID, DEMO_OA_APPID, DEMO_OA_SECRET};

const ENV: [(&str, &str); 1] = [("PUSHDESK_APP_SECRET", DEMO_OA_SECRET)];

fn add_official_account(w: &World) {
    let url = w.sandbox.url();
    let args = [
        "account",
        "add",
        "--name",
        "服务号",
        "--kind",
        "official-account",
        "--appid",
        DEMO_OA_APPID,
        "--mini-program",
        DEMO_APPID,
        "--api-base",
        &url,
    ];
    let add = w.run(&args, None, &ENV);
    assert!(add.status.success(), "{}", stderr(&add));
}

fn send_args<'a>(file: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "send",
        "--account",
        "服务号",
        "--template",
        OA_TPL_ORDER_SHIPPED,
        "--recipients",
        file,
        "--value",
        "thing2=顺丰速运",
        "--value",
        "time4=2026-12-05 10:00",
        "--rate",
        "200",
        "--yes",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn an_official_account_sends_template_messages_that_open_a_bound_mini_program() {
    let w = World::new("cliofficial1");
    add_official_account(&w);
    let list = w.run(&["account", "list", "--json"], None, &[]);
    let accounts: serde_json::Value = serde_json::from_str(&stdout(&list)).unwrap();
    let oa = accounts.as_array().unwrap().iter().find(|a| a["name"] == "服务号").unwrap();
    assert_eq!(oa["kind"], "official_account");
    assert_eq!(oa["miniPrograms"], serde_json::json!([DEMO_APPID]));
    // Test connection lists the Official Account's own templates (a mini program's API would
    // answer 48001).
    let test = w.run(&["account", "test", "服务号"], None, &ENV);
    assert!(test.status.success(), "{}{}", stdout(&test), stderr(&test));

    let mut text = String::from("openid,商品名称,快递单号\n");
    for i in 0..12 {
        text.push_str(&format!("{},拿铁咖啡豆 {i} 号,SF{i:010}\n", oa_follower_openid(i)));
    }
    let file = w.data_dir().join("followers.csv");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    let page = ["--mp-appid", DEMO_APPID, "--mp-page", "pages/order/detail?id=7"];
    let sent = w.run(&send_args(file, &page), None, &ENV);
    assert!(sent.status.success(), "{}", stderr(&sent));
    assert!(stdout(&sent).contains("finished — 12 sent"), "{}", stdout(&sent));
    assert_eq!(w.sandbox.stats().accepted, 12);
}

#[test]
fn a_jump_the_account_cannot_make_is_refused_before_anything_is_sent() {
    let w = World::new("cliofficial2");
    add_official_account(&w);
    let file = w.data_dir().join("one.csv");
    std::fs::write(&file, format!("openid,商品名称,快递单号\n{},咖啡,SF1\n", oa_follower_openid(1))).unwrap();
    let file = file.to_str().unwrap();

    let unbound =
        w.run(&send_args(file, &["--mp-appid", "wx9999999999999999", "--mp-page", "pages/a"]), None, &ENV);
    assert!(!unbound.status.success());
    assert!(stderr(&unbound).contains("not among the mini programs bound"), "{}", stderr(&unbound));

    let not_web = w.run(&send_args(file, &["--url", "shop.example.com/o/1"]), None, &ENV);
    assert!(!not_web.status.success());
    assert!(stderr(&not_web).contains("is not a web address"), "{}", stderr(&not_web));

    // A legacy template's card shows 20 characters of a value and WeChat folds the rest
    // without an error: refused instead, and `first`/`remark` are not asked for.
    let long = w.data_dir().join("long.csv");
    let row = format!("{},SF123456789012345678901,128.00元\n", oa_follower_openid(1));
    std::fs::write(&long, format!("openid,订单号,金额\n{row}")).unwrap();
    let legacy = [
        "send",
        "--account",
        "服务号",
        "--template",
        OA_TPL_LEGACY_PAYMENT,
        "--recipients",
        long.to_str().unwrap(),
        "--yes",
        "--dry-run",
    ];
    let too_long = w.run(&legacy, None, &ENV);
    assert!(stdout(&too_long).contains("0 of 1 rows would be sent"), "{}", stdout(&too_long));
    assert!(stderr(&too_long).contains("WeChat would cut it"), "{}", stderr(&too_long));
    assert_eq!(w.sandbox.stats().sends_received, 0);
}

#[test]
fn followers_with_every_tag_named_are_the_audience() {
    let w = World::new("cliofficial3");
    add_official_account(&w);
    let args = [
        "send",
        "--account",
        "服务号",
        "--template",
        OA_TPL_ORDER_SHIPPED,
        "--followers",
        "tag:VIP,北京",
        "--tag-match",
        "all",
        "--value",
        "thing1=拿铁咖啡豆",
        "--value",
        "thing2=顺丰速运",
        "--value",
        "character_string3=SF1",
        "--value",
        "time4=2026-12-05 10:00",
        "--dry-run",
    ];
    let every = (0..OA_DEFAULT_FOLLOWERS).filter(|i| i % 21 == 0).count();
    let out = w.run(&args, None, &ENV);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = format!("{every} of {every} rows would be sent");
    assert!(stdout(&out).contains(&said), "{}", stdout(&out));
    assert!(stderr(&out).contains("followers:"), "fetching says how far it has come: {}", stderr(&out));

    let unknown = w.run(
        &[
            "send",
            "--account",
            "服务号",
            "--template",
            OA_TPL_ORDER_SHIPPED,
            "--followers",
            "tag:金卡",
            "--dry-run",
        ],
        None,
        &ENV,
    );
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("no tag \"金卡\""), "{}", stderr(&unknown));
}
