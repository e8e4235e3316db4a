//! Two desks on one shared PostgreSQL store (`--database-url`): one account list, one campaign
//! list, one send log and one audit trail, whichever desk did the work.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli_send::{recipients, send_args};
use crate::common::{self, stderr, stdout, World};

fn json(o: &std::process::Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn two_desks_share_one_account_list_campaign_list_send_log_and_audit_trail() {
    let w = World::new("team01");
    let other_desk = tempfile::tempdir().unwrap();
    // A password in the URL (the test server trusts loopback and never asks for it) must not
    // show anywhere.
    let url = with_password(&pushdesk_core::store::testing::fresh_schema_url());
    let shared = [("PUSHDESK_DATABASE_URL", url.as_str())];
    let with_secret = [("PUSHDESK_DATABASE_URL", url.as_str()), ("PUSHDESK_APP_SECRET", w.secret.as_str())];

    let add = w.run(
        &["account", "add", "--name", "shop", "--appid", &w.appid, "--api-base", &w.sandbox.url()],
        None,
        &with_secret,
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let file = recipients(&w, "list.csv", 5, "");
    let mut args = send_args(&file);
    args.push("--yes".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let sent = w.run(&args, None, &with_secret);
    assert!(stdout(&sent).contains("finished — 5 sent"), "{}{}", stdout(&sent), stderr(&sent));

    // The other desk, with a data directory of its own, sees all of it.
    let other = |args: &[&str]| common::run_in(other_desk.path(), args, None, &shared);
    let accounts = json(&other(&["account", "list", "--json"]));
    assert!(accounts.as_array().unwrap().iter().any(|a| a["name"] == "shop"), "{accounts}");
    let campaigns = json(&other(&["campaign", "list", "--json"]));
    let campaign = &campaigns.as_array().unwrap()[0];
    assert_eq!(
        (campaign["status"].as_str(), campaign["counts"]["sent"].as_u64()),
        (Some("finished"), Some(5))
    );
    let log = json(&other(&["log", "--format", "json"]));
    assert_eq!(log["entries"].as_array().map(Vec::len), Some(5), "{log}");
    let trail = json(&other(&["audit", "--json"]));
    let actions: Vec<&str> =
        trail["entries"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(actions.contains(&"campaign_started") && actions.contains(&"account_added"), "{actions:?}");

    // Neither the other desk's data directory nor `info` holds the store or its password.
    let info = other(&["info"]);
    assert!(info.status.success(), "{}", stderr(&info));
    assert!(stdout(&info).contains("database:       pushdesk@127.0.0.1:"), "{}", stdout(&info));
    assert!(!stdout(&info).contains("hunter2") && !stderr(&info).contains("hunter2"));
    assert!(!other_desk.path().join("pushdesk.sqlite3").exists());
}

/// The test server's URL with a password added.
fn with_password(url: &str) -> String {
    url.replacen("postgres://pushdesk@", "postgres://pushdesk:hunter2@", 1)
}

#[test]
fn an_admin_makes_the_roles_and_gives_a_login_one_and_the_database_holds_it_to_it() {
    let owner_desk = tempfile::tempdir().unwrap();
    let url = pushdesk_core::store::testing::fresh_schema_url();
    let owner = |args: &[&str], stdin: Option<&str>| {
        common::run_in(owner_desk.path(), args, stdin, &[("PUSHDESK_DATABASE_URL", url.as_str())])
    };
    let init = owner(&["team", "init"], None);
    assert!(stdout(&init).contains("team roles ready"), "{}", stderr(&init));
    // Logins are the server's, shared by every test: a name of this test's own.
    let login = format!("li_{}", std::process::id());
    let add = owner(&["team", "add", &login, "--role", "viewer"], Some("s3cret-pw\n"));
    assert!(stdout(&add).contains(&format!("{login} is now viewer")), "{}", stderr(&add));
    let list = json(&owner(&["team", "list", "--json"], None));
    assert!(
        list.as_array().unwrap().iter().any(|m| m["login"] == login.as_str() && m["role"] == "viewer"),
        "{list}"
    );

    // The viewer's own desk, signed in with their login: reads, and is refused an account.
    let viewer_url = url.replacen("postgres://pushdesk@", &format!("postgres://{login}:s3cret-pw@"), 1);
    let viewer_desk = tempfile::tempdir().unwrap();
    let viewer = |args: &[&str]| {
        common::run_in(viewer_desk.path(), args, None, &[("PUSHDESK_DATABASE_URL", viewer_url.as_str())])
    };
    assert!(json(&viewer(&["campaign", "list", "--json"])).as_array().unwrap().is_empty());
    let add = common::run_in(
        viewer_desk.path(),
        &["account", "add", "--name", "mine", "--appid", "wx0123456789abcdef"],
        None,
        &[("PUSHDESK_DATABASE_URL", viewer_url.as_str()), ("PUSHDESK_APP_SECRET", "s")],
    );
    assert!(!add.status.success());
    assert!(stderr(&add).contains("your role in the team does not allow this"), "{}", stderr(&add));

    // A desk's own file has no team (an empty address is none, also when the suite runs on
    // PostgreSQL).
    let alone = tempfile::tempdir().unwrap();
    let init = common::run_in(alone.path(), &["team", "init"], None, &[("PUSHDESK_DATABASE_URL", "")]);
    assert!(!init.status.success());
    assert!(stderr(&init).contains("--database-url"), "{}", stderr(&init));
}

/// Two desks (two data directories, one shared store) on one campaign: while one sends it the
/// other is refused, killed with SIGKILL the first leaves it to the second, which finishes it —
/// nobody gets the message twice, and the account's rate holds throughout.
#[test]
fn a_second_desk_is_refused_while_the_first_sends_and_finishes_after_a_kill() {
    let w = World::new("team03");
    w.sandbox.control().set_latency(Duration::from_millis(30));
    let url = pushdesk_core::store::testing::fresh_schema_url();
    // Secrets stay on each desk: both have the AppSecret (as each desk's keyring would).
    let env = [("PUSHDESK_DATABASE_URL", url.as_str()), ("PUSHDESK_APP_SECRET", w.secret.as_str())];
    let add = w.run(
        &["account", "add", "--name", "shop", "--appid", &w.appid, "--api-base", &w.sandbox.url()],
        None,
        &env,
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let total = 300;
    let rate = 50;
    let file = recipients(&w, "big.csv", total, "");
    let mut args = send_args(&file);
    let at = args.iter().position(|a| a == "--rate").unwrap();
    args[at + 1] = rate.to_string();
    args.push("--yes".into());
    let mut first = Command::new(env!("CARGO_BIN_EXE_pushdesk"))
        .arg("--data-dir")
        .arg(w.data_dir())
        .args(&args)
        .envs(env)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while w.sandbox.stats().accepted < 60 {
        assert!(Instant::now() < deadline, "the first desk never got going");
        std::thread::sleep(Duration::from_millis(10));
    }
    let second_desk = tempfile::tempdir().unwrap();
    let second = |args: &[&str]| common::run_in(second_desk.path(), args, None, &env);
    let refused = second(&["campaign", "resume", "1", "--yes"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("is being sent by"), "{}", stderr(&refused));

    first.kill().unwrap(); // SIGKILL: no cleanup runs
    first.wait().unwrap();
    let resumed = second(&["campaign", "resume", "1", "--yes"]);
    // The requests the kill caught in flight are unknown (exit 3), never sent again.
    assert!(matches!(resumed.status.code(), Some(0 | 3)), "{}", stderr(&resumed));
    let c = json(&second(&["campaign", "show", "1", "--json"]));
    let n = |k: &str| c["counts"][k].as_u64().unwrap();
    assert_eq!(n("sent") + n("unknown"), total as u64, "{c}");
    let stats = w.sandbox.stats();
    assert_eq!(stats.duplicates, 0, "nobody got the message twice");
    assert!(stats.accepted >= n("sent") && stats.accepted <= total as u64);
    let busiest = stats.accepted_per_second.iter().copied().max().unwrap_or(0);
    // At the sandbox, within 5 % (a request arrives some milliseconds after its slot).
    assert!(busiest <= rate + rate / 20, "{busiest} in one second at rate {rate}");
}

/// Approval (a shared store's rule): above the team's threshold a campaign li sends waits for
/// another sender; she cannot approve it herself; once wang approved it, it sends.
#[test]
fn a_campaign_above_the_threshold_waits_for_another_senders_approval() {
    let w = World::new("team04");
    let url = pushdesk_core::store::testing::fresh_schema_url();
    let owner_env = [("PUSHDESK_DATABASE_URL", url.as_str()), ("PUSHDESK_APP_SECRET", w.secret.as_str())];
    let owner = |args: &[&str], stdin: Option<&str>| w.run(args, stdin, &owner_env);
    let add = owner(
        &["account", "add", "--name", "shop", "--appid", &w.appid, "--api-base", &w.sandbox.url()],
        None,
    );
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(owner(&["team", "init"], None).status.success());
    let set = owner(&["team", "approval", "--above", "3"], None);
    assert!(stdout(&set).contains("more than 3 recipients now needs"), "{}{}", stdout(&set), stderr(&set));
    let (li, wang) = (format!("li_{}", std::process::id()), format!("wang_{}", std::process::id()));
    for login in [&li, &wang] {
        assert!(owner(&["team", "add", login, "--role", "sender"], Some("pw-of-a-sender\n"))
            .status
            .success());
    }
    let desk_of = |login: &str| {
        let url = url.replacen("postgres://pushdesk@", &format!("postgres://{login}:pw-of-a-sender@"), 1);
        (tempfile::tempdir().unwrap(), url)
    };
    let (li_dir, li_url) = desk_of(&li);
    let (wang_dir, wang_url) = desk_of(&wang);
    let as_li = |args: &[&str]| {
        common::run_in(
            li_dir.path(),
            args,
            None,
            &[("PUSHDESK_DATABASE_URL", li_url.as_str()), ("PUSHDESK_APP_SECRET", w.secret.as_str())],
        )
    };

    let file = recipients(&w, "list.csv", 5, "");
    let mut args = send_args(&file);
    args.push("--yes".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let made = as_li(&args);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(stdout(&made).contains("waits for another sender to approve it"), "{}", stdout(&made));
    assert_eq!(w.sandbox.stats().sends_received, 0);
    let id = json(&as_li(&["campaign", "list", "--json"]))[0]["id"].as_i64().unwrap().to_string();
    let show = as_li(&["campaign", "show", &id]);
    assert!(stdout(&show).contains("approval: waiting"), "{}", stdout(&show));
    let own = as_li(&["campaign", "approve", &id, "--yes"]);
    assert!(!own.status.success());
    assert!(stderr(&own).contains("was created by you"), "{}", stderr(&own));
    let early = as_li(&["campaign", "resume", &id, "--yes"]);
    assert!(stderr(&early).contains("another sender must approve it"), "{}", stderr(&early));

    let approved = common::run_in(
        wang_dir.path(),
        &["campaign", "approve", &id, "--yes"],
        None,
        &[("PUSHDESK_DATABASE_URL", wang_url.as_str())],
    );
    assert!(
        stdout(&approved).contains(&format!("approved by {wang}")),
        "{}{}",
        stdout(&approved),
        stderr(&approved)
    );
    let sent = as_li(&["campaign", "resume", &id, "--yes"]);
    assert!(stdout(&sent).contains("finished — 5 sent"), "{}{}", stdout(&sent), stderr(&sent));

    let trail = json(&owner(&["audit", "--json"], None));
    let said: Vec<(String, String)> = trail["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_string(), e["actor"].as_str().unwrap().to_string()))
        .collect();
    for expected in [
        ("approval_threshold_set", "pushdesk"),
        ("team_member_set", "pushdesk"),
        ("campaign_created", li.as_str()),
        ("campaign_approved", wang.as_str()),
        ("campaign_started", li.as_str()),
    ] {
        assert!(
            said.iter().any(|(a, who)| (a.as_str(), who.as_str()) == expected),
            "{expected:?} in {said:?}"
        );
    }
}
