//! A desk's way into its team's shared store (Settings → 团队): the server and the person's
//! login in the data directory's `team.json`, the password in the OS keyring. The file holds
//! nothing secret; a desk without it uses its own SQLite file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::TeamRole;
use crate::secrets::{SecretStore, Sensitive};
use crate::store::StoreAddress;
use crate::{files, Bilingual, CoreError, Result};

/// The keyring entry of the login's password.
pub const TEAM_PASSWORD_KEY: &str = "team-store-password";

const FILE: &str = "team.json";

/// Which shared store a desk uses, as whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamLink {
    /// `postgres://host:port/database`, without a login or password.
    pub server: String,
    /// The person's own database login.
    pub login: String,
}

fn file(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE)
}

fn invalid(field: &str, en: &str, zh: &str) -> CoreError {
    CoreError::InvalidInput(Bilingual::field(field, en, zh))
}

impl TeamLink {
    /// The link saved in `data_dir`, if the desk joined a team.
    pub fn load(data_dir: &Path) -> Result<Option<TeamLink>> {
        let path = file(data_dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                let shown = path.display();
                return Err(CoreError::io(
                    Bilingual::new(format!("reading {shown}"), format!("读取 {shown}")),
                    e,
                ));
            }
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| CoreError::Internal(format!("{} is not a team link: {e}", path.display())))
    }

    /// The shared store, signed in with the password the keyring holds.
    pub fn address(&self, data_dir: &Path, secrets: &SecretStore) -> Result<StoreAddress> {
        let password = secrets.get(TEAM_PASSWORD_KEY)?;
        Ok(self.base(data_dir)?.with_login(&self.login, &password))
    }

    fn base(&self, data_dir: &Path) -> Result<StoreAddress> {
        let server: tokio_postgres::Config = self.server.trim().parse().map_err(|_| {
            invalid(
                "server",
                "the server is a PostgreSQL address: postgres://host:port/database",
                "服务器应为 PostgreSQL 地址：postgres://主机:端口/数据库",
            )
        })?;
        if server.get_password().is_some() || server.get_user().is_some() {
            return Err(invalid(
                "server",
                "give the login and password in their own fields, not in the server's address",
                "请在各自的输入框中填写登录名和密码，不要写在服务器地址里",
            ));
        }
        if self.login.trim().is_empty() {
            return Err(invalid("login", "give your database login", "请填写你的数据库登录名"));
        }
        Ok(StoreAddress::server(data_dir, server))
    }
}

/// Signs in to the team's store as `link` says with `password`; when that works, keeps the
/// link (in the data directory) and the password (in the keyring) for the next start, and
/// returns the person's role. Nothing is kept when it fails.
pub fn join_team(
    data_dir: &Path,
    secrets: &SecretStore,
    link: &TeamLink,
    password: &Sensitive<String>,
) -> Result<TeamRole> {
    if password.expose().is_empty() {
        return Err(invalid("password", "give your password", "请填写密码"));
    }
    let address = link.base(data_dir)?.with_login(link.login.trim(), password);
    let role = address.open()?.team_role()?.unwrap_or(TeamRole::Viewer);
    secrets.put(TEAM_PASSWORD_KEY, password)?;
    let link = TeamLink { server: link.server.trim().into(), login: link.login.trim().into() };
    let text = serde_json::to_vec_pretty(&link).map_err(|e| CoreError::Internal(e.to_string()))?;
    crate::paths::ensure_private_dir(data_dir)
        .map_err(|e| CoreError::io(Bilingual::new("preparing the data directory", "准备数据目录"), e))?;
    files::write_atomically(&file(data_dir), true, &text)?;
    Ok(role)
}

/// Goes back to the desk's own file at the next start: the link and the password are removed.
pub fn leave_team(data_dir: &Path, secrets: &SecretStore) -> Result<()> {
    match std::fs::remove_file(file(data_dir)) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(CoreError::io(Bilingual::new("removing the team link", "删除团队连接"), e)),
    }
    secrets.delete(TEAM_PASSWORD_KEY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_address_with_a_login_or_password_in_it_is_refused() {
        let link = |server: &str| TeamLink { server: server.into(), login: "li".into() };
        let dir = Path::new("/d");
        let err = link("postgres://li:pw@db:5432/push").base(dir).unwrap_err();
        assert!(err.to_string().starts_with("server:"), "{err}");
        assert!(link("db:5432").base(dir).is_err());
        let shown = link("postgres://db.example.com:6543/push").base(dir).unwrap().shown();
        assert_eq!(shown, "@db.example.com:6543/push");
    }
}
