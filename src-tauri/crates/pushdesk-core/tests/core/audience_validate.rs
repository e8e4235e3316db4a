//! Column mapping, row validation, the invalid-row report, and a large file streamed through.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;

use pushdesk_core::audience::{
    auto_map, build_audience, open_table, read_pasted, AudienceBuilder, AudienceError, AudienceOptions,
    AudienceReport, ColumnMapping, ProblemKind, ProblemRows, RowProblem, Table, TableRow,
};
use pushdesk_core::model::RecipientState;
use pushdesk_core::template::Keyword;

fn oid(i: u32) -> String {
    format!("oAbC{i:024}")
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn keywords() -> Vec<Keyword> {
    vec![
        Keyword::new("thing1", "商品名称"),
        Keyword::new("time2", "发货时间"),
        Keyword::new("name3", "收货人"),
    ]
}

fn build(table: &Table, vals: &BTreeMap<String, String>, options: AudienceOptions) -> AudienceReport {
    build_with(table, vals, &HashSet::new(), options)
}

fn build_with(
    table: &Table,
    vals: &BTreeMap<String, String>,
    unsubscribed: &HashSet<String>,
    options: AudienceOptions,
) -> AudienceReport {
    let mapping = auto_map(&table.headers, &keywords(), vals, None);
    build_audience(table.row_results(), &table.headers, &mapping, &keywords(), vals, unsubscribed, options)
        .expect("build")
}

#[test]
fn auto_map_by_key_label_and_placeholder() {
    let headers = strings(&["姓名", " OpenID ", "THING1", "发货 时间", "city", "备注"]);
    let kws = keywords();
    let vals = values(&[("name3", "{{ 姓名 }}先生"), ("thing1", ""), ("other", "{{City}} {{nowhere}}")]);
    let mapping = auto_map(&headers, &kws, &vals, None);
    assert_eq!(mapping.openid_column, 1);
    assert_eq!(
        mapping.keyword_columns,
        BTreeMap::from([("thing1".to_string(), 2), ("time2".to_string(), 3)])
    );
    assert_eq!(
        mapping.placeholder_columns,
        BTreeMap::from([("姓名".to_string(), 0), ("City".to_string(), 4)])
    );
    assert_eq!(mapping.unmapped, strings(&["备注"]));

    // A typed value wins over a column of the same name.
    let typed = auto_map(&headers, &kws, &values(&[("thing1", "拿铁")]), None);
    assert!(!typed.keyword_columns.contains_key("thing1"));

    // The UI edits it as JSON.
    let json = serde_json::to_value(&mapping).unwrap();
    assert_eq!(json["openidColumn"], 1);
    assert_eq!(json["keywordColumns"]["thing1"], 2);
    let back: ColumnMapping = serde_json::from_value(json).unwrap();
    assert_eq!(back, mapping);
}

#[test]
fn valid_rows_render_placeholders_per_row() {
    let table = read_pasted(&format!(
        "openid\t商品名称\t姓名\t日期\n{}\t拿铁\t张三\t2026-11-24\n{}\t摩卡\t李四\t2026-11-25\n",
        oid(1),
        oid(2)
    ))
    .unwrap();
    let vals = values(&[("time2", "{{日期}} 10:00"), ("name3", "{{姓名}}")]);
    let report = build(&table, &vals, AudienceOptions::default());
    assert_eq!((report.total_rows, report.valid, report.invalid), (2, 2, 0));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let r = &report.recipients[1];
    assert_eq!(r.row_no, 3, "the second data row is row 3, as Excel shows it");
    assert_eq!(r.openid, oid(2));
    assert_eq!(r.state, RecipientState::Pending);
    assert_eq!(r.reason, None);
    assert_eq!(r.data, values(&[("thing1", "摩卡"), ("time2", "2026-11-25 10:00"), ("name3", "李四")]));
    assert_eq!(report.preview.len(), 2);
    assert_eq!(report.preview[0].data["time2"], "2026-11-24 10:00");
}

/// Regression (issue 18, bug 1): `pages/order/detail?id={{快递单号}}` went to WeChat as
/// written in all 989 messages. The page's placeholders are mapped like the values' and filled
/// per row; a row whose value would break the link is refused with its row and column.
#[test]
fn the_page_is_filled_per_row_and_a_value_that_breaks_it_refuses_the_row() {
    let headers = strings(&["openid", "商品名称", "快递单号"]);
    let page = "pages/order/detail?id={{快递单号}}";
    let vals = values(&[("time2", "2026-11-24 10:00"), ("name3", "张三")]);
    let mapping = auto_map(&headers, &keywords(), &vals, Some(page));
    assert_eq!(mapping.placeholder_columns, BTreeMap::from([("快递单号".to_string(), 2)]));
    let none = HashSet::new();
    let kws = keywords();
    let mut builder =
        AudienceBuilder::new(&headers, &mapping, &kws, &vals, &none, AudienceOptions::default())
            .unwrap()
            .with_page(Some(page));
    let sent = builder.push(2, &strings(&[&oid(1), "拿铁", "SF1402938475612"]));
    let broken = builder.push(3, &strings(&[&oid(2), "摩卡", "SF1&admin=1"]));
    let empty = builder.push(4, &strings(&[&oid(3), "摩卡", " "]));
    let report = builder.finish();
    assert_eq!(sent.page.as_deref(), Some("pages/order/detail?id=SF1402938475612"));
    assert_eq!(sent.state, RecipientState::Pending);
    assert_eq!(report.preview[0].page, sent.page);
    for (row, recipient) in [(3, &broken), (4, &empty)] {
        assert_eq!(recipient.state, RecipientState::Skipped, "row {row}");
        let p = problem(&report, row, ProblemKind::InvalidPage);
        assert_eq!(p.column, "快递单号", "the column the user fixes");
    }
    assert_eq!((report.valid, report.invalid), (1, 2));

    // Without placeholders every row sends the campaign's page: nothing is stored per row.
    let mut fixed = AudienceBuilder::new(&headers, &mapping, &kws, &vals, &none, AudienceOptions::default())
        .unwrap()
        .with_page(Some("pages/index/index"));
    assert_eq!(fixed.push(2, &strings(&[&oid(1), "拿铁", "x"])).page, None);
}

fn problem(report: &AudienceReport, row: u32, kind: ProblemKind) -> &RowProblem {
    report
        .problems
        .iter()
        .find(|p| p.row_no == row && p.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} on row {row}: {:#?}", report.problems))
}

#[test]
fn every_kind_of_row_problem() {
    let text = [
        "openid,商品名称,城市".to_string(),
        ",拿铁,北京".to_string(),               // row 2: empty openid
        "not-an-openid!,拿铁,北京".to_string(), // row 3: bad openid
        format!("{},这是一个超过二十个字符的商品名称真的很长很长,北京", oid(3)), // row 4: rule
        format!("{},#N/A,北京", oid(4)),        // row 5: spreadsheet error
        format!("{},  拿铁  ,上海", oid(5)),    // row 6: valid (trimmed)
    ]
    .join("\n");
    let table = read_pasted(&text).unwrap();
    // time2 uses a placeholder with no column; name3 has nothing at all.
    let vals = values(&[("time2", "{{发货日}} 10:00")]);
    let report = build(&table, &vals, AudienceOptions::default());
    assert_eq!(report.total_rows, 5);
    assert_eq!(report.invalid, 5, "every row misses time2 and name3");
    assert_eq!(report.valid, 0);

    let empty = problem(&report, 2, ProblemKind::InvalidOpenid);
    assert_eq!((empty.column.as_str(), empty.field.as_deref()), ("openid", None));
    assert_eq!(empty.reason_en, "the openid is empty");
    let bad = problem(&report, 3, ProblemKind::InvalidOpenid);
    assert!(bad.reason_en.contains("not-an-openid!"), "{}", bad.reason_en);

    let rule = problem(&report, 4, ProblemKind::RuleViolation);
    assert_eq!((rule.column.as_str(), rule.field.as_deref()), ("商品名称", Some("thing1")));
    assert!(rule.reason_zh.contains("20"), "{}", rule.reason_zh);

    let sheet = problem(&report, 5, ProblemKind::SpreadsheetError);
    assert_eq!(sheet.field.as_deref(), Some("thing1"));

    let missing_col = problem(&report, 6, ProblemKind::MissingColumn);
    assert_eq!((missing_col.column.as_str(), missing_col.field.as_deref()), ("发货日", Some("time2")));
    assert!(missing_col.reason_en.contains("{{发货日}}"), "{}", missing_col.reason_en);

    let missing_value = problem(&report, 6, ProblemKind::MissingValue);
    assert_eq!(missing_value.column, "收货人");
    assert_eq!(missing_value.reason_en, "no value for 收货人 (name3): map a column or type a value");
    assert!(report.problems.iter().all(|p| !(p.row_no == 6 && p.kind == ProblemKind::RuleViolation)));

    let r5 = &report.recipients[4];
    assert_eq!(r5.state, RecipientState::Skipped);
    assert_eq!(r5.data["thing1"], "拿铁", "cells are trimmed");
    assert!(r5.reason.as_deref().unwrap().contains(" / "), "reason has both languages");
    assert_eq!(report.problems_total as usize, report.problems.len());
}

#[test]
fn duplicates_are_skipped_by_default_or_flagged() {
    let rows = format!(
        "openid,商品名称\n{a},拿铁\n{b},拿铁\n{a},摩卡\nbad,摩卡\n{a},美式\n",
        a = oid(1),
        b = oid(2)
    );
    let table = read_pasted(&rows).unwrap();
    let vals = values(&[("time2", "10:00"), ("name3", "张三")]);

    let report = build(&table, &vals, AudienceOptions::default());
    assert_eq!((report.valid, report.invalid, report.duplicates), (2, 1, 2));
    let dup = problem(&report, 4, ProblemKind::Duplicate);
    assert_eq!(dup.reason_en, "same openid as row 2 (skipped)", "rows as the spreadsheet shows them");
    assert_eq!(report.recipients[2].state, RecipientState::Skipped);
    assert_eq!(report.recipients[4].state, RecipientState::Skipped);

    let keep = AudienceOptions { skip_duplicates: false, ..AudienceOptions::default() };
    let report = build(&table, &vals, keep);
    assert_eq!((report.valid, report.invalid, report.duplicates), (4, 1, 2));
    assert_eq!(report.recipients[2].state, RecipientState::Pending);
}

#[test]
fn known_unsubscribed_are_flagged_or_skipped() {
    let rows = format!("openid\n{}\n{}\n", oid(1), oid(2));
    let table = read_pasted(&rows).unwrap();
    let vals = values(&[("thing1", "拿铁"), ("time2", "10:00"), ("name3", "张三")]);
    let unsubscribed = HashSet::from([oid(2)]);

    let report = build_with(&table, &vals, &unsubscribed, AudienceOptions::default());
    assert_eq!((report.valid, report.unsubscribed_flagged), (2, 1));
    assert!(problem(&report, 3, ProblemKind::Unsubscribed).reason_en.contains("43101"));
    assert_eq!(report.recipients[1].state, RecipientState::Pending);

    let skip = AudienceOptions { skip_unsubscribed: true, ..AudienceOptions::default() };
    let report = build_with(&table, &vals, &unsubscribed, skip);
    assert_eq!((report.valid, report.unsubscribed_flagged), (1, 1));
    assert_eq!(report.recipients[1].state, RecipientState::Skipped);
}

#[test]
fn stale_mapping_and_read_errors_fail_the_build() {
    let table = read_pasted(&format!("openid\n{}\n", oid(1))).unwrap();
    let mapping = ColumnMapping { openid_column: 3, ..ColumnMapping::default() };
    let err = build_audience(
        table.row_results(),
        &table.headers,
        &mapping,
        &[],
        &BTreeMap::new(),
        &HashSet::new(),
        AudienceOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, AudienceError::BadMapping(_)), "{err}");

    let rows = vec![
        Ok(TableRow::text(2, strings(&[&oid(1)]))),
        Err(AudienceError::Ragged { file: "f.csv".into(), row: 3, cells: 2, expected: 1 }),
    ];
    let headers = strings(&["openid"]);
    let mapping = auto_map(&headers, &[], &BTreeMap::new(), None);
    let err = build_audience(
        rows.into_iter(),
        &headers,
        &mapping,
        &[],
        &BTreeMap::new(),
        &HashSet::new(),
        AudienceOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "f.csv: row 3 has 2 cells but the header has 1");
}

#[test]
fn report_serialises_without_recipients() {
    let table = read_pasted(&format!("openid\n{}\n", oid(1))).unwrap();
    let report = build(
        &table,
        &values(&[("thing1", "a"), ("time2", "10:00"), ("name3", "b")]),
        AudienceOptions::default(),
    );
    let json = serde_json::to_value(&report).unwrap();
    assert!(json.get("recipients").is_none());
    assert_eq!(json["totalRows"], 1);
    assert_eq!(json["preview"][0]["state"], "pending");
    let options: AudienceOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(options, AudienceOptions::default());
}

/// Issue 18: "the problems file carries the original row with the reason, so it can be fixed in
/// Excel and imported again". Each unsendable row once, with its cells under the file's own
/// headers (formula-looking cells defused), then its row number and every reason; flagged rows
/// (a duplicate) are not there.
#[test]
fn the_problems_file_carries_each_bad_row_as_it_was_read() {
    let problem = |row_no, kind, zh: &str, en: &str| RowProblem {
        row_no,
        column: "商品名称".into(),
        field: Some("thing1".into()),
        kind,
        reason_zh: zh.into(),
        reason_en: en.into(),
    };
    let long = problem(
        3,
        ProblemKind::RuleViolation,
        "「商品名称」(thing1) 超过 20 个字符，含 \"引号\", 逗号\n换行",
        "too long",
    );
    let empty = problem(3, ProblemKind::MissingValue, "「收货人」(name3) 没有值", "no value for name3");
    let duplicate =
        problem(4, ProblemKind::Duplicate, "与第 2 行的 openid 重复（已跳过）", "duplicate (skipped)");
    let headers = strings(&["openid", "商品名称"]);
    let mut file = ProblemRows::new(&headers);
    file.push(3, &strings(&[&oid(1), "=cmd|' /C calc'!A0"]), &[long.clone(), empty.clone()]);
    file.push(4, &strings(&[&oid(1), "拿铁"]), &[duplicate]);
    file.push(5, &strings(&["bad"]), &[problem(5, ProblemKind::InvalidOpenid, "openid 无效", "bad openid")]);
    assert_eq!(file.rows(), 2);
    let text = file.into_text();
    assert!(text.starts_with('\u{feff}'));
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, strings(&["openid", "商品名称", "原行号 / row", "问题", "problem"]));
    let rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let both_zh = format!("{}；{}", long.reason_zh, empty.reason_zh);
    assert_eq!(
        rows[0],
        strings(&[&oid(1), "'=cmd|' /C calc'!A0", "3", &both_zh, "too long; no value for name3"])
    );
    assert_eq!(rows[1], strings(&["bad", "", "5", "openid 无效", "bad openid"]));
}

