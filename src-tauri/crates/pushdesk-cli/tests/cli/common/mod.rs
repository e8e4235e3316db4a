//! Runs the real `pushdesk` binary against a sandbox started by the test.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use pushdesk_sandbox::{Sandbox, SandboxConfig};

/// A sandbox serving one extra app, and a data directory of its own.
pub struct World {
    /// Keeps the sandbox's server running.
    pub _runtime: tokio::runtime::Runtime,
    pub sandbox: Sandbox,
    pub data: tempfile::TempDir,
    pub appid: String,
    pub secret: String,
}

impl World {
    /// `tag` keeps keyring entries of parallel tests apart: the AppID is derived from it.
    pub fn new(tag: &str) -> World {
        let appid = format!("wx{:0>16}", tag);
        assert_eq!(appid.len(), 18, "tag too long");
        let secret = format!("secret-of-{tag}-0123456789abcdef");
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let config =
            SandboxConfig { apps: vec![(appid.clone(), secret.clone())], ..SandboxConfig::default() };
        let sandbox = runtime.block_on(Sandbox::start(config)).unwrap();
        World { _runtime: runtime, sandbox, data: tempfile::tempdir().unwrap(), appid, secret }
    }

    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// Runs `pushdesk --data-dir <ours> ARGS`, feeding `stdin`.
    pub fn run(&self, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
        run_in(self.data_dir(), args, stdin, env)
    }
}

pub fn run_in(data_dir: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pushdesk"));
    cmd.arg("--data-dir").arg(data_dir).args(args);
    cmd.env_remove("PUSHDESK_APP_SECRET");
    on_the_store_under_test(&mut cmd, data_dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

/// Points a `pushdesk` process on `data_dir` at the store the suite runs on: the data
/// directory's file, or (with `PUSHDESK_TEST_STORE=postgres`) a schema of the test server.
pub fn on_the_store_under_test(cmd: &mut Command, data_dir: &Path) {
    match pushdesk_core::store::testing::database_url_for(data_dir) {
        Some(url) => cmd.env("PUSHDESK_DATABASE_URL", url),
        None => cmd.env_remove("PUSHDESK_DATABASE_URL"),
    };
}

/// Whether the suite runs on the PostgreSQL test server (the few tests about the SQLite file
/// itself have nothing to check there).
pub fn on_postgres() -> bool {
    pushdesk_core::store::testing::engine_under_test() == pushdesk_core::store::db::Engine::Postgres
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
