//! The send log's queries against a known dataset: every filter, keyset pages, offsets,
//! totals and the detail of one attempt.

use std::ops::ControlFlow;

use crate::sendlog_fixture;

use pushdesk_core::model::AttemptStatus;
use pushdesk_core::sendlog::{LogFilter, QueryShape, MAX_PAGE};
use pushdesk_core::ErrorCode;
use sendlog_fixture::{on_both_engines, Att, Fixture, T0};

fn check(fx: &Fixture, f: &LogFilter) -> Vec<i64> {
    let expected = fx.expected(f);
    assert_eq!(fx.walk(f, 7), expected, "keyset walk of {f:?}");
    assert_eq!(fx.walk(f, MAX_PAGE), expected, "single page of {f:?}");
    let totals = fx.store.log_totals(f).unwrap();
    assert_eq!(totals.total, expected.len() as u64, "total of {f:?}");
    expected
}

#[test]
fn every_filter_returns_exactly_its_rows_newest_first() {
    on_both_engines(|engine| {
        let (fx, s) = Fixture::standard_on(engine);
        let all = check(&fx, &LogFilter::default());
        assert_eq!(all.len(), 60);

        let filters = [
            LogFilter { account_id: Some(s.acc_a), ..Default::default() },
            LogFilter { account_id: Some(s.acc_b), ..Default::default() },
            LogFilter { campaign_id: Some(s.c2.id), ..Default::default() },
            LogFilter { template_id: Some("T1-ship".into()), ..Default::default() },
            LogFilter { status: Some(vec![AttemptStatus::Failed]), ..Default::default() },
            LogFilter {
                status: Some(vec![
                    AttemptStatus::NotSubscribed,
                    AttemptStatus::Unknown,
                    AttemptStatus::Retry,
                ]),
                ..Default::default()
            },
            LogFilter { status: Some(vec![]), ..Default::default() },
            LogFilter { errcode: Some(43101), ..Default::default() },
            LogFilter { errcode: Some(-2), ..Default::default() },
            LogFilter { openid: Some("oAbc".into()), ..Default::default() },
            LogFilter { openid: Some("oAbc".into()), openid_prefix: true, ..Default::default() },
            LogFilter { openid: Some("oAb".into()), openid_prefix: true, ..Default::default() },
            LogFilter { openid: Some("nobody".into()), ..Default::default() },
            LogFilter {
                account_id: Some(s.acc_a),
                status: Some(vec![AttemptStatus::Sent, AttemptStatus::Failed]),
                ..Default::default()
            },
            LogFilter {
                account_id: Some(s.acc_a),
                template_id: Some("T1-ship".into()),
                from_ms: Some(T0 + 3000),
                to_ms: Some(T0 + 15_000),
                ..Default::default()
            },
            LogFilter {
                campaign_id: Some(s.c1.id),
                errcode: Some(43101),
                openid: Some("oA".into()),
                openid_prefix: true,
                ..Default::default()
            },
            LogFilter { account_id: Some(s.acc_b), campaign_id: Some(s.c1.id), ..Default::default() },
        ];
        for f in &filters {
            check(&fx, f);
        }
        // Spot checks that the oracle itself is right.
        let exact = fx.expected(&filters[9]);
        let prefix = fx.expected(&filters[10]);
        assert_eq!(exact.len(), 12);
        assert_eq!(prefix.len(), 36, "oAbc, oAbc01 and oAbc02");
        assert!(fx.expected(&filters[16]).is_empty());
    });
}

#[test]
fn time_range_is_from_inclusive_to_exclusive() {
    on_both_engines(|engine| {
        let (fx, _) = Fixture::standard_on(engine);
        // Three attempts start at each second: T0, T0+1s, ...
        let f = LogFilter { from_ms: Some(T0 + 1000), to_ms: Some(T0 + 3000), ..Default::default() };
        let ids = check(&fx, &f);
        assert_eq!(ids.len(), 6, "T0+1s and T0+2s, not T0+3s");
        let page = fx.store.log_page(&f, None, 10).unwrap();
        assert!(page.entries.iter().all(|e| e.started_at == T0 + 1000 || e.started_at == T0 + 2000));
        let empty = LogFilter { from_ms: Some(T0 + 1000), to_ms: Some(T0 + 1000), ..Default::default() };
        assert!(check(&fx, &empty).is_empty());
        let from_only = LogFilter { from_ms: Some(T0 + 19_000), ..Default::default() };
        assert_eq!(check(&fx, &from_only).len(), 3);
        let to_only = LogFilter { to_ms: Some(T0 + 1), ..Default::default() };
        assert_eq!(check(&fx, &to_only).len(), 3);
    });
}

