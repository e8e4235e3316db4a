//! Send log benchmark: seeds 1 000 000 attempts into a temporary SQLite file, then times the
//! queries the UI runs most and a full CSV export, and prints a markdown table.
//!
//! `cargo bench -p pushdesk-core --bench sendlog` (set `SENDLOG_BENCH_ROWS` for another size);
//! `-- --postgres` seeds a fresh schema of the server `PUSHDESK_TEST_DATABASE_URL` names instead
//! (`eval "$(scripts/test-postgres)"` starts one).

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use pushdesk_core::export::{ExportFormat, ExportTarget};
use pushdesk_core::model::AttemptStatus;
use pushdesk_core::preferences::Language;
use pushdesk_core::secrets::Sensitive;
use pushdesk_core::sendlog::{LogFilter, QueryShape};
use pushdesk_core::store::{Store, StoreAddress};
use rusqlite::{params, Connection};

const T0: i64 = 1_767_225_600_000; // 2026-01-01 00:00 UTC
const ACCOUNTS: i64 = 4;
const CAMPAIGNS: i64 = 40;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

/// Peak resident memory of this process so far, in MiB (Linux only).
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// One seeded attempt: row `i` of the log.
struct SeedRow {
    campaign: i64,
    account: i64,
    template: String,
    openid: String,
    status: &'static str,
    errcode: i64,
    errmsg: Option<&'static str>,
    msgid: Option<String>,
    request: String,
    response: String,
    started: i64,
}

const RID: &str = "0123abcd-4567ef01-23456789";

fn seed_row(i: i64) -> SeedRow {
    let campaign = i % CAMPAIGNS + 1;
    let account = campaign % ACCOUNTS + 1;
    let template = format!("T{}", campaign % 3);
    let openid = format!("oBench{:022}", (i * 7919) % 200_000);
    // 90 % sent, the rest spread over the failure kinds.
    let (status, errcode, errmsg, msgid) = match i % 100 {
        0..=89 => ("sent", 0, None, Some(format!("{}", 2_097_683_633_284_153_344i64 + i))),
        90..=94 => ("not_subscribed", 43101, Some("user refuse to accept the msg rid: 1-2-3"), None),
        95..=97 => ("failed", 40003, Some("invalid openid rid: 4-5-6"), None),
        98 => ("unknown", -2, Some("timed out after sending"), None),
        _ => ("retry", -1, Some("system error"), None),
    };
    let request = format!(
        r#"{{"touser":"{openid}","template_id":"{template}","page":"pages/order/detail?id={i}","data":{{"thing1":{{"value":"拿铁咖啡豆 250g"}},"time2":{{"value":"2026-11-24 10:00"}},"character_string3":{{"value":"SO{i}"}}}},"miniprogram_state":"formal","lang":"zh_CN"}}"#
    );
    let response = match &msgid {
        Some(m) => format!(r#"{{"errcode":0,"errmsg":"ok","msgid":{m}}}"#),
        None => format!(r#"{{"errcode":{errcode},"errmsg":"{}"}}"#, errmsg.unwrap_or("")),
    };
    // 20 attempts per second, two at a time on the same millisecond (ties).
    let started = T0 + (i / 2) * 100;
    SeedRow {
        campaign,
        account,
        template,
        openid,
        status,
        errcode,
        errmsg,
        msgid,
        request,
        response,
        started,
    }
}

/// The same log in a PostgreSQL schema: the rows streamed in with COPY; foreign keys are not
/// checked meanwhile (the test server's login is a superuser), as on SQLite.
fn seed_postgres(client: &mut postgres::Client, rows: i64) -> BenchResult<()> {
    use std::io::Write;
    let mut tx = client.transaction()?;
    tx.batch_execute("SET LOCAL session_replication_role = replica")?;
    for a in 1..=ACCOUNTS {
        tx.execute(
            "INSERT INTO accounts (id, name, appid, token_mode, api_base, created_at)
             VALUES ($1, $2, 'wx0123456789abcdef', 'stable', 'https://api.weixin.qq.com', '2026-01-01T00:00:00Z')",
            &[&a, &format!("账号 {a}")],
        )?;
    }
    for c in 1..=CAMPAIGNS {
        tx.execute(
            "INSERT INTO campaigns (id, account_id, kind, name, template_id, template_title, message, status,
                                    rate, concurrency, created_by, created_at)
             VALUES ($1, $2, 'campaign', $3, $4, '订单发货通知', '{}', 'finished', 20, 4, 'bench', 0)",
            &[&c, &(c % ACCOUNTS + 1), &format!("活动 {c}"), &format!("T{}", c % 3)],
        )?;
    }
    let mut copy = tx.copy_in(
        "COPY attempts (id, recipient_id, campaign_id, account_id, template_id, openid, attempt_no, status,
                        errcode, errmsg, rid, msgid, request, response, started_at, finished_at) FROM STDIN",
    )?;
    // COPY's text format: tab-separated, \N for NULL (the values hold no tab, newline or backslash).
    let text = |v: Option<&str>| v.unwrap_or("\\N").to_owned();
    for i in 1..=rows {
        let r = seed_row(i);
        writeln!(
            copy,
            "{i}\t{i}\t{}\t{}\t{}\t{}\t1\t{}\t{}\t{}\t{RID}\t{}\t{}\t{}\t{}\t{}",
            r.campaign,
            r.account,
            r.template,
            r.openid,
            r.status,
            r.errcode,
            text(r.errmsg),
            text(r.msgid.as_deref()),
            r.request,
            r.response,
            r.started,
            r.started + 150
        )?;
    }
    copy.finish()?;
    tx.batch_execute(&format!("SELECT setval(pg_get_serial_sequence('attempts', 'id'), {rows})"))?;
    tx.commit()?;
    client.batch_execute("ANALYZE accounts, campaigns, attempts")?;
    Ok(())
}

