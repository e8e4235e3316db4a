//! Where a desk's store is: the SQLite file in its data directory, or a team's PostgreSQL
//! database. Either way the desk's own files (departure logs, logs) stay in its data directory.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::Store;
use crate::secrets::Sensitive;
use crate::{paths, Bilingual, CoreError, Result};

/// A store to open, as many times as a desk needs (the journal writer and exports open their
/// own connections).
#[derive(Clone)]
pub struct StoreAddress {
    data_dir: PathBuf,
    database: Database,
}

#[derive(Clone)]
enum Database {
    File(PathBuf),
    Server { config: Box<tokio_postgres::Config>, shown: String },
}

impl std::fmt::Debug for StoreAddress {
    /// The address as [`StoreAddress::shown`] gives it: never a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

impl StoreAddress {
    /// The SQLite file in `data_dir`.
    pub fn local(data_dir: &Path) -> StoreAddress {
        StoreAddress {
            data_dir: data_dir.to_path_buf(),
            database: Database::File(paths::database_file(data_dir)),
        }
    }

    /// A PostgreSQL database by its URL (`postgres://user[:password]@host:port/dbname`; it may
    /// hold a password, so it is handled as a secret), the desk's own files in `data_dir`.
    pub fn shared(data_dir: &Path, url: &Sensitive<String>) -> Result<StoreAddress> {
        let config = tokio_postgres::Config::from_str(url.expose()).map_err(|e| {
            CoreError::InvalidInput(Bilingual::field(
                "databaseUrl",
                format!(
                    "the database address is not a PostgreSQL URL (postgres://user@host:port/database): {e}"
                ),
                format!("数据库地址不是 PostgreSQL 的 URL（postgres://用户@主机:端口/数据库）：{e}"),
            ))
        })?;
        Ok(StoreAddress::server(data_dir, config))
    }

    /// A PostgreSQL database by its settings.
    pub fn server(data_dir: &Path, config: tokio_postgres::Config) -> StoreAddress {
        let shown = shown(&config);
        StoreAddress {
            data_dir: data_dir.to_path_buf(),
            database: Database::Server { config: Box::new(config), shown },
        }
    }

    /// The same shared store, connected as `user` with `password` (each person of a team signs
    /// in with their own login). A desk's own file has no logins: it is returned as it is.
    pub fn with_login(&self, user: &str, password: &Sensitive<String>) -> StoreAddress {
        let mut address = self.clone();
        if let Database::Server { config, shown } = &mut address.database {
            config.user(user).password(password.expose().as_bytes());
            *shown = self::shown(config);
        }
        address
    }

    /// The shared store's connection settings, for tests' plain connections.
    pub(crate) fn postgres_config(&self) -> Option<&tokio_postgres::Config> {
        match &self.database {
            Database::Server { config, .. } => Some(config),
            Database::File(_) => None,
        }
    }

    /// Opens a connection (migrating the schema the first time, as [`Store::open`] does).
    pub fn open(&self) -> Result<Store> {
        match &self.database {
            Database::File(path) => Store::open(path),
            Database::Server { config, shown } => {
                Ok(Store::connect(config, shown)?.with_desk_settings(&self.data_dir))
            }
        }
    }

    /// The desk's data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The file, or `user@host:port/database` of the server: for messages and `pushdesk info`.
    pub fn shown(&self) -> String {
        match &self.database {
            Database::File(path) => path.display().to_string(),
            Database::Server { shown, .. } => shown.clone(),
        }
    }

    /// Whether this is a shared (PostgreSQL) store.
    pub fn is_shared(&self) -> bool {
        matches!(self.database, Database::Server { .. })
    }
}

/// `user@host:port/database`, without the password.
fn shown(config: &tokio_postgres::Config) -> String {
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("");
    let database = config.get_dbname().unwrap_or(user);
    format!("{user}@{host}:{port}/{database}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Sensitive<String> {
        Sensitive::new(text.to_string())
    }

    #[test]
    fn a_shared_address_never_shows_its_password() {
        let address =
            StoreAddress::shared(Path::new("/d"), &url("postgres://li:s3cret@db.example.com:6543/push"))
                .unwrap();
        assert_eq!(address.shown(), "li@db.example.com:6543/push");
        assert!(!format!("{address:?}").contains("s3cret"));
        assert!(address.is_shared());
        assert_eq!(StoreAddress::local(Path::new("/d")).shown(), "/d/pushdesk.sqlite3");
    }

    #[test]
    fn an_address_that_is_not_a_url_is_refused_by_its_field() {
        let err = StoreAddress::shared(Path::new("/d"), &url("db.example.com:5432")).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
        assert!(err.to_string().starts_with("databaseUrl:"), "{err}");
    }
}
