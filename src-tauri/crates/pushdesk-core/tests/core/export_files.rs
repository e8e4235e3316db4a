//! Exports of the send log: CSV and XLSX read back, formula injection, exact filtered rows,
//! progress and cancellation.

use crate::sendlog_fixture;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use calamine::{open_workbook, Data, Reader, Xlsx};
use pushdesk_core::export::{ExportFormat, ExportReport, ExportTarget};
use pushdesk_core::model::AttemptStatus;
use pushdesk_core::preferences::Language;
use pushdesk_core::sendlog::{local_time_text, local_wall_ms, LogFilter};
use sendlog_fixture::{Att, Fixture, T0};

const TRICKY: [&str; 6] = ["逗号, 和 \"引号\"", "换行\n第二行", "拿铁☕🎉", "=1+1", "@SUM(A1)", "-1"];

fn export(fx: &Fixture, f: &LogFilter, name: &str, format: ExportFormat, lang: Language) -> ExportReport {
    let never = AtomicBool::new(false);
    let target = ExportTarget { path: fx.path(name), format, overwrite: false };
    fx.store.export_log(f, &target, lang, &mut |_| {}, &never).unwrap()
}

/// The CSV file's rows (header first), checking the BOM.
fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

/// A log whose values, names and errmsgs are hard for CSV and spreadsheets.
fn tricky_fixture() -> (Fixture, Vec<i64>) {
    let mut fx = Fixture::new();
    let acc = fx.account("账号, \"一\"");
    let c = fx.campaign(acc, "campaign", "活动\n第二行 🎉", "T-tricky", "=HYPERLINK(\"x\")");
    let mut ids = Vec::new();
    for (i, v) in TRICKY.iter().enumerate() {
        let rec = fx.recipient(&c, "o1");
        let mut a = Att::new(rec, &c, &format!("+oTricky{i}"), T0 + i as i64 * 1000);
        a.values = vec![
            ("thing1".into(), (*v).into()),
            ("thing2".into(), "\tx".into()),
            ("time3".into(), "\rx".into()),
        ];
        if i == 1 {
            a = a.failed(-1, "system error, \"busy\"\r\nrid: 1-2-3");
            a.status = "retry";
        }
        ids.push(fx.attempt(a));
    }
    ids.reverse();
    (fx, ids)
}

#[test]
fn csv_round_trips_every_value_and_neutralises_formulas() {
    let (fx, ids) = tricky_fixture();
    let report = export(&fx, &LogFilter::default(), "log.csv", ExportFormat::Csv, Language::ZhCn);
    assert_eq!(report, ExportReport { rows: 6, cancelled: false });
    let bytes = std::fs::read(fx.path("log.csv")).unwrap();
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
    let rows = read_csv(&fx.path("log.csv"));
    assert_eq!(
        rows[0],
        [
            "编号",
            "时间",
            "账号",
            "任务",
            "模板 ID",
            "模板标题",
            "openid",
            "状态",
            "错误码",
            "错误信息",
            "原因",
            "建议",
            "rid",
            "msgid",
            "第几次尝试",
            "页面",
            "送达",
            "送达回执时间",
            "送达错误码",
            "消息类型",
            "thing1",
            "thing2",
            "time3"
        ]
    );
    assert_eq!(rows.len(), 7);
    for (row, (id, i)) in rows[1..].iter().zip(ids.iter().zip((0..6).rev())) {
        assert_eq!(row[0], id.to_string());
        assert_eq!(row[1], local_time_text(T0 + i * 1000));
        assert_eq!(row[2], "账号, \"一\"");
        assert_eq!(row[3], "活动\n第二行 🎉");
        assert_eq!(row[4], "T-tricky");
        assert_eq!(row[5], "'=HYPERLINK(\"x\")");
        assert_eq!(row[6], format!("'+oTricky{i}"));
        assert_eq!(row[14], "1");
        assert_eq!(row[15], "pages/order/detail?id=7");
        // Sent, and no receipt taken in: said so; a retried attempt was not delivered at all.
        let delivery = if i == 1 { "" } else { "无回执" };
        assert_eq!(row[16..20], [delivery, "", "", "订阅消息"]);
        let value = TRICKY[i as usize];
        let expected =
            if value.starts_with(['=', '@', '-']) { format!("'{value}") } else { value.to_owned() };
        assert_eq!(row[20], expected);
        assert_eq!(row[21], "'\tx");
        assert_eq!(row[22], "'\rx");
        if i == 1 {
            assert_eq!(row[7], "待重试");
            assert_eq!(row[8], "-1", "errcode is a number, not neutralised");
            assert_eq!(row[9], "system error, \"busy\"\r\nrid: 1-2-3");
            assert!(row[10].contains("繁忙") && !row[11].is_empty(), "the reason in words: {row:?}");
            assert_eq!(row[13], "");
        } else {
            assert_eq!(row[7], "已发送");
            assert_eq!(row[8], "0");
            assert_eq!((row[10].as_str(), row[11].as_str()), ("", ""), "no reason for a sent message");
            assert_eq!(row[13], "2097683633284153344");
        }
    }
}

