//! Stores for tests, on either engine: a file in a temporary folder, or a fresh schema of the
//! PostgreSQL server the test command starts (`PUSHDESK_TEST_DATABASE_URL`).

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};

use super::db::Engine;
use super::Store;

/// Where the suites find the throwaway PostgreSQL server.
pub const DATABASE_URL_VARIABLE: &str = "PUSHDESK_TEST_DATABASE_URL";

/// A database a test opens (and opens again) on one engine.
pub enum TestDatabase {
    File { _folder: TempFolder, path: PathBuf },
    Schema { config: Box<tokio_postgres::Config>, name: String },
}

/// A folder under the system's temp dir, removed when dropped (`tempfile` is only a
/// dev-dependency, and the suites of other crates use this module).
pub struct TempFolder(PathBuf);

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

static NEXT: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    format!("t{}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed), nanos % 1_000_000_000)
}

/// The test server's connection settings. Without the variable a PostgreSQL test fails (it must
/// not pass by not running): `scripts/test` sets it; `scripts/test-postgres` starts a server and
/// prints it for a single `cargo test`.
pub fn server_config() -> tokio_postgres::Config {
    let url = std::env::var(DATABASE_URL_VARIABLE).unwrap_or_else(|_| {
        panic!(
            "{DATABASE_URL_VARIABLE} is not set: run scripts/test, or `eval $(scripts/test-postgres)` first"
        )
    });
    tokio_postgres::Config::from_str(&url).unwrap_or_else(|e| panic!("{DATABASE_URL_VARIABLE}: {e}"))
}

impl TestDatabase {
    /// An empty database on `engine`.
    pub fn new(engine: Engine) -> TestDatabase {
        match engine {
            Engine::Sqlite => {
                let dir = std::env::temp_dir().join(format!("pushdesk-test-{}", unique_name()));
                TestDatabase::File { path: dir.join("pushdesk.sqlite3"), _folder: TempFolder(dir) }
            }
            Engine::Postgres => {
                let mut config = server_config();
                let name = unique_name();
                // The store's own client: a test may be async, where the blocking `postgres`
                // client refuses to run.
                let admin = super::db::PgConn::connect(&config).expect("connect to the test server");
                super::db::Db::from_postgres(admin)
                    .batch(&format!("CREATE SCHEMA {name}"))
                    .expect("create a schema");
                config.options(format!("-c search_path={name}"));
                TestDatabase::Schema { config: Box::new(config), name }
            }
        }
    }

    /// A plain connection to the PostgreSQL schema, as any client of the server could make
    /// (the blocking `postgres` client: not from an async test).
    pub fn raw_postgres(&self) -> postgres::Client {
        match self {
            TestDatabase::Schema { config, .. } => postgres::Config::from((**config).clone())
                .connect(postgres::NoTls)
                .expect("connect to the test schema"),
            TestDatabase::File { .. } => panic!("not a PostgreSQL test database"),
        }
    }

    /// Opens the store (migrating it, as the app does).
    pub fn open(&self) -> Store {
        match self {
            TestDatabase::File { .. } | TestDatabase::Schema { .. } => {
                self.try_open().expect("open the test store")
            }
        }
    }

    /// Opens the store, or says why not.
    pub fn try_open(&self) -> crate::Result<Store> {
        match self {
            TestDatabase::File { path, .. } => Store::open(path),
            TestDatabase::Schema { config, name } => Store::connect(config, name),
        }
    }
}

/// The engine the desk-level suites (engine, CLI) run on: `PUSHDESK_TEST_STORE=postgres`
/// runs them on the test server; SQLite otherwise.
pub fn engine_under_test() -> Engine {
    match std::env::var("PUSHDESK_TEST_STORE").as_deref() {
        Ok("postgres") => Engine::Postgres,
        _ => Engine::Sqlite,
    }
}

/// Who a desk of the suites is: its login on PostgreSQL (the audit trail and approval name
/// the login on a shared store), the OS user on SQLite.
pub fn person_under_test() -> String {
    match engine_under_test() {
        Engine::Postgres => server_config().get_user().unwrap_or_default().to_owned(),
        Engine::Sqlite => crate::paths::os_user(),
    }
}