/// Fills the log: accounts and campaigns over three templates, then `rows` attempts in one
/// transaction. Recipients are not written (the log reads none); foreign keys are off on this
/// connection for that reason.
fn seed(path: &Path, rows: i64) -> BenchResult<()> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    // rusqlite's bundled SQLite turns foreign keys on by default.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let tx = conn.transaction()?;
    for a in 1..=ACCOUNTS {
        tx.execute(
            "INSERT INTO accounts (id, name, appid, token_mode, api_base, created_at)
             VALUES (?1, ?2, 'wx0123456789abcdef', 'stable', 'https://api.weixin.qq.com', '2026-01-01T00:00:00Z')",
            params![a, format!("账号 {a}")],
        )?;
    }
    for c in 1..=CAMPAIGNS {
        tx.execute(
            "INSERT INTO campaigns (id, account_id, kind, name, template_id, template_title, message, status,
                                    rate, concurrency, created_by, created_at)
             VALUES (?1, ?2, 'campaign', ?3, ?4, '订单发货通知', '{}', 'finished', 20, 4, 'bench', 0)",
            params![c, c % ACCOUNTS + 1, format!("活动 {c}"), format!("T{}", c % 3)],
        )?;
    }
    {
        let mut insert = tx.prepare(
            "INSERT INTO attempts (id, recipient_id, campaign_id, account_id, template_id, openid, attempt_no,
                    status, errcode, errmsg, rid, msgid, request, response, started_at, finished_at)
             VALUES (?1, ?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for i in 1..=rows {
            let r = seed_row(i);
            insert.execute(params![
                i,
                r.campaign,
                r.account,
                r.template,
                r.openid,
                r.status,
                r.errcode,
                r.errmsg,
                RID,
                r.msgid,
                r.request,
                r.response,
                r.started,
                r.started + 150
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut() -> BenchResult<()>) -> BenchResult<Duration> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times[times.len() / 2])
}

/// The median time of the first 50-row page of `f`.
fn first_page(store: &Store, f: &LogFilter) -> BenchResult<Duration> {
    median(21, || {
        let p = store.log_page(f, None, 50)?;
        assert!(!p.entries.is_empty());
        Ok(())
    })
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> BenchResult<()> {
    // `cargo bench` passes `--bench`.
    let postgres = std::env::args().any(|a| a == "--postgres");
    let rows: i64 =
        std::env::var("SENDLOG_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("pushdesk.sqlite3");
    let (store, seeding, db_mib) = if postgres {
        let url = pushdesk_core::store::testing::fresh_schema_url();
        let at = StoreAddress::shared(dir.path(), &Sensitive::new(url.clone()))?;
        drop(at.open()?);
        let start = Instant::now();
        let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
        seed_postgres(&mut client, rows)?;
        let seeding = start.elapsed();
        let bytes: i64 = client.query_one("SELECT pg_total_relation_size('attempts')", &[])?.get(0);
        (at.open()?, seeding, bytes as f64 / 1_048_576.0)
    } else {
        drop(Store::open(&db)?);
        let start = Instant::now();
        seed(&db, rows)?;
        let seeding = start.elapsed();
        (Store::open(&db)?, seeding, std::fs::metadata(&db)?.len() as f64 / 1_048_576.0)
    };

    let none = LogFilter::default();
    let account_failed =
        LogFilter { account_id: Some(2), status: Some(vec![AttemptStatus::Failed]), ..Default::default() };
    let account_failures = LogFilter {
        account_id: Some(2),
        status: Some(vec![AttemptStatus::Failed, AttemptStatus::NotSubscribed, AttemptStatus::Unknown]),
        ..Default::default()
    };
    let account = LogFilter { account_id: Some(2), ..Default::default() };
    let last_hours = LogFilter { from_ms: Some(T0 + rows * 50 - 7 * 3_600_000), ..Default::default() };

    // (measurement, median time, target if any)
    let mut table: Vec<(String, Duration, Option<Duration>)> = Vec::new();
    let mut row = |name: &str, d: Duration, target: Duration| {
        table.push((name.to_owned(), d, (!target.is_zero()).then_some(target)));
    };

    let first = store.log_page(&none, None, 50)?;
    row("first page, no filter (50 rows)", first_page(&store, &none)?, Duration::from_millis(50));
    row(
        "first page, account + status=failed",
        first_page(&store, &account_failed)?,
        Duration::from_millis(50),
    );
    row(
        "first page, account + 3 statuses",
        first_page(&store, &account_failures)?,
        Duration::from_millis(50),
    );
    let deep = first.next_cursor;
    row(
        "next page after a cursor",
        median(21, || {
            store.log_page(&none, deep, 50)?;
            Ok(())
        })?,
        Duration::from_millis(50),
    );
    row(
        "totals, account filter",
        median(5, || {
            store.log_totals(&account)?;
            Ok(())
        })?,
        Duration::from_millis(300),
    );
    row(
        "totals, account + status=failed",
        median(5, || {
            store.log_totals(&account_failed)?;
            Ok(())
        })?,
        Duration::from_millis(300),
    );
    row(
        "totals, last 7 hours",
        median(5, || {
            store.log_totals(&last_hours)?;
            Ok(())
        })?,
        Duration::from_millis(300),
    );
    row(
        "totals, whole log (no filter)",
        median(3, || {
            store.log_totals(&none)?;
            Ok(())
        })?,
        Duration::ZERO,
    );

    let rss_before = peak_rss_mib();
    let out = dir.path().join("export.csv");
    let never = AtomicBool::new(false);
    let start = Instant::now();
    let target = ExportTarget { path: out.clone(), format: ExportFormat::Csv, overwrite: false };
    let report = store.export_log(&none, &target, Language::ZhCn, &mut |_| {}, &never)?;
    let export_time = start.elapsed();
    let rss_after = peak_rss_mib();
    assert_eq!(report.rows, rows as u64);
    let csv_mib = std::fs::metadata(&out)?.len() as f64 / 1_048_576.0;

    println!(
        "\nSend log benchmark ({}): {rows} attempts, database {db_mib:.0} MiB, seeded in {:.1} s\n",
        if postgres { "PostgreSQL" } else { "SQLite" },
        seeding.as_secs_f64()
    );
    println!("| measurement | time | target | ok |");
    println!("|---|---|---|---|");
    for (name, time, target) in &table {
        let (target, ok) = match target {
            Some(t) => (format!("< {}", ms(*t)), if time < t { "yes" } else { "NO" }),
            None => ("—".to_owned(), "—"),
        };
        println!("| {name} | {} | {target} | {ok} |", ms(*time));
    }
    println!(
        "| CSV export, {rows} rows ({csv_mib:.0} MiB) | {:.2} s | < 15 s | {} |",
        export_time.as_secs_f64(),
        if export_time < Duration::from_secs(15) { "yes" } else { "NO" }
    );
    println!(
        "\nPeak RSS (VmHWM): {rss_before:.1} MiB before the export, {rss_after:.1} MiB after (+{:.1} MiB).",
        rss_after - rss_before
    );

    println!("\nQuery plans:");
    for (name, f) in
        [("no filter", &none), ("account + status=failed", &account_failed), ("account", &account)]
    {
        for shape in
            [QueryShape::Page, QueryShape::StatusTotals, QueryShape::ErrcodeTotals, QueryShape::Export]
        {
            let plan = store.log_query_plan(f, shape)?;
            println!("- {name} / {shape:?}: {}", plan.join(" → "));
        }
    }
    Ok(())
}