#[test]
fn mixed_templates_share_one_values_column_and_english_headers() {
    let (fx, _) = Fixture::standard();
    export(&fx, &LogFilter::default(), "mixed.csv", ExportFormat::Csv, Language::En);
    let rows = read_csv(&fx.path("mixed.csv"));
    assert_eq!(rows[0].len(), 21);
    assert_eq!(rows[0][1], "Time");
    assert_eq!((rows[0][19].as_str(), rows[0][20].as_str()), ("Message type", "Values"));
    let remind = rows.iter().find(|r| r[4] == "T2-remind").unwrap();
    assert_eq!(remind[20], "thing3=体检预约; date4=2026年1月2日");
    let ship = rows.iter().find(|r| r[4] == "T1-ship").unwrap();
    assert_eq!(
        (ship[19].as_str(), ship[20].as_str()),
        ("subscribe message", "thing1=拿铁; time2=2026-11-24 10:00")
    );
    assert!(rows.iter().any(|r| r[7] == "not subscribed"));

    // One campaign: one template, so one column per keyword.
    let (fx, s) = Fixture::standard();
    let f = LogFilter { campaign_id: Some(s.c2.id), ..Default::default() };
    export(&fx, &f, "one.csv", ExportFormat::Csv, Language::En);
    let rows = read_csv(&fx.path("one.csv"));
    assert_eq!(rows[0][20..], ["thing3", "date4"]);
    assert_eq!(rows[1][20..], ["体检预约", "2026年1月2日"]);
}

#[test]
fn export_has_exactly_the_rows_of_the_filter() {
    let (fx, s) = Fixture::standard();
    let filters = [
        LogFilter::default(),
        LogFilter {
            account_id: Some(s.acc_a),
            status: Some(vec![AttemptStatus::Failed, AttemptStatus::Sent]),
            ..Default::default()
        },
        LogFilter {
            template_id: Some("T1-ship".into()),
            from_ms: Some(T0 + 2000),
            to_ms: Some(T0 + 9000),
            ..Default::default()
        },
        LogFilter {
            openid: Some("oAbc".into()),
            openid_prefix: true,
            errcode: Some(43101),
            ..Default::default()
        },
        LogFilter { openid: Some("nobody".into()), ..Default::default() },
    ];
    for (n, f) in filters.iter().enumerate() {
        let walked = fx.walk(f, 4);
        for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
            let name = format!("f{n}.{format:?}");
            let report = export(&fx, f, &name, format, Language::ZhCn);
            assert_eq!(report.rows, walked.len() as u64);
            let ids: Vec<i64> = match format {
                ExportFormat::Csv => {
                    read_csv(&fx.path(&name))[1..].iter().map(|r| r[0].parse().unwrap()).collect()
                }
                ExportFormat::Xlsx => read_xlsx(&fx.path(&name))[1..]
                    .iter()
                    .map(|r| match &r[0] {
                        Data::Float(x) => *x as i64,
                        Data::Int(x) => *x,
                        other => panic!("id cell {other:?}"),
                    })
                    .collect(),
            };
            assert_eq!(ids, walked, "{f:?} as {format:?}");
        }
    }
}

fn read_xlsx(path: &Path) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range("Log 1").unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