#[test]
fn keyset_pages_walk_ties_once_in_order() {
    on_both_engines(|engine| {
        let mut fx = Fixture::on(engine);
        let acc = fx.account("a");
        let c = fx.campaign(acc, "campaign", "c", "T", "t");
        // 25 attempts on only 3 distinct times, inserted out of order.
        for i in 0..25i64 {
            let rec = fx.recipient(&c, "o1");
            fx.attempt(Att::new(rec, &c, "o1", T0 + (i * 7 % 3) * 10));
        }
        let expected = fx.expected(&LogFilter::default());
        for limit in [1, 2, 3, 4, 24, 25, 26] {
            let ids = fx.walk(&LogFilter::default(), limit);
            assert_eq!(ids, expected, "limit {limit}");
        }
        let mut sorted = expected.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 25);
        // An exact last page says there is nothing more.
        let page = fx.store.log_page(&LogFilter::default(), None, 25).unwrap();
        assert_eq!(page.entries.len(), 25);
        assert!(page.next_cursor.is_none());
    });
}

#[test]
fn rows_written_while_paging_do_not_shift_pages() {
    on_both_engines(|engine| {
        let (mut fx, s) = Fixture::standard_on(engine);
        let f = LogFilter::default();
        let first = fx.store.log_page(&f, None, 10).unwrap();
        let rec = fx.recipient(&s.c1, "oNew");
        fx.attempt(Att::new(rec, &s.c1, "oNew", T0 + 999_000));
        let second = fx.store.log_page(&f, first.next_cursor, 10).unwrap();
        let expected: Vec<i64> = fx.expected(&f)[11..21].to_vec();
        assert_eq!(second.entries.iter().map(|e| e.id).collect::<Vec<_>>(), expected);
    });
}

#[test]
fn offset_pages_match_the_keyset_order() {
    on_both_engines(|engine| {
        let (fx, s) = Fixture::standard_on(engine);
        let f = LogFilter { account_id: Some(s.acc_a), ..Default::default() };
        let expected = fx.expected(&f);
        let got: Vec<i64> = fx.store.log_offset(&f, 5, 10).unwrap().iter().map(|e| e.id).collect();
        assert_eq!(got, expected[5..15]);
        assert!(fx.store.log_offset(&f, 1000, 10).unwrap().is_empty());
        let err = fx.store.log_offset(&f, 0, 0).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
    });
}

#[test]
fn invalid_filters_are_refused() {
    on_both_engines(|engine| {
        let (fx, _) = Fixture::standard_on(engine);
        let f = LogFilter { from_ms: Some(T0 + 1), to_ms: Some(T0), ..Default::default() };
        assert_eq!(fx.store.log_page(&f, None, 10).unwrap_err().code(), ErrorCode::InvalidInput);
        assert_eq!(fx.store.log_totals(&f).unwrap_err().code(), ErrorCode::InvalidInput);
        let f = LogFilter { openid: Some(String::new()), ..Default::default() };
        assert_eq!(fx.store.log_page(&f, None, 10).unwrap_err().code(), ErrorCode::InvalidInput);
        assert!(fx.store.log_page(&LogFilter::default(), None, MAX_PAGE + 1).is_err());
    });
}

