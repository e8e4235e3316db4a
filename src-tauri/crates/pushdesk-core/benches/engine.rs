//! Send-engine benchmark against the sandbox with 50 ms latency: throughput as a fraction of
//! the ideal (concurrency ÷ latency), CPU seconds per 10 000 messages, and the engine's peak
//! memory. The sandbox runs in this process; each engine run is a child process, so its CPU
//! time and peak memory are its own.
//!
//! `cargo bench -p pushdesk-core --bench engine`; `-- --million` runs only the 1 000 000 row
//! memory run (at 5 ms latency, so it ends in minutes); `-- --postgres` runs on the PostgreSQL
//! store, a fresh schema per run of the server `PUSHDESK_TEST_DATABASE_URL` names
//! (`eval "$(scripts/test-postgres)"` starts one).

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pushdesk_core::account::{AccountKind, NewAccount};
use pushdesk_core::connections::Connections;
use pushdesk_core::desk::Desk;
use pushdesk_core::model::{CampaignKind, MessageSpec, NewCampaign, NewRecipient, RecipientState};
use pushdesk_core::secrets::{SecretStore, Sensitive};
use pushdesk_core::store::StoreAddress;
use pushdesk_core::wechat::{ClientConfig, Lang, MiniprogramState, TokenSource, WechatClient};
use pushdesk_sandbox::{demo::TPL_ORDER_SHIPPED, Sandbox, SandboxConfig, DEMO_APPID, DEMO_SECRET};

const LATENCY: Duration = Duration::from_millis(50);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--child") {
        let at = store_at(&args[pos + 1], args.get(pos + 5).map(String::as_str));
        child(&at, &args[pos + 2], args[pos + 3].parse().unwrap(), args[pos + 4].parse().unwrap());
        return;
    }
    let postgres = args.iter().any(|a| a == "--postgres");
    if !postgres {
        durability_costs();
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sandbox = rt
        .block_on(Sandbox::start(SandboxConfig {
            latency: LATENCY,
            default_subscriptions: 1,
            daily_limit: Some(100_000_000),
            ..SandboxConfig::default()
        }))
        .unwrap();
    let mut runs = vec![(10_000, 32), (10_000, 64), (100_000, 32), (100_000, 64)];
    // `-- --only 10000x64 …` runs just those.
    if let Some(pos) = args.iter().position(|a| a == "--only") {
        runs = args[pos + 1..]
            .iter()
            .filter_map(|r| r.split_once('x').and_then(|(n, c)| Some((n.parse().ok()?, c.parse().ok()?))))
            .collect();
    }
    if args.iter().any(|a| a == "--million") {
        // Memory at a million rows: 5 ms latency keeps the run near ten minutes on 2 cores;
        // its throughput is CPU-bound and not comparable with the 50 ms rows.
        sandbox.control().set_latency(Duration::from_millis(5));
        runs = vec![(1_000_000, 64)];
    }
    println!("| recipients | concurrency | seconds | msg/s | ideal msg/s | of ideal | CPU s / 10k | peak RSS MB | duplicates |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (run, (n, concurrency)) in runs.into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let url = postgres.then(pushdesk_core::store::testing::fresh_schema_url);
        let at = store_at(dir.path().to_str().unwrap(), url.as_deref());
        let (id, account) = seed(&at, &sandbox.url(), n, concurrency, run);
        sandbox.control().reset_stats();
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                "--child",
                dir.path().to_str().unwrap(),
                &sandbox.url(),
                &id.to_string(),
                &account.to_string(),
            ])
            .args(url)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        let (cpu, rss_kb, sent, secs) = parse_child(&report);
        let stats = sandbox.stats();
        assert_eq!(sent as u64, stats.accepted, "every sent row was accepted once");
        let rate = sent as f64 / secs;
        let latency = if n >= 1_000_000 { Duration::from_millis(5) } else { LATENCY };
        let ideal = concurrency as f64 / latency.as_secs_f64();
        println!(
            "| {n} | {concurrency} | {secs:.1} | {rate:.0} | {ideal:.0} | {:.1}% | {:.2} | {:.0} | {} |",
            100.0 * rate / ideal,
            cpu / (sent as f64 / 10_000.0),
            rss_kb as f64 / 1024.0,
            stats.duplicates
        );
    }
}