#[test]
fn a_hundred_thousand_row_csv_streams_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(out, "openid,商品名称,姓名").unwrap();
    for i in 1..=100_000u32 {
        // Every 1000th row is invalid; every 500th (not 1000th) repeats row 1's openid.
        let id = if i % 1000 == 0 {
            "bad".to_string()
        } else if i % 500 == 0 {
            oid(1)
        } else {
            oid(i)
        };
        let name = ["张三", "李四", "王五"][(i % 3) as usize];
        writeln!(out, "{id},商品{},{name}", i % 97).unwrap();
    }
    out.into_inner().unwrap().sync_all().unwrap();

    let reader = open_table(&path, None).unwrap();
    let headers = reader.headers().to_vec();
    let vals = values(&[("time2", "2026-11-24 10:00"), ("name3", "{{姓名}}")]);
    let mapping = auto_map(&headers, &keywords(), &vals, None);
    let report = build_audience(
        reader,
        &headers,
        &mapping,
        &keywords(),
        &vals,
        &HashSet::new(),
        AudienceOptions::default(),
    )
    .unwrap();
    assert_eq!(report.total_rows, 100_000);
    assert_eq!(report.invalid, 100, "{:?}", report.problems.first());
    assert_eq!(report.duplicates, 100);
    assert_eq!(report.valid, 100_000 - 200);
    assert_eq!(report.recipients.len(), 100_000);
    assert_eq!(report.recipients.last().unwrap().row_no, 100_001, "the header is row 1");
    assert_eq!(report.recipients[41].data["name3"], "张三", "row 43 rendered from its own 姓名");
    assert_eq!(report.preview.len(), 20);
}