/// The store of a desk with its files in `data_dir`, on [`engine_under_test`]: the data
/// directory's file, or a fresh schema of the test server. The second value names the schema,
/// for a child process to open the same store with [`address_in`].
pub fn desk_address(data_dir: &std::path::Path) -> (super::StoreAddress, String) {
    desk_address_on(engine_under_test(), data_dir)
}

/// [`desk_address`] on `engine`.
pub fn desk_address_on(engine: Engine, data_dir: &std::path::Path) -> (super::StoreAddress, String) {
    match TestDatabase::new(engine) {
        TestDatabase::File { .. } => (super::StoreAddress::local(data_dir), String::new()),
        TestDatabase::Schema { config, name } => (super::StoreAddress::server(data_dir, *config), name),
    }
}

/// The store [`desk_address`] made, from its data directory and schema name (empty: the file).
pub fn address_in(data_dir: &std::path::Path, schema: &str) -> super::StoreAddress {
    if schema.is_empty() {
        return super::StoreAddress::local(data_dir);
    }
    let mut config = server_config();
    config.options(format!("-c search_path={schema}"));
    super::StoreAddress::server(data_dir, config)
}

/// A mini program account for a store test; its id.
pub fn test_account(store: &Store) -> i64 {
    let account = crate::account::NewAccount::new(
        crate::account::AccountKind::MiniProgram,
        "a",
        "wx0123456789abcdef",
        "https://api.weixin.qq.com",
    );
    store.insert_account(&account).expect("add the test account").id
}

/// A campaign of `account_id` for a store test: template `T1`, ten a second, no values.
pub fn test_campaign(account_id: i64) -> crate::model::NewCampaign {
    crate::model::NewCampaign {
        account_id,
        kind: crate::model::CampaignKind::Campaign,
        name: "c".into(),
        template_id: "T1".into(),
        template_title: "t".into(),
        message: crate::model::MessageSpec {
            values: Default::default(),
            page: None,
            miniprogram_state: Default::default(),
            lang: Default::default(),
            url: None,
            miniprogram_appid: None,
        },
        rate: 10,
        concurrency: 1,
        parent_id: None,
        created_by: "me".into(),
        timing: Default::default(),
        series_id: None,
    }
}

/// An empty draft of `account_id` with one column, `openid`, for a store test.
pub fn test_draft(account_id: i64) -> super::StoredDraft {
    super::StoredDraft {
        id: 0,
        account_id,
        source: "{}".into(),
        headers: vec!["openid".into()],
        row_count: 0,
        settings: "{}".into(),
        created_by: "me".into(),
        created_at: 0,
        updated_at: 0,
    }
}

/// Runs `test` on a fresh store of each engine.
pub fn on_both_engines(test: impl Fn(Store)) {
    for engine in [Engine::Sqlite, Engine::Postgres] {
        // A failure's output says which engine it was on.
        eprintln!("on {engine:?}");
        test(TestDatabase::new(engine).open());
    }
}

/// The `PUSHDESK_DATABASE_URL` a `pushdesk` process on `data_dir` is given when the suite runs
/// on PostgreSQL: one schema per data directory, made the first time it is asked for. `None`
/// on SQLite (the data directory's file).
pub fn database_url_for(data_dir: &std::path::Path) -> Option<String> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static SCHEMAS: OnceLock<Mutex<HashMap<std::path::PathBuf, String>>> = OnceLock::new();
    if engine_under_test() != Engine::Postgres {
        return None;
    }
    let mut schemas = SCHEMAS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    Some(schemas.entry(data_dir.to_path_buf()).or_insert_with(fresh_schema_url).clone())
}

/// The URL of a fresh schema of the test server, for `pushdesk --database-url`.
pub fn fresh_schema_url() -> String {
    let TestDatabase::Schema { name, .. } = TestDatabase::new(Engine::Postgres) else {
        unreachable!("asked for PostgreSQL")
    };
    let url = std::env::var(DATABASE_URL_VARIABLE).expect("checked by TestDatabase::new");
    format!("{url}?options=-c%20search_path%3D{name}")
}

/// A plain connection to the shared store at `address`, as any client of the server could make
/// one: what a role may do is the database's to say, not Pushdesk's.
pub async fn plain_client(address: &super::StoreAddress) -> tokio_postgres::Client {
    let config = address.postgres_config().expect("a shared store");
    let (client, connection) = config.connect(tokio_postgres::NoTls).await.expect("connect");
    tokio::spawn(connection);
    client
}
