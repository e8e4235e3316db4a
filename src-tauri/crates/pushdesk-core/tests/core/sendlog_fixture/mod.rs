//! A send log built directly through SQL, with a copy of every row kept in memory so tests can
//! compute what a filter should return. On either engine: the rows are written through a second
//! connection of the same database (a file, or the store's PostgreSQL schema).

use std::cell::RefCell;
use std::path::PathBuf;

use pushdesk_core::db_args;
use pushdesk_core::sendlog::{parse_status, LogFilter};
use pushdesk_core::store::db::{Engine, Value};
use pushdesk_core::store::testing::TestDatabase;
use pushdesk_core::store::Store;
use rusqlite::Connection;
use tempfile::TempDir;

/// The engines the send log's queries are checked on.
pub const ENGINES: [Engine; 2] = [Engine::Sqlite, Engine::Postgres];

/// Runs `test` once on each engine.
pub fn on_both_engines(test: impl Fn(Engine)) {
    for engine in ENGINES {
        // A failure's output says which engine it was on.
        eprintln!("on {engine:?}");
        test(engine);
    }
}

/// A base time (2023-11-14 22:13:20 UTC) for the attempts.
pub const T0: i64 = 1_700_000_000_000;

/// What one attempt row holds.
#[derive(Debug, Clone)]
pub struct Att {
    pub id: i64,
    pub recipient_id: i64,
    pub campaign_id: i64,
    pub account_id: i64,
    pub template_id: String,
    pub openid: String,
    pub attempt_no: i64,
    pub status: &'static str,
    pub errcode: Option<i64>,
    pub errmsg: Option<String>,
    pub rid: Option<String>,
    pub msgid: Option<String>,
    pub page: Option<String>,
    pub values: Vec<(String, String)>,
    pub started_at: i64,
}

impl Att {
    /// A sent attempt with sensible defaults; tests change what they need.
    pub fn new(recipient_id: i64, campaign: &Campaign, openid: &str, started_at: i64) -> Att {
        Att {
            id: 0,
            recipient_id,
            campaign_id: campaign.id,
            account_id: campaign.account_id,
            template_id: campaign.template_id.clone(),
            openid: openid.into(),
            attempt_no: 1,
            status: "sent",
            errcode: Some(0),
            errmsg: None,
            rid: Some("0123abcd-4567ef01-23456789".into()),
            msgid: Some("2097683633284153344".into()),
            page: Some("pages/order/detail?id=7".into()),
            values: vec![("thing1".into(), "拿铁".into()), ("time2".into(), "2026-11-24 10:00".into())],
            started_at,
        }
    }

    pub fn failed(mut self, errcode: i64, errmsg: &str) -> Att {
        self.status = if errcode == 43101 { "not_subscribed" } else { "failed" };
        self.errcode = Some(errcode);
        self.errmsg = Some(errmsg.into());
        self.msgid = None;
        self
    }

    fn request(&self) -> String {
        let data: serde_json::Map<String, serde_json::Value> =
            self.values.iter().map(|(k, v)| (k.clone(), serde_json::json!({ "value": v }))).collect();
        serde_json::json!({
            "touser": self.openid, "template_id": self.template_id, "page": self.page,
            "data": data, "miniprogram_state": "formal", "lang": "zh_CN"
        })
        .to_string()
    }

    /// Whether `f` matches this row, computed without SQL.
    pub fn matches(&self, f: &LogFilter) -> bool {
        f.account_id.is_none_or(|a| a == self.account_id)
            && f.campaign_id.is_none_or(|c| c == self.campaign_id)
            && f.template_id.as_ref().is_none_or(|t| *t == self.template_id)
            && f.status
                .as_ref()
                .is_none_or(|s| s.is_empty() || s.iter().any(|s| Some(*s) == parse_status(self.status)))
            && f.errcode.is_none_or(|e| Some(e) == self.errcode)
            && f.openid.as_ref().is_none_or(|o| {
                if f.openid_prefix {
                    self.openid.starts_with(o.as_str())
                } else {
                    self.openid == *o
                }
            })
            && f.from_ms.is_none_or(|t| self.started_at >= t)
            && f.to_ms.is_none_or(|t| self.started_at < t)
    }
}

/// A campaign row.
#[derive(Debug, Clone)]
pub struct Campaign {
    pub id: i64,
    pub account_id: i64,
    pub template_id: String,
}

