//! `pushdesk sandbox serve` runs standalone and answers like WeChat.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn sandbox_serve_answers_like_wechat() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pushdesk"))
        .args(["sandbox", "serve", "--port", "0", "--latency-ms", "5"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let url = first.split_whitespace().find(|w| w.starts_with("http://")).expect(&first).to_string();

    let http = reqwest::blocking::Client::new();
    let token: serde_json::Value = http
        .post(format!("{url}/cgi-bin/stable_token"))
        .json(&serde_json::json!({"grant_type": "client_credential", "appid": pushdesk_sandbox::DEMO_APPID,
            "secret": pushdesk_sandbox::DEMO_SECRET}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(token["expires_in"], 7200);
    let wrong: serde_json::Value = http
        .post(format!("{url}/cgi-bin/stable_token"))
        .json(&serde_json::json!({"grant_type": "client_credential", "appid": pushdesk_sandbox::DEMO_APPID,
            "secret": "wrong"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(wrong["errcode"], 40125, "{wrong}");
    assert!(wrong["errmsg"].as_str().unwrap().contains("rid: "), "{wrong}");
    let stats: serde_json::Value = http.get(format!("{url}/__sandbox/stats")).send().unwrap().json().unwrap();
    assert_eq!(stats["stable_token_requests"], 2);
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_fault_rate_outside_zero_to_one_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_pushdesk"))
        .args(["sandbox", "serve", "--fault-rate", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fault-rate"));
}
