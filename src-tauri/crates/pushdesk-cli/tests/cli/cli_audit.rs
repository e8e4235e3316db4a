//! `pushdesk audit` (issue 17, first part): what `send`, `campaign` and `export` did, by whom
//! and from which machine, as a table, JSON or CSV.

use crate::cli_send::{add_account, recipients, run, send_args};
use crate::common::{stderr, stdout, World};

#[test]
fn the_trail_lists_what_the_cli_did_with_who_and_where() {
    let w = World::new("audit17");
    let env = add_account(&w);
    let file = recipients(&w, "list.csv", 3, "");
    let mut args = send_args(&file);
    args.push("--yes".into());
    let sent = run(&w, &args, &env);
    assert!(sent.status.success(), "{}", stderr(&sent));
    let out = w.data_dir().join("log.csv");
    let export = w.run(&["export", "--out", out.to_str().unwrap()], None, &[]);
    assert!(export.status.success(), "{}", stderr(&export));

    let json = w.run(&["audit", "--json"], None, &[]);
    assert!(json.status.success(), "{}", stderr(&json));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let actions: Vec<&str> =
        doc["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["log_exported", "campaign_started", "campaign_created", "templates_synced", "account_added"]
    );
    let exported = &doc["entries"][0];
    assert_eq!(exported["detail"]["rows"], 3);
    assert_eq!(exported["subject"], out.display().to_string());
    let user = pushdesk_core::store::testing::person_under_test();
    assert!(doc["entries"].as_array().unwrap().iter().all(|e| e["actor"] == user.as_str()), "{doc}");
    assert_eq!(doc["entries"][2]["detail"]["rows"], 3, "the campaign's recipients");

    let table = w.run(&["audit", "--action", "campaign_created", "--action", "account_added"], None, &[]);
    let text = stdout(&table);
    assert!(text.starts_with("TIME"), "{text}");
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.contains("account added") && text.contains("shop") && text.contains("3 rows"), "{text}");

    let csv = w.run(&["audit", "--csv", "--person", &user], None, &[]);
    assert_eq!(stdout(&csv).lines().count(), 6, "{}", stdout(&csv));
    let nobody = w.run(&["audit", "--json", "--person", "nobody-at-all"], None, &[]);
    assert!(stdout(&nobody).contains("\"count\": 0"), "{}", stdout(&nobody));
    let later = w.run(&["audit", "--json", "--from", "2999-01-01"], None, &[]);
    assert!(stdout(&later).contains("\"count\": 0"), "{}", stdout(&later));
    let wrong = w.run(&["audit", "--action", "campaign_deleted"], None, &[]);
    assert!(!wrong.status.success());
    assert!(stderr(&wrong).contains("unknown action"), "{}", stderr(&wrong));
}
