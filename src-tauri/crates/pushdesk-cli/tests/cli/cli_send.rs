//! `pushdesk send` and `pushdesk campaign …` against a sandbox over loopback.

use crate::common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{stderr, stdout, World};
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::Fault;

const HEADER: &str = "openid,商品名称,快递单号\n";

fn openid(i: usize) -> String {
    format!("oCliSend{i:020}")
}

/// A recipients file: `n` good rows, then the given extra lines (also `cli_audit`'s).
pub(crate) fn recipients(w: &World, name: &str, n: usize, extra: &str) -> std::path::PathBuf {
    let mut text = String::from(HEADER);
    for i in 0..n {
        text.push_str(&format!("{},拿铁咖啡豆 {i} 号,SF{i:010}\n", openid(i)));
    }
    text.push_str(extra);
    let path = w.data_dir().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

pub(crate) fn add_account(w: &World) -> [(&'static str, String); 1] {
    let env = [("PUSHDESK_APP_SECRET", w.secret.clone())];
    let env_ref: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let url = w.sandbox.url();
    let add =
        w.run(&["account", "add", "--name", "shop", "--appid", &w.appid, "--api-base", &url], None, &env_ref);
    assert!(add.status.success(), "{}", stderr(&add));
    env
}

pub(crate) fn send_args(file: &std::path::Path) -> Vec<String> {
    [
        "send",
        "--account",
        "shop",
        "--template",
        TPL_ORDER_SHIPPED,
        "--recipients",
        file.to_str().unwrap(),
        "--value",
        "phrase3=顺丰速运",
        "--value",
        "time4=2026-11-24 10:00",
        "--value",
        "amount5=￥89.00",
        "--page",
        "pages/order/detail?id=7",
        "--rate",
        "200",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

pub(crate) fn run(w: &World, args: &[String], env: &[(&'static str, String)]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    w.run(&args, None, &env)
}

#[test]
fn a_dry_run_validates_every_row_and_sends_nothing() {
    let w = World::new("s21");
    let env = add_account(&w);
    let file = recipients(&w, "list.csv", 5, "oBad,超过二十个字符的商品名称一定会被拒绝的哦哦哦,SF1\n");
    let mut args = send_args(&file);
    args.push("--dry-run".into());
    let out = run(&w, &args, &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("5 of 6 rows would be sent"), "{}", stdout(&out));
    let err = stderr(&out);
    // The header is row 1, so the sixth data row is row 7, as the spreadsheet shows it.
    assert!(err.contains("row 7, column openid"), "{err}");
    assert!(err.contains("row 7, column 商品名称"), "{err}");
    assert_eq!(w.sandbox.stats().sends_received, 0);
}

#[test]
fn invalid_rows_stop_the_send_unless_skipped() {
    let w = World::new("s22");
    let env = add_account(&w);
    let file = recipients(&w, "list.csv", 5, &format!("{},,SF1\n", openid(99)));
    let mut args = send_args(&file);
    args.push("--yes".into());
    let refused = run(&w, &args, &env);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("1 rows are invalid"), "{}", stderr(&refused));
    assert_eq!(w.sandbox.stats().sends_received, 0, "nothing is sent when a row is invalid");

    args.push("--skip-invalid".into());
    let sent = run(&w, &args, &env);
    assert!(sent.status.success(), "{}", stderr(&sent));
    assert!(stdout(&sent).contains("finished — 5 sent"), "{}", stdout(&sent));
    assert_eq!(w.sandbox.stats().accepted, 5);
}

#[test]
fn without_a_terminal_send_needs_yes() {
    let w = World::new("s23");
    let env = add_account(&w);
    let file = recipients(&w, "list.csv", 3, "");
    let out = run(&w, &send_args(&file), &env);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("pass --yes"), "{}", stderr(&out));
    assert_eq!(w.sandbox.stats().sends_received, 0);
}

#[test]
fn a_gbk_file_is_read_and_sent() {
    let w = World::new("s24");
    let env = add_account(&w);
    let mut text = String::from(HEADER);
    for i in 0..4 {
        text.push_str(&format!("{},中文商品 {i},SF{i:010}\n", openid(i)));
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let file = w.data_dir().join("gbk.csv");
    std::fs::write(&file, &gbk).unwrap();
    let mut args = send_args(&file);
    args.push("--yes".into());
    let out = run(&w, &args, &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(w.sandbox.stats().accepted, 4);
    let list = run(&w, &["campaign".into(), "list".into(), "--json".into()], &env);
    let campaigns: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(campaigns[0]["status"], "finished");
    assert_eq!(campaigns[0]["counts"]["sent"], 4);
}

#[test]
fn a_send_killed_with_sigkill_is_finished_by_resume_without_duplicates() {
    let w = World::new("s25");
    w.sandbox.control().set_latency(Duration::from_millis(30));
    let env = add_account(&w);
    let total = 300;
    let file = recipients(&w, "big.csv", total, "");
    let mut args = send_args(&file);
    args.push("--yes".into());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pushdesk"));
    common::on_the_store_under_test(&mut cmd, w.data_dir());
    let mut child = cmd
        .arg("--data-dir")
        .arg(w.data_dir())
        .args(&args)
        .env("PUSHDESK_APP_SECRET", &w.secret)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while w.sandbox.stats().accepted < 60 {
        assert!(Instant::now() < deadline, "the send never got going");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let resume = run(&w, &["campaign".into(), "resume".into(), "1".into(), "--yes".into()], &env);
    // Every row ends final; the requests the kill caught in flight are unknown (exit 3).
    assert!(matches!(resume.status.code(), Some(0 | 3)), "{}", stderr(&resume));
    assert!(stderr(&resume).contains("campaign 1 was interrupted"), "{}", stderr(&resume));
    let show = run(&w, &["campaign".into(), "show".into(), "1".into(), "--json".into()], &env);
    let c: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    let counts = &c["counts"];
    let n = |k: &str| counts[k].as_u64().unwrap();
    assert_eq!(n("sent") + n("unknown") + n("failed") + n("notSubscribed"), total as u64, "{counts}");
    assert_eq!(n("pending") + n("sending"), 0);
    let stats = w.sandbox.stats();
    assert_eq!(stats.duplicates, 0, "nobody got the message twice");
    assert!(stats.accepted >= n("sent") && stats.accepted <= n("sent") + n("unknown"));
    assert!(n("unknown") <= 8, "a crash costs at most the requests in flight: {counts}");
    assert_eq!(resume.status.code() == Some(3), n("unknown") > 0);
}

#[test]
fn pause_from_another_process_then_resume() {
    let w = World::new("s26");
    w.sandbox.control().set_latency(Duration::from_millis(30));
    let env = add_account(&w);
    let file = recipients(&w, "list.csv", 200, "");
    let mut args = send_args(&file);
    let rate = args.iter().position(|a| a == "--rate").unwrap();
    args[rate + 1] = "50".into();
    args.push("--yes".into());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pushdesk"));
    common::on_the_store_under_test(&mut cmd, w.data_dir());
    let child = cmd
        .arg("--data-dir")
        .arg(w.data_dir())
        .args(&args)
        .env("PUSHDESK_APP_SECRET", &w.secret)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while w.sandbox.stats().accepted < 20 {
        assert!(Instant::now() < deadline, "the send never got going");
        std::thread::sleep(Duration::from_millis(10));
    }
    let pause = run(&w, &["campaign".into(), "pause".into(), "1".into()], &env);
    assert!(pause.status.success(), "{}", stderr(&pause));
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(4), "paused with rows left: {}", stderr(&out));
    assert!(stdout(&out).contains("paused"), "{}", stdout(&out));

    let resume = run(&w, &["campaign".into(), "resume".into(), "1".into(), "--yes".into()], &env);
    assert!(resume.status.success(), "{}", stderr(&resume));
    assert_eq!(w.sandbox.stats().accepted, 200);
    assert_eq!(w.sandbox.stats().duplicates, 0);
}

/// Regression (issue 18, bug 1): `--page "pages/order/detail?id={{快递单号}}"` was sent as
/// written to every row. Each row's card opens its own order; a row whose value would break
/// the link is refused with its row and column before anything is sent.
#[test]
fn a_page_placeholder_is_filled_per_row() {
    let w = World::new("s29");
    let env = add_account(&w);
    let file = recipients(&w, "pages.csv", 3, &format!("{},拿铁咖啡豆,SF1&admin=1\n", openid(9)));
    let mut args = send_args(&file);
    let page = args.iter().position(|a| a == "--page").unwrap() + 1;
    args[page] = "pages/order/detail?id={{快递单号}}".into();

    let refused = run(&w, &[args.clone(), vec!["--yes".into()]].concat(), &env);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("row 5, column 快递单号"), "{}", stderr(&refused));
    assert_eq!(w.sandbox.stats().sends_received, 0, "nothing is sent");

    let sent = run(&w, &[args, vec!["--skip-invalid".into(), "--yes".into()]].concat(), &env);
    assert!(sent.status.success(), "{}", stderr(&sent));
    let log = run(&w, &["log".into(), "--format".into(), "json".into()], &env);
    let doc: serde_json::Value = serde_json::from_slice(&log.stdout).unwrap();
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    for entry in entries {
        let i: usize = entry["openid"].as_str().unwrap()["oCliSend".len()..].parse().unwrap();
        assert_eq!(entry["page"], format!("pages/order/detail?id=SF{i:010}"), "{entry}");
        assert_eq!(entry["status"], "sent");
    }
}

#[test]
fn log_and_export_show_exactly_what_was_sent() {
    let w = World::new("s27");
    let env = add_account(&w);
    w.sandbox.control().set_subscriptions_in(&w.appid, &openid(2), TPL_ORDER_SHIPPED, 0);
    let file = recipients(&w, "list.csv", 6, "");
    let mut args = send_args(&file);
    args.push("--yes".into());
    assert!(run(&w, &args, &env).status.success());

    let all = run(&w, &["log".into(), "--format".into(), "json".into()], &env);
    assert!(all.status.success(), "{}", stderr(&all));
    let doc: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(doc["total"], 6);
    let msgid = doc["entries"][0]["msgid"].as_str().unwrap_or_default().to_string();
    assert!(
        msgid.len() >= 19 || doc["entries"][0]["status"] != "sent",
        "msgid kept as exact digits: {msgid}"
    );

    let not_sub = run(
        &w,
        &["log".into(), "--status".into(), "not_subscribed".into(), "--format".into(), "json".into()],
        &env,
    );
    let doc: serde_json::Value = serde_json::from_slice(&not_sub.stdout).unwrap();
    assert_eq!(doc["total"], 1);
    assert_eq!(doc["entries"][0]["openid"], openid(2));
    assert_eq!(doc["entries"][0]["errcode"], 43101);

    let page = run(
        &w,
        &[
            "log".into(),
            "--offset".into(),
            "4".into(),
            "--count".into(),
            "10".into(),
            "--format".into(),
            "json".into(),
        ],
        &env,
    );
    let doc: serde_json::Value = serde_json::from_slice(&page.stdout).unwrap();
    assert_eq!(doc["count"], 2, "WeChat-style paging: offset 4 of 6 leaves 2");

    let out = w.data_dir().join("sent.csv");
    let export = run(
        &w,
        &["export".into(), "--out".into(), out.display().to_string(), "--status".into(), "sent".into()],
        &env,
    );
    assert!(export.status.success(), "{}", stderr(&export));
    assert!(stdout(&export).contains("exported 5 rows"), "{}", stdout(&export));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('\u{feff}'), "UTF-8 with BOM for Excel");
    assert_eq!(text.lines().count(), 6, "header + 5 rows");

    let bad = run(&w, &["log".into(), "--from".into(), "yesterday".into()], &env);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("--from \"yesterday\""), "{}", stderr(&bad));
}

/// Issue 11: `campaign resume ID --resend-unknown --yes` on a finished campaign sends exactly its
/// unknown rows; with nothing to resend it exits non-zero with the reason. A send that leaves
/// rows unknown exits 3.
#[test]
fn resend_unknown_on_a_finished_campaign_sends_exactly_the_unknown_rows() {
    let w = World::new("s28");
    let env = add_account(&w);
    // Dropped before delivery: the CLI cannot know, so the rows are unknown; none was delivered.
    w.sandbox.control().queue_fault(Fault::DropConnection, 2);
    let file = recipients(&w, "list.csv", 8, "");
    let mut args = send_args(&file);
    args.extend(["--yes".into(), "--concurrency".into(), "1".into()]);
    let sent = run(&w, &args, &env);
    assert_eq!(sent.status.code(), Some(3), "{}", stderr(&sent));
    assert!(stderr(&sent).contains("--resend-unknown"), "{}", stderr(&sent));
    let show = run(&w, &["campaign".into(), "show".into(), "1".into(), "--json".into()], &env);
    let c: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!((c["status"].as_str(), c["counts"]["unknown"].as_u64()), (Some("finished"), Some(2)));
    assert_eq!(c["actions"], serde_json::json!(["resend_unknown"]));
    w.sandbox.control().reset_stats();

    let resend = ["campaign".into(), "resume".into(), "1".into(), "--resend-unknown".into(), "--yes".into()];
    let out = run(&w, &resend, &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("finished — 8 sent"), "{}", stdout(&out));
    let stats = w.sandbox.stats();
    assert_eq!((stats.accepted, stats.duplicates), (2, 0), "exactly the unknown rows were sent");

    let again = run(&w, &resend, &env);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("campaign 1 has no rows whose outcome is unknown"), "{}", stderr(&again));
    assert_eq!(w.sandbox.stats().sends_received, 2, "nothing more was sent");
}

/// Issue 18: the same list sent twice. The second send says how many got the template lately
/// and skips them unless --include-recent; the suppression list holds for every send.
#[test]
fn sending_the_same_list_again_skips_earlier_recipients_and_the_suppressed() {
    let w = World::new("s33");
    let env = add_account(&w);
    let first = recipients(&w, "first.csv", 3, "");
    let yes = vec!["--yes".to_string()];
    let out = run(&w, &[send_args(&first), yes.clone()].concat(), &env);
    assert!(out.status.success(), "{}", stderr(&out));

    let add =
        w.run(&["suppression", "add", "--account", "shop", "--note", "电话要求", &openid(4)], None, &[]);
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(stdout(&add).contains("1 added"), "{}", stdout(&add));

    let again = recipients(&w, "again.csv", 6, "");
    let out = run(&w, &[send_args(&again), yes.clone()].concat(), &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("3 got this template in the last 7 days (skipped"), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 on the suppression list"), "{}", stderr(&out));
    let delivered = w.sandbox.accepted_per_openid();
    let got = |i: usize| delivered.get(&openid(i)).copied().unwrap_or(0);
    assert_eq!((0..6).map(got).collect::<Vec<_>>(), [1, 1, 1, 1, 0, 1], "3 and 5 new, 4 suppressed");

    let out = run(&w, &[send_args(&first), yes, vec!["--include-recent".into()]].concat(), &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("(sent again)"), "{}", stderr(&out));
    let list = w.run(&["suppression", "list", "--account", "shop", "--json"], None, &[]);
    let doc: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!((doc["total"].as_u64(), doc["entries"][0]["note"].as_str()), (Some(1), Some("电话要求")));
}