/// The second connection that writes the fixture rows, on the store's engine. Statements are
/// written once, with SQLite's `?1` placeholders.
pub enum Writer {
    Sqlite(Connection),
    Postgres(RefCell<postgres::Client>),
}

impl Writer {
    /// Runs `sql` with integer arguments (what a test changes by hand); the rows it changed.
    pub fn execute(
        &self,
        sql: &str,
        args: impl IntoIterator<Item = i64>,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        let args: Vec<i64> = args.into_iter().collect();
        let args: Vec<&dyn Value> = args.iter().map(|a| a as &dyn Value).collect();
        self.run(sql, &args)
    }

    /// Runs `sql` with `args`; the rows it changed.
    pub fn run(&self, sql: &str, args: &[&dyn Value]) -> Result<u64, Box<dyn std::error::Error>> {
        Ok(match self {
            Writer::Sqlite(conn) => {
                conn.execute(sql, rusqlite::params_from_iter(args.iter().map(|a| a.sqlite())))? as u64
            }
            Writer::Postgres(client) => {
                let args: Vec<_> = args.iter().map(|a| a.postgres()).collect();
                client.borrow_mut().execute(&dollar_placeholders(sql), &args)?
            }
        })
    }

    /// Runs an `INSERT … RETURNING id`; the new row's id.
    pub fn insert(&self, sql: &str, args: &[&dyn Value]) -> i64 {
        match self {
            Writer::Sqlite(conn) => conn
                .query_row(sql, rusqlite::params_from_iter(args.iter().map(|a| a.sqlite())), |r| r.get(0))
                .unwrap(),
            Writer::Postgres(client) => {
                let args: Vec<_> = args.iter().map(|a| a.postgres()).collect();
                client.borrow_mut().query_one(&dollar_placeholders(sql), &args).unwrap().get(0)
            }
        }
    }
}

/// `?1` as PostgreSQL's `$1` (the fixture's statements quote no `?`).
fn dollar_placeholders(sql: &str) -> String {
    sql.replace('?', "$")
}

/// A store and a second connection that writes the fixture rows.
pub struct Fixture {
    /// Where exports are written (and the SQLite file is).
    pub dir: TempDir,
    pub store: Store,
    pub conn: Writer,
    pub rows: Vec<Att>,
    /// The PostgreSQL schema the store and the writer share.
    _database: Option<TestDatabase>,
}

impl Fixture {
    /// A fixture on SQLite.
    pub fn new() -> Fixture {
        Fixture::on(Engine::Sqlite)
    }

    /// An empty store on `engine`.
    pub fn on(engine: Engine) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        match engine {
            Engine::Sqlite => {
                let path = dir.path().join("pushdesk.sqlite3");
                let store = Store::open(&path).unwrap();
                let conn = Connection::open(&path).unwrap();
                conn.pragma_update(None, "foreign_keys", "ON").unwrap();
                // Test data need not survive a power cut.
                conn.pragma_update(None, "synchronous", "OFF").unwrap();
                Fixture { dir, store, conn: Writer::Sqlite(conn), rows: Vec::new(), _database: None }
            }
            Engine::Postgres => {
                let database = TestDatabase::new(Engine::Postgres);
                let store = database.open();
                let mut client = database.raw_postgres();
                // Test data need not survive a power cut.
                client.batch_execute("SET synchronous_commit TO off").unwrap();
                let conn = Writer::Postgres(RefCell::new(client));
                Fixture { dir, store, conn, rows: Vec::new(), _database: Some(database) }
            }
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn account(&self, name: &str) -> i64 {
        self.conn.insert(
            "INSERT INTO accounts (name, appid, token_mode, api_base, created_at)
             VALUES (?1, 'wx0123456789abcdef', 'stable', 'https://api.weixin.qq.com', '2026-01-01T00:00:00Z')
             RETURNING id",
            db_args![name],
        )
    }

    pub fn campaign(
        &self,
        account_id: i64,
        kind: &str,
        name: &str,
        template_id: &str,
        title: &str,
    ) -> Campaign {
        let id = self.conn.insert(
            "INSERT INTO campaigns (account_id, kind, name, template_id, template_title, message, status,
                                    rate, concurrency, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, '{}', 'finished', 10, 2, 'tester', 0)
             RETURNING id",
            db_args![account_id, kind, name, template_id, title],
        );
        Campaign { id, account_id, template_id: template_id.into() }
    }