/// What the crash and power-loss promises cost, measured apart from the sends: a commit with
/// `synchronous=FULL` against `NORMAL` (WAL), and one departure-log record (a 16-byte `write` to
/// a file opened for appending, as `campaign/departures.rs` does before each request).
fn durability_costs() {
    let dir = tempfile::tempdir().unwrap();
    let commit = |mode: &str| {
        let conn = rusqlite::Connection::open(dir.path().join(format!("{mode}.sqlite3"))).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "synchronous", mode).unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)").unwrap();
        let n = 300;
        let started = Instant::now();
        for i in 0..n {
            conn.execute("INSERT INTO t (v) VALUES (?1)", [format!("row {i}")]).unwrap();
        }
        started.elapsed().as_secs_f64() * 1000.0 / f64::from(n)
    };
    let (full, normal) = (commit("FULL"), commit("NORMAL"));
    let log = {
        use std::io::Write;
        let file = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(dir.path().join("run.departures"))
            .unwrap();
        let n = 100_000;
        let started = Instant::now();
        for i in 0..n {
            let mut record = [0u8; 16];
            record[..8].copy_from_slice(&(i as i64).to_le_bytes());
            (&file).write_all(&record).unwrap();
        }
        started.elapsed().as_secs_f64() * 1e6 / f64::from(n)
    };
    println!("| measure | cost |");
    println!("|---|---:|");
    println!("| one commit, synchronous=FULL (WAL) | {full:.2} ms |");
    println!("| one commit, synchronous=NORMAL (WAL) | {normal:.2} ms |");
    println!("| one departure-log record | {log:.2} µs |");
    println!();
}

/// Creates the campaign in a fresh database; rows stream into the one transaction, so seeding
/// a million does not need a million-row vector.
/// The data directory's file, or the PostgreSQL database at `url`.
fn store_at(dir: &str, url: Option<&str>) -> StoreAddress {
    let dir = std::path::Path::new(dir);
    match url {
        Some(url) => StoreAddress::shared(dir, &Sensitive::new(url.to_string())).unwrap(),
        None => StoreAddress::local(dir),
    }
}

fn seed(at: &StoreAddress, url: &str, n: usize, concurrency: u32, run: usize) -> (i64, i64) {
    let mut store = at.open().unwrap();
    let account =
        store.insert_account(&NewAccount::new(AccountKind::MiniProgram, "bench", DEMO_APPID, url)).unwrap();
    let spec = NewCampaign {
        account_id: account.id,
        kind: CampaignKind::Campaign,
        name: format!("bench {n}"),
        template_id: TPL_ORDER_SHIPPED.into(),
        template_title: "订单发货通知".into(),
        message: MessageSpec {
            values: BTreeMap::new(),
            page: Some("pages/order/detail".into()),
            miniprogram_state: MiniprogramState::Formal,
            lang: Lang::ZhCn,
            url: None,
            miniprogram_appid: None,
        },
        rate: 100_000,
        concurrency,
        parent_id: None,
        created_by: "bench".into(),
        timing: Default::default(),
        series_id: None,
    };
    let data = BTreeMap::from([
        ("thing1".to_string(), "拿铁咖啡豆 250g".to_string()),
        ("character_string2".to_string(), "SF1402938475612".to_string()),
        ("phrase3".to_string(), "顺丰速运".to_string()),
        ("time4".to_string(), "2026-11-24 10:00".to_string()),
        ("amount5".to_string(), "￥89.00".to_string()),
    ]);
    let row = |i: usize| NewRecipient {
        row_no: i as u32 + 1,
        // Fresh openids per run: each has one subscription in the sandbox.
        openid: format!("oBench{run:02}{i:020}"),
        data: data.clone(),
        state: RecipientState::Pending,
        reason: None,
        page: None,
        origin_id: None,
    };
    let id = store.create_campaign(&spec, &mut (0..n).map(|i| Ok(row(i)))).unwrap();
    (id, account.id)
}

fn child(at: &StoreAddress, url: &str, id: i64, account: i64) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut config = ClientConfig::new(
        DEMO_APPID,
        TokenSource::Stable { secret: Sensitive::new(DEMO_SECRET.to_string()) },
    );
    config.api_base = url.to_string();
    let connections = Connections::new(SecretStore::new("pushdesk-bench"), None)
        .with_secret_override(Some(Sensitive::new(DEMO_SECRET.to_string())));
    connections.prime(account, Arc::new(WechatClient::new(config).unwrap()));
    let desk = Desk::open_at(at.clone(), connections, &[]).unwrap().desk;
    // Timed from the run's start: process start-up and opening the database are not sending.
    let started = Instant::now();
    let campaign = rt.block_on(async { desk.start(id, None).await.unwrap().done.await.unwrap() }).unwrap();
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let hwm = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let rss_kb: u64 = hwm.split_whitespace().nth(1).unwrap().parse().unwrap();
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of /proc/self/stat, in clock ticks (100 Hz).
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!("cpu={} rss_kb={rss_kb} sent={} secs={secs}", ticks / 100.0, campaign.counts.sent);
}

fn parse_child(report: &str) -> (f64, u64, u32, f64) {
    let mut cpu = 0.0;
    let mut rss = 0;
    let mut sent = 0;
    let mut secs = 0.0;
    for part in report.split_whitespace() {
        match part.split_once('=') {
            Some(("cpu", v)) => cpu = v.parse().unwrap(),
            Some(("rss_kb", v)) => rss = v.parse().unwrap(),
            Some(("sent", v)) => sent = v.parse().unwrap(),
            Some(("secs", v)) => secs = v.parse().unwrap(),
            _ => {}
        }
    }
    (cpu, rss, sent, secs)
}