#[test]
fn xlsx_cells_are_typed_and_exact() {
    let (fx, ids) = tricky_fixture();
    export(&fx, &LogFilter::default(), "log.xlsx", ExportFormat::Xlsx, Language::En);
    let rows = read_xlsx(&fx.path("log.xlsx"));
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0][0], Data::String("ID".into()));
    assert_eq!(rows[0][20], Data::String("thing1".into()));
    let newest = &rows[1];
    assert_eq!(newest[0], Data::Float(ids[0] as f64));
    match &newest[1] {
        Data::DateTime(dt) => {
            let serial = local_wall_ms(T0 + 5000) as f64 / 86_400_000.0 + 25_569.0;
            assert!((dt.as_f64() - serial).abs() < 1e-6, "{} vs {serial}", dt.as_f64());
        }
        other => panic!("time must be a date-time cell, got {other:?}"),
    }
    assert_eq!(newest[8], Data::Float(0.0), "errcode is a number");
    let msgid = Data::String("2097683633284153344".into());
    assert_eq!(newest[13], msgid, "19-digit msgid as exact text");
    // XLSX strings are never formulas: stored exactly, no quote prefix.
    assert_eq!(newest[6], Data::String("+oTricky5".into()));
    assert_eq!(rows[4][20], Data::String("拿铁☕🎉".into()));
    assert_eq!(rows[3][20], Data::String("=1+1".into()));
    assert_eq!(rows[5][20], Data::String("换行\n第二行".into()));
    let retry = &rows[5];
    assert_eq!(retry[8], Data::Float(-1.0));
    assert_eq!(retry[13], Data::Empty);
}

#[test]
fn progress_is_reported_and_cancel_removes_the_partial_file() {
    let mut fx = Fixture::new();
    let acc = fx.account("a");
    let c = fx.campaign(acc, "campaign", "c", "T", "t");
    let rec = fx.recipient(&c, "o1");
    for i in 0..2500 {
        fx.attempt(Att::new(rec, &c, "o1", T0 + i));
    }
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let mut seen = Vec::new();
        let never = AtomicBool::new(false);
        let target = ExportTarget { path: fx.path(&format!("all.{format:?}")), format, overwrite: false };
        let report = fx
            .store
            .export_log(&LogFilter::default(), &target, Language::En, &mut |n| seen.push(n), &never)
            .unwrap();
        assert_eq!(report.rows, 2500);
        assert_eq!(seen, [1000, 2000, 2500]);

        // Cancelled after the first report: no file at all, and an earlier export the user
        // agreed to replace survives.
        let path = fx.path(&format!("cancelled.{format:?}"));
        std::fs::write(&path, "earlier export").unwrap();
        let cancel = AtomicBool::new(false);
        let target = ExportTarget { path: path.clone(), format, overwrite: true };
        let report = fx
            .store
            .export_log(
                &LogFilter::default(),
                &target,
                Language::En,
                &mut |_| cancel.store(true, Ordering::Relaxed),
                &cancel,
            )
            .unwrap();
        assert!(report.cancelled);
        assert_eq!(report.rows, 2000);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "earlier export");
        std::fs::remove_file(&path).unwrap();
        let left: Vec<_> = std::fs::read_dir(fx.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("cancelled"))
            .collect();
        assert!(left.is_empty(), "partial files left: {left:?}");
    }
}

#[test]
fn a_malformed_request_body_still_exports() {
    let (fx, s) = Fixture::standard();
    fx.conn.execute("UPDATE attempts SET request = 'not json' WHERE id = 1", []).unwrap();
    let f = LogFilter { campaign_id: Some(s.c1.id), ..Default::default() };
    let report = export(&fx, &f, "bad.csv", ExportFormat::Csv, Language::En);
    assert_eq!(report.rows, 20);
    let rows = read_csv(&fx.path("bad.csv"));
    assert_eq!(rows[0][20..], ["thing1", "time2"]);
}

/// Issue 18: "商品名称 beside thing1". A keyword's column says its label when the template is
/// in the local copy; a key without a known label stays as it is.
#[test]
fn value_columns_carry_the_keyword_label_when_the_template_is_known() {
    let (fx, s) = Fixture::standard();
    fx.conn
        .execute(
            "INSERT INTO templates (account_id, template_id, title, content, example, kind, keywords, synced_at)
             SELECT account_id, template_id, '订单发货通知', '', '', 2, '[{\"key\":\"thing1\",\"label\":\"商品名称\"}]', ''
               FROM campaigns WHERE id = ?1",
            [s.c1.id],
        )
        .unwrap();
    let f = LogFilter { campaign_id: Some(s.c1.id), ..Default::default() };
    export(&fx, &f, "zh.csv", ExportFormat::Csv, Language::ZhCn);
    assert_eq!(read_csv(&fx.path("zh.csv"))[0][20..], ["商品名称（thing1）", "time2"]);
    export(&fx, &f, "en.csv", ExportFormat::Csv, Language::En);
    assert_eq!(read_csv(&fx.path("en.csv"))[0][20..], ["商品名称 (thing1)", "time2"]);
}
