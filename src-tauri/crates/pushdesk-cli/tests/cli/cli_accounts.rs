//! `pushdesk account …` and `pushdesk template …` against a sandbox over loopback, with the
//! real OS keyring (run inside a D-Bus session with gnome-keyring, as scripts/test does).

use crate::common;

use common::{run_in, stderr, stdout, World};
use pushdesk_core::paths;
use pushdesk_core::secrets::SecretStore;
use pushdesk_tests::files::assert_absent_from_files;

#[test]
fn add_test_sync_and_list_across_processes_with_the_secret_only_in_the_keyring() {
    let w = World::new("c11");
    let url = w.sandbox.url();
    let add = w.run(
        &["account", "add", "--name", "商城", "--appid", &w.appid, "--api-base", &url],
        Some(&format!("{}\n", w.secret)),
        &[],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(stdout(&add).contains("added account \"商城\""));

    // Another process reads the secret the first one stored in the keyring.
    assert!(SecretStore::new(paths::identifier()).contains(&w.appid).unwrap());
    let test = w.run(&["account", "test", "商城"], None, &[]);
    assert!(test.status.success(), "{}", stderr(&test));
    assert!(stdout(&test).contains("got an access token"), "{}", stdout(&test));

    let sync = w.run(&["template", "sync", "--account", "商城"], None, &[]);
    assert!(sync.status.success(), "{}", stderr(&sync));
    assert!(stdout(&sync).contains("added"), "{}", stdout(&sync));

    let list = w.run(&["template", "list", "--account", "商城", "--json"], None, &[]);
    assert!(list.status.success(), "{}", stderr(&list));
    let templates: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let templates = templates.as_array().unwrap();
    assert!(templates.len() >= 6, "demo templates expected, got {}", templates.len());
    assert!(templates.iter().all(|t| !t["keywords"].as_array().unwrap().is_empty() || t["content"] == ""));

    let accounts = w.run(&["account", "list", "--json"], None, &[]);
    let accounts: serde_json::Value = serde_json::from_slice(&accounts.stdout).unwrap();
    let names: Vec<&str> = accounts.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["沙箱 Sandbox", "沙箱服务号 Sandbox OA", "商城"]);

    // The secret is nowhere in the data directory: not in SQLite, not in the logs.
    assert_absent_from_files(w.data_dir(), &w.secret);

    let remove = w.run(&["account", "remove", "商城"], None, &[]);
    assert!(remove.status.success(), "{}", stderr(&remove));
    assert!(!SecretStore::new(paths::identifier()).contains(&w.appid).unwrap(), "keyring entry removed");
}

#[test]
fn a_wrong_secret_is_named_and_exits_non_zero() {
    let w = World::new("c12");
    let url = w.sandbox.url();
    let add = w.run(
        &["account", "add", "--name", "wrong", "--appid", &w.appid, "--api-base", &url],
        Some("not-the-secret"),
        &[],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let test = w.run(&["account", "test", "wrong"], None, &[]);
    assert!(!test.status.success());
    let err = stderr(&test);
    assert!(err.contains("AppSecret"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(!err.contains("not-the-secret"), "the secret must not be echoed: {err}");
    w.run(&["account", "remove", "wrong"], None, &[]);
}

#[test]
fn an_unreachable_api_base_is_a_network_error() {
    let w = World::new("c13");
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{closed}");
    let add = w.run(
        &["account", "add", "--name", "down", "--appid", &w.appid, "--api-base", &base],
        Some(&w.secret),
        &[],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let test = w.run(&["account", "test", "down"], None, &[]);
    assert!(!test.status.success());
    let err = stderr(&test);
    assert!(err.to_lowercase().contains("connect"), "{err}");
    w.run(&["account", "remove", "down"], None, &[]);
}

#[test]
fn a_secret_from_the_environment_is_used_but_never_stored() {
    let w = World::new("c14");
    let url = w.sandbox.url();
    let env = [("PUSHDESK_APP_SECRET", w.secret.as_str())];
    let add = w.run(&["account", "add", "--name", "ci", "--appid", &w.appid, "--api-base", &url], None, &env);
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(!SecretStore::new(paths::identifier()).contains(&w.appid).unwrap(), "nothing stored");
    let test = w.run(&["account", "test", "ci"], None, &env);
    assert!(test.status.success(), "{}", stderr(&test));
    let without = w.run(&["account", "test", "ci"], None, &[]);
    assert!(!without.status.success());
    assert!(stderr(&without).contains("no AppSecret is stored"), "{}", stderr(&without));
}

#[test]
fn without_a_keyring_nothing_is_stored_and_the_error_says_what_to_do() {
    let w = World::new("c15");
    let url = w.sandbox.url();
    let env = [("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")];
    let add = w.run(
        &["account", "add", "--name", "nokeyring", "--appid", &w.appid, "--api-base", &url],
        Some(&w.secret),
        &env,
    );
    assert!(!add.status.success());
    let err = stderr(&add);
    assert!(err.contains("keyring"), "{err}");
    assert!(err.contains("gnome-keyring"), "{err}");
    let list = run_in(w.data_dir(), &["account", "list", "--json"], None, &[]);
    assert!(!stdout(&list).contains("nokeyring"), "no half-added account");
}

#[test]
fn bad_input_names_the_field() {
    let w = World::new("c16");
    let add = w.run(&["account", "add", "--name", "x", "--appid", "wx123"], Some("s"), &[]);
    assert!(!add.status.success());
    assert!(stderr(&add).contains("appid:"), "{}", stderr(&add));
    let test = w.run(&["account", "test", "nobody"], None, &[]);
    assert!(!test.status.success());
    assert!(stderr(&test).contains("account not found: nobody"), "{}", stderr(&test));
}

#[test]
fn the_sandbox_account_works_out_of_the_box() {
    let data = tempfile::tempdir().unwrap();
    let test = run_in(data.path(), &["account", "test", "沙箱 Sandbox"], None, &[]);
    assert!(test.status.success(), "{}", stderr(&test));
    let sync = run_in(data.path(), &["template", "sync", "--account", "沙箱 Sandbox"], None, &[]);
    assert!(sync.status.success(), "{}", stderr(&sync));
}
