//! Every filter of the send log walks an index, and pages never sort (docs/sendlog-indexes.md).

use crate::sendlog_fixture;

use pushdesk_core::model::AttemptStatus;
use pushdesk_core::sendlog::{LogFilter, QueryShape};
use sendlog_fixture::Fixture;

/// The filter shapes the UI and CLI produce, with the index each page must use.
fn shapes() -> Vec<(&'static str, LogFilter, &'static str)> {
    let status = |s: &[AttemptStatus]| Some(s.to_vec());
    vec![
        ("no filter", LogFilter::default(), "attempts_time"),
        ("date range", LogFilter { from_ms: Some(1), to_ms: Some(2), ..Default::default() }, "attempts_time"),
        ("account", LogFilter { account_id: Some(1), ..Default::default() }, "attempts_account_time"),
        ("campaign", LogFilter { campaign_id: Some(1), ..Default::default() }, "attempts_campaign_time"),
        (
            "template",
            LogFilter { template_id: Some("T".into()), ..Default::default() },
            "attempts_template_time",
        ),
        (
            "status",
            LogFilter { status: status(&[AttemptStatus::Failed]), ..Default::default() },
            "attempts_status_time",
        ),
        (
            "statuses",
            LogFilter {
                status: status(&[AttemptStatus::Failed, AttemptStatus::Unknown]),
                ..Default::default()
            },
            "attempts_status_time",
        ),
        ("errcode", LogFilter { errcode: Some(43101), ..Default::default() }, "attempts_errcode_time"),
        ("openid", LogFilter { openid: Some("o1".into()), ..Default::default() }, "attempts_openid"),
        (
            "openid prefix",
            LogFilter { openid: Some("o1".into()), openid_prefix: true, ..Default::default() },
            "attempts_openid",
        ),
        (
            "account + status",
            LogFilter { account_id: Some(1), status: status(&[AttemptStatus::Failed]), ..Default::default() },
            "attempts_account_status_time",
        ),
        (
            "account + date range",
            LogFilter { account_id: Some(1), from_ms: Some(1), to_ms: Some(2), ..Default::default() },
            "attempts_account_time",
        ),
        (
            "account + template + statuses + range",
            LogFilter {
                account_id: Some(1),
                template_id: Some("T".into()),
                status: status(&[AttemptStatus::Failed, AttemptStatus::NotSubscribed]),
                from_ms: Some(1),
                to_ms: Some(2),
                ..Default::default()
            },
            "attempts_account_time",
        ),
    ]
}

#[test]
fn every_filter_uses_an_index_and_pages_never_sort() {
    let fx = Fixture::new();
    let mut report = String::new();
    for (name, filter, index) in shapes() {
        for shape in
            [QueryShape::Page, QueryShape::StatusTotals, QueryShape::ErrcodeTotals, QueryShape::Export]
        {
            let plan = fx.store.log_query_plan(&filter, shape).unwrap();
            report.push_str(&format!("{name} / {shape:?}:\n  {}\n", plan.join("\n  ")));
            let on_attempts: Vec<&String> = plan.iter().filter(|l| l.trim_start().contains(" a ")).collect();
            assert!(
                on_attempts.iter().all(|l| l.contains("INDEX")),
                "{name} / {shape:?} scans attempts without an index: {plan:#?}"
            );
            if shape == QueryShape::Page {
                assert!(plan.iter().any(|l| l.contains(&format!("INDEX {index} "))), "{name}: {plan:#?}");
                if !name.starts_with("openid") {
                    assert!(!plan.iter().any(|l| l.contains("ORDER BY")), "{name} page sorts: {plan:#?}");
                }
            }
        }
    }
    if std::env::var_os("PUSHDESK_PRINT_PLANS").is_some() {
        println!("{report}");
    }
}