    pub fn recipient(&self, campaign: &Campaign, openid: &str) -> i64 {
        self.conn.insert(
            "INSERT INTO recipients (campaign_id, row_no, openid, data, state, updated_at)
             VALUES (?1, 1, ?2, '{}', 'sent', 0)
             RETURNING id",
            db_args![campaign.id, openid],
        )
    }

    pub fn attempt(&mut self, mut a: Att) -> i64 {
        let finished = (a.status != "sending").then_some(a.started_at + 120);
        a.id = self.conn.insert(
            "INSERT INTO attempts (recipient_id, campaign_id, account_id, template_id, openid, attempt_no,
                    status, errcode, errmsg, rid, msgid, request, response, started_at, finished_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             RETURNING id",
            db_args![
                a.recipient_id,
                a.campaign_id,
                a.account_id,
                a.template_id,
                a.openid,
                a.attempt_no,
                a.status,
                a.errcode,
                a.errmsg,
                a.rid,
                a.msgid,
                a.request(),
                r#"{"errcode":0,"errmsg":"ok"}"#,
                a.started_at,
                finished
            ],
        );
        self.rows.push(a.clone());
        a.id
    }

    /// Ids `f` should return, newest first.
    pub fn expected(&self, f: &LogFilter) -> Vec<i64> {
        let mut rows: Vec<&Att> = self.rows.iter().filter(|r| r.matches(f)).collect();
        rows.sort_by_key(|r| std::cmp::Reverse((r.started_at, r.id)));
        rows.iter().map(|r| r.id).collect()
    }

    /// Every id `f` matches, walking `log_page` to the end.
    pub fn walk(&self, f: &LogFilter, limit: u32) -> Vec<i64> {
        let mut ids = Vec::new();
        let mut cursor = None;
        loop {
            let page = self.store.log_page(f, cursor, limit).unwrap();
            assert!(page.entries.len() <= limit as usize);
            ids.extend(page.entries.iter().map(|e| e.id));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => return ids,
            }
        }
    }

    /// Two accounts, three campaigns over two templates, 60 attempts: every status, several
    /// errcodes, openids sharing prefixes, and started_at ties in threes.
    pub fn standard() -> (Fixture, Std) {
        Fixture::standard_on(Engine::Sqlite)
    }

    /// [`Fixture::standard`] on `engine`.
    pub fn standard_on(engine: Engine) -> (Fixture, Std) {
        let mut fx = Fixture::on(engine);
        let acc_a = fx.account("品牌 A");
        let acc_b = fx.account("Brand B");
        let c1 = fx.campaign(acc_a, "campaign", "双十一 发货通知", "T1-ship", "订单发货通知");
        let c2 = fx.campaign(acc_a, "single", "单发", "T2-remind", "预约提醒");
        let c3 = fx.campaign(acc_b, "campaign", "B campaign", "T1-ship", "订单发货通知");
        let campaigns = [c1.clone(), c2.clone(), c3.clone()];
        let openids = ["oAbc01", "oAbc02", "oAbd01", "oXyz01", "oAbc"];
        for i in 0..60i64 {
            let c = &campaigns[(i % 3) as usize];
            let openid = openids[(i % 5) as usize];
            let rec = fx.recipient(c, openid);
            // Ties: three attempts share each started_at.
            let mut a = Att::new(rec, c, openid, T0 + (i / 3) * 1000);
            a = match i % 6 {
                0 | 1 => a,
                2 => a.failed(43101, "user refuse to accept the msg rid: 1-2-3"),
                3 => a.failed(40003, "invalid openid rid: 4-5-6"),
                4 => {
                    a.status = "unknown";
                    a.errcode = Some(-2);
                    a.errmsg = Some("timed out after sending".into());
                    a.msgid = None;
                    a
                }
                _ => {
                    a.status = "retry";
                    a.errcode = Some(-1);
                    a.errmsg = Some("system error".into());
                    a.msgid = None;
                    a
                }
            };
            if c.template_id == "T2-remind" {
                a.values =
                    vec![("thing3".into(), "体检预约".into()), ("date4".into(), "2026年1月2日".into())];
            }
            fx.attempt(a);
        }
        (fx, Std { acc_a, acc_b, c1, c2 })
    }
}

/// Ids of the standard fixture.
pub struct Std {
    pub acc_a: i64,
    pub acc_b: i64,
    pub c1: Campaign,
    pub c2: Campaign,
}