#[test]
fn entries_carry_names_values_and_explanations() {
    on_both_engines(|engine| {
        let (fx, s) = Fixture::standard_on(engine);
        let f = LogFilter { campaign_id: Some(s.c2.id), errcode: Some(-2), ..Default::default() };
        let page = fx.store.log_page(&f, None, 10).unwrap();
        let e = &page.entries[0];
        assert_eq!(e.account_name.as_deref(), Some("品牌 A"));
        assert_eq!(e.campaign_name, "单发");
        assert_eq!(e.template_title, "预约提醒");
        assert_eq!(e.status, AttemptStatus::Unknown);
        assert_eq!(e.page.as_deref(), Some("pages/order/detail?id=7"));
        let keys: Vec<_> = e.values.iter().map(|v| (v.key.as_str(), v.value.as_str())).collect();
        assert_eq!(keys, [("thing3", "体检预约"), ("date4", "2026年1月2日")]);
        let why = e.explanation.as_ref().expect("unknown rows are explained");
        assert!(why.title_en.contains("no answer"), "{why:?}");
        let f = LogFilter { campaign_id: Some(s.c1.id), errcode: Some(40003), ..Default::default() };
        let failed = &fx.store.log_page(&f, None, 1).unwrap().entries[0];
        assert_eq!(failed.status, AttemptStatus::Failed);
        let why = failed.explanation.as_ref().expect("failed rows are explained");
        assert!(why.title_en.to_lowercase().contains("openid"), "{why:?}");

        let sent = fx.store.log_page(&LogFilter { errcode: Some(0), ..Default::default() }, None, 1).unwrap();
        assert!(sent.entries[0].explanation.is_none());
        assert_eq!(sent.entries[0].msgid.as_deref(), Some("2097683633284153344"));
        let json = serde_json::to_string(&sent.entries[0]).unwrap();
        assert!(json.contains(r#""msgid":"2097683633284153344""#), "{json}");
        assert!(json.contains(r#""campaignKind":"single""#), "{json}");
    });
}

#[test]
fn totals_by_status_and_errcode_add_up() {
    on_both_engines(|engine| {
        let (fx, s) = Fixture::standard_on(engine);
        for f in [LogFilter::default(), LogFilter { account_id: Some(s.acc_b), ..Default::default() }] {
            let t = fx.store.log_totals(&f).unwrap();
            let rows: Vec<_> = fx.rows.iter().filter(|r| r.matches(&f)).collect();
            for sc in &t.by_status {
                let n = rows.iter().filter(|r| r.status == sc.status.as_str()).count() as u64;
                assert_eq!(sc.count, n, "{:?}", sc.status);
            }
            assert_eq!(t.by_status.iter().map(|s| s.count).sum::<u64>(), t.total);
            let sent = rows.iter().filter(|r| r.status == "sent").count() as u64;
            assert_eq!(t.by_errcode.iter().map(|e| e.count).sum::<u64>(), t.total - sent);
            for ec in &t.by_errcode {
                let n = rows.iter().filter(|r| r.status != "sent" && r.errcode == ec.errcode).count() as u64;
                assert_eq!(ec.count, n, "{:?}", ec.errcode);
                assert!(ec.explanation.is_some());
            }
            assert!(t.by_errcode.windows(2).all(|w| w[0].count >= w[1].count), "most frequent first");
        }
        let t = fx.store.log_totals(&LogFilter::default()).unwrap();
        let transport = t.by_errcode.iter().find(|e| e.errcode == Some(-2)).unwrap();
        assert!(
            !transport.explanation.as_ref().unwrap().title_en.contains("-2"),
            "transport, not 'error -2'"
        );
    });
}

#[test]
fn detail_has_bodies_and_the_recipients_attempts() {
    on_both_engines(|engine| {
        let mut fx = Fixture::on(engine);
        let acc = fx.account("a");
        let c = fx.campaign(acc, "campaign", "c", "T", "t");
        let rec = fx.recipient(&c, "o1");
        let other = fx.recipient(&c, "o2");
        let mut first = Att::new(rec, &c, "o1", T0).failed(-1, "system error");
        first.status = "retry";
        let first_id = fx.attempt(first);
        fx.attempt(Att::new(other, &c, "o2", T0 + 5));
        let mut second = Att::new(rec, &c, "o1", T0 + 10);
        second.attempt_no = 2;
        let second_id = fx.attempt(second);

        let d = fx.store.log_entry(second_id).unwrap();
        assert_eq!(d.entry.id, second_id);
        assert!(d.request.contains(r#""touser":"o1""#), "{}", d.request);
        assert_eq!(d.response.as_deref(), Some(r#"{"errcode":0,"errmsg":"ok"}"#));
        let history: Vec<(i64, i64)> = d.history.iter().map(|e| (e.id, e.attempt_no)).collect();
        assert_eq!(history, [(first_id, 1), (second_id, 2)]);
        assert_eq!(fx.store.log_entry(9999).unwrap_err().code(), ErrorCode::NotFound);
    });
}

#[test]
fn table_lists_every_entry_aligned() {
    on_both_engines(|engine| {
        let (fx, _) = Fixture::standard_on(engine);
        let page = fx.store.log_page(&LogFilter::default(), None, 5).unwrap();
        let table = pushdesk_core::sendlog::format_table(&page.entries);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 6);
        let col = lines[0].find("OPENID").unwrap();
        let width = pushdesk_core::sendlog::display_width(&lines[0][..col]);
        for (line, e) in lines[1..].iter().zip(&page.entries) {
            let at = line.find(&e.openid).unwrap();
            assert_eq!(pushdesk_core::sendlog::display_width(&line[..at]), width, "{line}");
        }
    });
}

/// The reads behind an export, on both engines: every row streamed newest first (and a stop
/// honoured), whether the rows span templates, the value keys sent (a body that is not JSON
/// skipped, not an error), the keyword labels of the local templates, and a plan for each shape.
#[test]
fn export_reads_stream_rows_value_keys_and_labels() {
    on_both_engines(|engine| {
        let (fx, s) = Fixture::standard_on(engine);
        let f = LogFilter { account_id: Some(s.acc_a), ..Default::default() };
        let mut ids = Vec::new();
        fx.store
            .visit_log(&f, &mut |e| {
                ids.push(e.id);
                Ok(ControlFlow::Continue(()))
            })
            .unwrap();
        assert_eq!(ids, fx.expected(&f));
        let mut first = Vec::new();
        fx.store
            .visit_log(&f, &mut |e| {
                first.push(e.id);
                Ok(if first.len() == 3 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) })
            })
            .unwrap();
        assert_eq!(first, ids[..3]);

        let c1 = LogFilter { campaign_id: Some(s.c1.id), ..Default::default() };
        assert!(fx.store.log_spans_templates(&f).unwrap(), "T1-ship and T2-remind");
        assert!(!fx.store.log_spans_templates(&c1).unwrap());
        assert!(!fx
            .store
            .log_spans_templates(&LogFilter { openid: Some("nobody".into()), ..Default::default() })
            .unwrap());

        let keys = |f: &LogFilter| {
            let mut keys = fx.store.log_value_keys(f).unwrap();
            keys.sort();
            keys
        };
        assert_eq!(keys(&f), ["date4", "thing1", "thing3", "time2"]);
        assert_eq!(keys(&c1), ["thing1", "time2"]);
        let c1_ids = fx.expected(&c1);
        fx.conn.execute("UPDATE attempts SET request = 'not json' WHERE id = ?1", [c1_ids[0]]).unwrap();
        fx.conn
            .execute("UPDATE attempts SET request = '{\"touser\":\"o\"}' WHERE id = ?1", [c1_ids[1]])
            .unwrap();
        assert_eq!(keys(&c1), ["thing1", "time2"], "the other rows still have them");

        assert!(fx.store.log_keyword_labels(&c1).unwrap().is_empty(), "no template synced");
        fx.conn
            .execute(
                "INSERT INTO templates (account_id, template_id, title, content, example, kind, keywords, synced_at)
                 SELECT account_id, template_id, 't', '', '', 2,
                        '[{\"key\":\"thing1\",\"label\":\"商品名称\"},{\"key\":\"time2\"}]', ''
                   FROM campaigns WHERE id = ?1",
                [s.c1.id],
            )
            .unwrap();
        let labels = fx.store.log_keyword_labels(&f).unwrap();
        assert_eq!(labels.len(), 1, "{labels:?}");
        assert_eq!(labels.get("thing1").map(String::as_str), Some("商品名称"));

        for shape in
            [QueryShape::Page, QueryShape::StatusTotals, QueryShape::ErrcodeTotals, QueryShape::Export]
        {
            let plan = fx.store.log_query_plan(&f, shape).unwrap();
            assert!(!plan.is_empty(), "{shape:?}");
        }
    });
}
