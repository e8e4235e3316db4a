//! Two desks on one shared PostgreSQL store (`--database-url`): one account list, one campaign
//! list, one send log and one audit trail, whichever desk did the work.

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

    // A desk's own file has no team.
    let alone = tempfile::tempdir().unwrap();
    let init = common::run_in(alone.path(), &["team", "init"], None, &[]);
    assert!(!init.status.success());
    assert!(stderr(&init).contains("--database-url"), "{}", stderr(&init));
}
