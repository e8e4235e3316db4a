//! `pushdesk send --at/--repeat/--window` and `pushdesk scheduler run` with real time, against a
//! sandbox over loopback: a scheduled campaign is sent by the scheduler at its time, never
//! before, to its whole audience — and two schedulers send it once.

use crate::common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{stderr, stdout, World};
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;

const N: usize = 30;

fn openid(i: usize) -> String {
    format!("oCliSched{i:019}")
}

fn setup(tag: &str) -> (World, std::path::PathBuf, [(&'static str, String); 2]) {
    let w = World::new(tag);
    let env = [("PUSHDESK_APP_SECRET", w.secret.clone()), ("TZ", "UTC".to_string())];
    let url = w.sandbox.url();
    let add = run(&w, &["account", "add", "--name", "shop", "--appid", &w.appid, "--api-base", &url], &env);
    assert!(add.status.success(), "{}", stderr(&add));
    let mut text = String::from("openid,商品名称,快递单号\n");
    for i in 0..N {
        text.push_str(&format!("{},拿铁咖啡豆 {i} 号,SF{i:010}\n", openid(i)));
    }
    let file = w.data_dir().join("list.csv");
    std::fs::write(&file, text).unwrap();
    (w, file, env)
}

fn run(w: &World, args: &[&str], env: &[(&'static str, String)]) -> std::process::Output {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    w.run(args, None, &env)
}

fn send(
    w: &World,
    file: &std::path::Path,
    extra: &[&str],
    env: &[(&'static str, String)],
) -> std::process::Output {
    let mut args = vec![
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
        "--rate",
        "50",
        "--yes",
    ];
    args.extend_from_slice(extra);
    run(w, &args, env)
}

/// The campaign id `send --at` printed first.
fn scheduled_id(out: &std::process::Output) -> i64 {
    let text = stdout(out);
    let rest = text.strip_prefix("campaign ").unwrap_or_else(|| panic!("{text}\n{}", stderr(out)));
    rest.split_whitespace().next().unwrap().parse().unwrap()
}

fn campaign_json(w: &World, id: i64, env: &[(&'static str, String)]) -> serde_json::Value {
    let out = run(w, &["campaign", "show", &id.to_string(), "--json"], env);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn spawn_scheduler(w: &World, once: bool, env: &[(&'static str, String)]) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pushdesk"));
    cmd.arg("--data-dir").arg(w.data_dir()).args(["scheduler", "run"]);
    common::on_the_store_under_test(&mut cmd, w.data_dir());
    if once {
        cmd.arg("--once");
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}

/// "YYYY-MM-DD HH:MM:SS" (UTC, the children's TZ) `secs` from now, and that instant in ms.
fn local_in(secs: i64) -> (String, i64) {
    let at = chrono::Utc::now() + chrono::Duration::seconds(secs);
    let at = at.with_timezone(&chrono::Utc);
    let text = at.format("%Y-%m-%d %H:%M:%S").to_string();
    let ms = chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S")
        .unwrap()
        .and_utc()
        .timestamp_millis();
    (text, ms)
}

#[test]
fn send_at_is_sent_by_the_scheduler_at_its_time_and_not_before() {
    let (w, file, env) = setup("cliat1");
    let (at_text, at_ms) = local_in(4);
    let out = send(&w, &file, &["--at", &at_text, "--window", "any"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let id = scheduled_id(&out);
    let c = campaign_json(&w, id, &env);
    assert_eq!(c["status"], "scheduled");
    assert_eq!(c["scheduledAt"], at_ms);
    assert_eq!(w.sandbox.stats().sends_received, 0, "send --at sends nothing");
    let list = run(&w, &["campaign", "list", "--json"], &env);
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list[0]["scheduledAt"], at_ms);

    let mut scheduler = spawn_scheduler(&w, false, &env);
    let deadline = Instant::now() + Duration::from_secs(60);
    while campaign_json(&w, id, &env)["status"] != "finished" {
        assert!(Instant::now() < deadline, "not finished in time");
        std::thread::sleep(Duration::from_millis(300));
    }
    // Ctrl-C stops the scheduler.
    let _ = Command::new("kill").args(["-INT", &scheduler.id().to_string()]).status();
    let status = scheduler.wait().unwrap();
    assert!(status.success(), "the scheduler stops cleanly on Ctrl-C");

    let deliveries = w.sandbox.control().recent_deliveries();
    assert_eq!(deliveries.len(), N, "the whole audience was sent");
    let first = deliveries.iter().map(|d| d.at_ms).min().unwrap();
    assert!(first as i64 >= at_ms, "the first request came {} ms before its time", at_ms - first as i64);
    assert_eq!(campaign_json(&w, id, &env)["counts"]["sent"], N);
}

#[test]
fn scheduler_run_once_starts_what_is_due_and_two_of_them_send_it_once() {
    let (w, file, env) = setup("cliat2");
    let (at_text, at_ms) = local_in(2);
    let out = send(&w, &file, &["--at", &at_text, "--window", "any"], &env);
    let id = scheduled_id(&out);

    // Before its time, --once finds nothing due and exits at once.
    let early = run(&w, &["scheduler", "run", "--once"], &env);
    assert!(early.status.success(), "{}", stderr(&early));
    assert_eq!(w.sandbox.stats().sends_received, 0);
    assert_eq!(campaign_json(&w, id, &env)["status"], "scheduled");

    while chrono::Utc::now().timestamp_millis() < at_ms {
        std::thread::sleep(Duration::from_millis(100));
    }
    let (a, b) = (spawn_scheduler(&w, true, &env), spawn_scheduler(&w, true, &env));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success(), "{}", stderr(&a));
    assert!(b.status.success(), "{}", stderr(&b));
    // One of them may have found the account busy; run once more to be sure nothing is left.
    let again = run(&w, &["scheduler", "run", "--once"], &env);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(campaign_json(&w, id, &env)["status"], "finished");
    assert_eq!(w.sandbox.stats().accepted, N as u64);
    assert!(w.sandbox.accepted_per_openid().values().all(|n| *n == 1), "nobody got it twice");
}

#[test]
fn a_send_outside_its_window_waits_and_a_series_shows_its_next_run() {
    let (w, file, env) = setup("cliat3");
    // A window that opens in two hours: closed now.
    let now = chrono::Utc::now();
    let open = now + chrono::Duration::hours(2);
    let close = now + chrono::Duration::hours(3);
    let window = format!("{}-{}", open.format("%H:%M"), close.format("%H:%M"));
    let out = send(&w, &file, &["--window", &window], &env);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("waits for its send window"), "{}", stderr(&out));
    assert_eq!(w.sandbox.stats().sends_received, 0, "nothing is sent outside the window");
    let list = run(&w, &["campaign", "list", "--json"], &env);
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list[0]["status"], "waiting_window");

    let (at_text, _) = local_in(3600);
    let out = send(
        &w,
        &file,
        &[
            "--at",
            &at_text,
            "--repeat",
            "daily",
            "--window",
            "any",
            "--audience",
            "reuse",
            "--include-recent",
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let id = scheduled_id(&out);
    assert!(stdout(&out).contains("every day at"), "{}", stdout(&out));
    let c = campaign_json(&w, id, &env);
    let day = 24 * 3_600_000;
    assert_eq!(c["nextRunAt"].as_i64().unwrap() - c["scheduledAt"].as_i64().unwrap(), day);
    let series = c["seriesId"].as_i64().unwrap();
    let shown = run(&w, &["series", "show", &series.to_string(), "--json"], &env);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["upcoming"].as_array().unwrap().len(), 5);
    assert_eq!(shown["runs"][0]["id"], id);

    let bad = send(&w, &file, &["--at", "2026-13-40 10:00"], &env);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("--at"), "{}", stderr(&bad));
}
