//! Team roles on a shared store: made by the owner, enforced by PostgreSQL (`team.sql`).

use super::db::{Engine, Tx};
use super::Store;
use crate::db_args;
use crate::model::TeamRole;
use crate::secrets::Sensitive;
use crate::{Bilingual, CoreError, Result};

const TEAM_SQL: &str = include_str!("team.sql");

/// A login and its role.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TeamMember {
    pub login: String,
    pub role: TeamRole,
}

/// The login a shared store is connected as, and its role (both `None` on a file).
#[derive(Debug, Clone, Default)]
pub(super) struct Seat {
    pub login: Option<String>,
    pub role: Option<TeamRole>,
}

fn shared_only(store: &Store) -> Result<()> {
    match store.db().engine() {
        Engine::Postgres => Ok(()),
        Engine::Sqlite => Err(CoreError::InvalidInput(Bilingual::new(
            "team roles live in a shared store: give --database-url (or PUSHDESK_DATABASE_URL)",
            "团队角色保存在共享数据库中：请用 --database-url（或 PUSHDESK_DATABASE_URL）指定它",
        ))),
    }
}

/// `name` as a quoted identifier (logins are names the database compares exactly).
fn identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Store {
    /// The login and role of this connection, asked once.
    pub(super) fn seat(&self) -> Result<&Seat> {
        if let Some(seat) = self.seat.get() {
            return Ok(seat);
        }
        let seat = match self.db().engine() {
            Engine::Sqlite => Seat::default(),
            Engine::Postgres => Seat {
                login: Some(
                    self.db().query_one("SELECT CAST(session_user AS TEXT)", db_args![], |r| r.get(0))?,
                ),
                role: Some(self.ask_team_role()?),
            },
        };
        Ok(self.seat.get_or_init(|| seat))
    }

    /// The login this store is connected as, on a shared store.
    pub fn login(&self) -> Result<Option<String>> {
        Ok(self.seat()?.login.clone())
    }

    /// The role of the login this store is connected as; `None` on a desk's own file, where the
    /// person may do everything. The owner of the tables (who made them) is an admin.
    pub fn team_role(&self) -> Result<Option<TeamRole>> {
        Ok(self.seat()?.role)
    }

    /// Creates the team's roles and their privileges (run as the database's owner; again after
    /// an upgrade).
    pub fn init_team(&self) -> Result<()> {
        shared_only(self)?;
        self.db().transaction(super::db::Begin::Immediate, |tx| tx.batch(TEAM_SQL))
    }

    /// Whether `login` exists on the server.
    pub fn login_exists(&self, login: &str) -> Result<bool> {
        shared_only(self)?;
        let found =
            self.db().query_opt("SELECT 1 FROM pg_roles WHERE rolname = ?1", db_args![login], |r| {
                r.get::<i32>(0)
            })?;
        Ok(found.is_some())
    }

    /// Makes `login` a member of `role`'s group and of no other Pushdesk role. A login that does
    /// not exist yet is created with `password`, sent to the server only as a SCRAM verifier.
    pub fn add_to_team(
        &self,
        login: &str,
        role: TeamRole,
        password: Option<&Sensitive<String>>,
    ) -> Result<()> {
        shared_only(self)?;
        if login.is_empty() || login.len() > 63 {
            return Err(CoreError::InvalidInput(Bilingual::field(
                "login",
                "a login is 1 to 63 characters",
                "登录名为 1 到 63 个字符",
            )));
        }
        self.db().transaction(super::db::Begin::Immediate, |tx| {
            let exists = self.login_exists(login)?;
            let name = identifier(login);
            if !exists {
                let password = password.ok_or_else(|| {
                    CoreError::InvalidInput(Bilingual::field(
                        "password",
                        format!("{login} is a new login: give it a password"),
                        format!("{login} 是新的登录名：请为它设置密码"),
                    ))
                })?;
                let verifier = postgres_protocol::password::scram_sha_256(password.expose().as_bytes());
                tx.batch(&format!("CREATE ROLE {name} LOGIN PASSWORD '{}'", verifier.replace('\'', "''")))?;
            }
            set_group(tx, &name, role)
        })
    }

    /// What the server says of this login's role (on a shared store).
    fn ask_team_role(&self) -> Result<TeamRole> {
        let owner = self.db().query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper)
                 OR EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema()
                              AND tablename = 'campaigns' AND tableowner = current_user)",
            db_args![],
            |r| r.get::<bool>(0),
        )?;
        if owner {
            return Ok(TeamRole::Admin);
        }
        let groups = self.db().query(
            "SELECT rolname FROM pg_roles
              WHERE rolname LIKE 'pushdesk\\_%' AND pg_has_role(current_user, oid, 'MEMBER')",
            db_args![],
            |r| r.get::<String>(0),
        )?;
        Ok(TeamRole::ALL
            .into_iter()
            .rev()
            .find(|r| groups.iter().any(|g| g == r.group()))
            .unwrap_or(TeamRole::Viewer))
    }

    /// Every login with a Pushdesk role, by name.
    pub fn team(&self) -> Result<Vec<TeamMember>> {
        shared_only(self)?;
        let rows = self.db().query(
            "SELECT m.rolname, g.rolname FROM pg_auth_members am
               JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles m ON m.oid = am.member
              WHERE g.rolname LIKE 'pushdesk\\_%' AND m.rolcanlogin
              ORDER BY m.rolname",
            db_args![],
            |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|(login, group)| {
                let role = TeamRole::ALL.into_iter().find(|r| r.group() == group)?;
                Some(TeamMember { login, role })
            })
            .collect())
    }
}

fn set_group(tx: &Tx<'_>, name: &str, role: TeamRole) -> Result<()> {
    for other in TeamRole::ALL {
        tx.batch(&format!("REVOKE {} FROM {name}", other.group()))?;
    }
    tx.batch(&format!("GRANT {} TO {name}", role.group()))?;
    // An admin adds people: that needs the right to make logins.
    let create = if role == TeamRole::Admin { "CREATEROLE" } else { "NOCREATEROLE" };
    tx.batch(&format!("ALTER ROLE {name} {create}"))
}
