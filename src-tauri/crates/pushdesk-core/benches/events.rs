//! Event intake benchmark (issue 14): a file of 1 000 000 delivery receipts (WeChat's XML, one
//! per line) read into a store whose log has 1 000 000 sent attempts, every receipt matched to
//! its send. Prints the time, the rate, and how much the process's peak memory grew.
//!
//! `cargo bench -p pushdesk-core --bench events` (set `EVENTS_BENCH_ROWS` for another size).

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use pushdesk_core::events::read::{read_file, Opener};
use pushdesk_core::events::IntakeSummary;
use pushdesk_core::store::Store;
use rusqlite::{params, Connection};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const T0: i64 = 1_767_225_600_000; // 2026-01-01 00:00 UTC
const MSGID0: i64 = 2_097_683_633_284_153_344;
const TEMPLATE: &str = "2dZAkg05rK_gqv81RKMGHZEM9YpvujA-C5Q52ryFlwR";

/// Peak resident memory of this process so far, in MiB (Linux only).
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn openid(i: i64) -> String {
    format!("oBench{i:022}")
}

/// One campaign of `rows` recipients, each sent once, at 20 per second.
fn seed(path: &Path, rows: i64) -> BenchResult<()> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO accounts (id, name, appid, token_mode, api_base, created_at)
         VALUES (1, '商城', 'wx0123456789abcdef', 'stable', 'https://api.weixin.qq.com', '2026-01-01T00:00:00Z')",
        [],
    )?;
    tx.execute(
        "INSERT INTO campaigns (id, account_id, kind, name, template_id, template_title, message, status,
                                rate, concurrency, total, created_by, created_at)
         VALUES (1, 1, 'campaign', '双十二', ?1, '订单发货通知', '{}', 'finished', 20, 8, ?2, 'bench', 0)",
        params![TEMPLATE, rows],
    )?;
    {
        let mut recipient = tx.prepare(
            "INSERT INTO recipients (id, campaign_id, row_no, openid, data, state, attempts, errcode, msgid, updated_at)
             VALUES (?1, 1, ?1, ?2, '{}', 'sent', 1, 0, ?3, ?4)",
        )?;
        let mut attempt = tx.prepare(
            "INSERT INTO attempts (id, recipient_id, campaign_id, account_id, template_id, openid, attempt_no,
                                   status, errcode, msgid, request, started_at, finished_at)
             VALUES (?1, ?1, 1, 1, ?2, ?3, 1, 'sent', 0, ?4, '{}', ?5, ?6)",
        )?;
        for i in 1..=rows {
            let msgid = (MSGID0 + i).to_string();
            let started = T0 + i * 50;
            recipient.execute(params![i, openid(i), msgid, started + 150])?;
            attempt.execute(params![i, TEMPLATE, openid(i), msgid, started, started + 150])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// WeChat's receipt of every send, one XML document per line; every 50th an asynchronous
/// failure.
fn write_receipts(path: &Path, rows: i64) -> BenchResult<u64> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    for i in 1..=rows {
        let (code, status) = if i % 50 == 0 { (10005, "fail") } else { (0, "success") };
        writeln!(
            out,
            "<xml><ToUserName><![CDATA[gh_31819fdd45f7]]></ToUserName><FromUserName><![CDATA[{}]]></FromUserName><CreateTime>{}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_sent_event]]></Event><SubscribeMsgSentEvent><List><TemplateId><![CDATA[{TEMPLATE}]]></TemplateId><MsgID>{}</MsgID><ErrorCode>{code}</ErrorCode><ErrorStatus><![CDATA[{status}]]></ErrorStatus></List></SubscribeMsgSentEvent></xml>",
            openid(i),
            (T0 + i * 50) / 1000 + 2,
            MSGID0 + i
        )?;
    }
    out.flush()?;
    Ok(std::fs::metadata(path)?.len())
}

fn main() -> BenchResult<()> {
    let rows: i64 = std::env::var("EVENTS_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("pushdesk.sqlite3");
    drop(Store::open(&db)?);
    let t = Instant::now();
    seed(&db, rows)?;
    eprintln!("seeded {rows} sent attempts in {:.1} s", t.elapsed().as_secs_f64());
    let file = dir.path().join("receipts.xml");
    let bytes = write_receipts(&file, rows)?;
    eprintln!("wrote {rows} receipts, {:.0} MB", bytes as f64 / 1e6);

    let mut store = Store::open(&db)?;
    let opener = Opener::new("wx0123456789abcdef", || None);
    let t = Instant::now();
    let mut parsed = IntakeSummary::default();
    read_file(&file, &opener, &mut parsed, &mut |_, _| Ok(()))?;
    let reading = t.elapsed();
    assert_eq!(parsed.read, rows as u64);
    let before = peak_rss_mib();
    let mut summary = IntakeSummary::default();
    let t = Instant::now();
    // As `Desk::import_events` does it.
    store.with_bulk_writes(|store| {
        read_file(&file, &opener, &mut summary, &mut |events, summary| {
            store.take_in_events(1, events, summary)
        })
    })?;
    let first = t.elapsed();
    let grown = peak_rss_mib() - before;
    assert_eq!((summary.new, summary.matched), (rows as u64, rows as u64), "{summary:?}");
    let t = Instant::now();
    let mut again = IntakeSummary::default();
    store.with_bulk_writes(|store| {
        read_file(&file, &opener, &mut again, &mut |events, summary| store.take_in_events(1, events, summary))
    })?;
    let second = t.elapsed();
    assert_eq!(again.duplicates, rows as u64);
    let delivered: i64 = store_count(&db, "SELECT COUNT(*) FROM attempts WHERE delivery = 'delivered'")?;
    assert_eq!(delivered, rows - rows / 50);

    println!("| what | rows | time | per second | peak memory growth |");
    println!("|---|---|---|---|---|");
    println!(
        "| import + match (new) | {rows} | {:.1} s | {:.0} | {grown:.0} MiB |",
        first.as_secs_f64(),
        rows as f64 / first.as_secs_f64()
    );
    println!(
        "| reading and parsing only | {rows} | {:.1} s | {:.0} | |",
        reading.as_secs_f64(),
        rows as f64 / reading.as_secs_f64()
    );
    println!(
        "| import again (all duplicates) | {rows} | {:.1} s | {:.0} | |",
        second.as_secs_f64(),
        rows as f64 / second.as_secs_f64()
    );
    Ok(())
}

fn store_count(db: &Path, sql: &str) -> BenchResult<i64> {
    Ok(Connection::open(db)?.query_row(sql, [], |r| r.get(0))?)
}
