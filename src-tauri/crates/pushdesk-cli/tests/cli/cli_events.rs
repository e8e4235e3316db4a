//! `pushdesk events import`, `ledger import|show`, `send --only-granted` and the delivery
//! fields of `log --format json` and `campaign show --json` (issue 14), as processes against a
//! sandbox over loopback whose event pushes the test hands over as files.

use crate::common;

use common::{stderr, stdout, World};
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;

fn openid(i: usize) -> String {
    format!("oCliEvents{i:018}")
}

fn run(w: &World, args: &[&str], env: &[(&str, String)]) -> std::process::Output {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    w.run(args, None, &env)
}

fn json(o: &std::process::Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn popups_fill_the_ledger_only_granted_rows_are_sent_and_receipts_show_delivery() {
    let w = World::new("ev1");
    let env = [("PUSHDESK_APP_SECRET", w.secret.clone())];
    let url = w.sandbox.url();
    let add = run(&w, &["account", "add", "--name", "shop", "--appid", &w.appid, "--api-base", &url], &env);
    assert!(add.status.success(), "{}", stderr(&add));
    let control = w.sandbox.control();
    for i in 0..3 {
        control.grant_in(&w.appid, &openid(i), TPL_ORDER_SHIPPED, 1);
    }
    let popups = w.data_dir().join("popups.xml");
    std::fs::write(&popups, control.pushes_xml(0)).unwrap();
    let popups = popups.to_str().unwrap();
    let summary = json(&run(&w, &["events", "import", "--account", "shop", "--json", popups], &env));
    assert_eq!((summary["subscriptionEvents"].as_u64(), summary["malformed"].as_u64()), (Some(3), Some(0)));
    let seq = control.pushes(0).last().unwrap().seq;

    let list = w.data_dir().join("list.csv");
    let rows: String = (0..6).map(|i| format!("{},拿铁 {i},SF{i:010}\n", openid(i))).collect();
    std::fs::write(&list, format!("openid,thing1,character_string2\n{rows}")).unwrap();
    let send = |extra: &[&str]| {
        let mut args = vec![
            "send",
            "--account",
            "shop",
            "--template",
            TPL_ORDER_SHIPPED,
            "--recipients",
            list.to_str().unwrap(),
            "--value",
            "phrase3=顺丰速运",
            "--value",
            "time4=2026-11-24 10:00",
            "--value",
            "amount5=￥89.00",
            "--rate",
            "200",
            "--only-granted",
        ];
        args.extend_from_slice(extra);
        run(&w, &args, &env)
    };
    let dry = send(&["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        stderr(&dry).contains(
            "subscription ledger: 3 with a grant, 0 with none, 3 with no record (3 skipped: --only-granted)"
        ),
        "{}",
        stderr(&dry)
    );
    assert!(stdout(&dry).contains("3 of 6 rows would be sent"), "{}", stdout(&dry));
    let sent = send(&["--yes"]);
    assert!(sent.status.success(), "{}", stderr(&sent));
    assert_eq!(w.sandbox.stats().sends_received, 3, "only the granted rows were sent");

    // The receipts, without --account: the only account besides the sandbox.
    let receipts = w.data_dir().join("receipts.jsonl");
    std::fs::write(&receipts, control.pushes_json(seq)).unwrap();
    let summary = json(&run(&w, &["events", "import", "--json", receipts.to_str().unwrap()], &env));
    assert_eq!((summary["matched"].as_u64(), summary["unmatched"].as_u64()), (Some(3), Some(0)));

    let log = json(&run(&w, &["log", "--format", "json", "--delivery", "delivered"], &env));
    assert_eq!(log["total"], 3);
    for e in log["entries"].as_array().unwrap() {
        assert_eq!((&e["status"], &e["delivery"]), (&"sent".into(), &"delivered".into()));
        assert!(e["deliveryAt"].as_i64().is_some(), "{e}");
    }
    let campaign_id = log["entries"][0]["campaignId"].as_i64().unwrap().to_string();
    let show = json(&run(&w, &["campaign", "show", &campaign_id, "--json"], &env));
    assert_eq!(
        (show["counts"]["delivered"].as_u64(), show["counts"]["deliveryFailed"].as_u64()),
        (Some(3), Some(0))
    );

    let ledger = json(&run(&w, &["ledger", "show", "--account", "shop", "--json"], &env));
    let entries = ledger.as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert!(
        entries.iter().all(|e| e["grants"] == 0 && e["consumed"] == 1 && e["state"] == "no_grant"),
        "{ledger}"
    );

    // A company's own count sets the balance.
    let counts = w.data_dir().join("counts.csv");
    std::fs::write(&counts, format!("openid,template_id,count\n{},{TPL_ORDER_SHIPPED},2\n", openid(5)))
        .unwrap();
    let import = run(&w, &["ledger", "import", "--account", "shop", counts.to_str().unwrap()], &env);
    assert!(import.status.success(), "{}", stderr(&import));
    let one =
        json(&run(&w, &["ledger", "show", "--account", "shop", "--openid", &openid(5), "--json"], &env));
    assert_eq!((one[0]["grants"].as_u64(), one[0]["state"].as_str()), (Some(2), Some("granted")));
    std::fs::write(&counts, "openid,template_id,count\nnot an openid,T,1\n").unwrap();
    let bad = run(&w, &["ledger", "import", "--account", "shop", counts.to_str().unwrap()], &env);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("line 2"), "{}", stderr(&bad));

    // A cut file: the broken push is named by file and line, the rest imported.
    let cut = w.data_dir().join("cut.xml");
    let xml = control.pushes_xml(0);
    std::fs::write(&cut, &xml[..xml.len() - 20]).unwrap();
    let out = run(&w, &["events", "import", "--account", "shop", cut.to_str().unwrap()], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 malformed"), "{}", stdout(&out));
    assert!(stderr(&out).contains("cut.xml:6 (byte"), "{}", stderr(&out));
}
