//! Runs the real app under WebKitWebDriver with an isolated home and data directory.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::webdriver::Session;

/// The app binary under test: `PUSHDESK_E2E_APP`, else the debug build in `target/`.
pub fn app_binary() -> Result<PathBuf> {
    let path = match std::env::var_os("PUSHDESK_E2E_APP") {
        Some(p) => PathBuf::from(p),
        None => workspace_root().join("target/debug/pushdesk-app"),
    };
    if !path.exists() {
        bail!("the app binary {} does not exist: build it with scripts/build-app", path.display());
    }
    Ok(path)
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Where screenshots go: `target/e2e-screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    workspace_root().join("target/e2e-screenshots")
}

/// A WebKitWebDriver process with its own home; every session it opens starts the app there.
pub struct Desktop {
    driver: Child,
    url: String,
    /// The temp folder used as HOME; the data directory is inside it.
    pub home: tempfile::TempDir,
    app: PathBuf,
    /// Held for the desktop's life: dropped last, after the driver is gone.
    _one_at_a_time: MutexGuard<'static, ()>,
}

/// The end-to-end tests share one X display and one keyring, so one app runs at a time whatever
/// the harness's thread count (the test command runs them with the rest, threads unset).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

impl Desktop {
    /// Starts WebKitWebDriver on a free port with an isolated environment.
    pub fn start() -> Result<Desktop> {
        // A failed test poisons the lock; the next one still runs.
        let one_at_a_time = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let app = app_binary()?;
        let home = tempfile::tempdir()?;
        let port = free_port()?;
        let runtime_dir = home.path().join("runtime");
        std::fs::create_dir_all(&runtime_dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&runtime_dir, std::fs::Permissions::from_mode(0o700))?;
        }
        let driver = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_RUNTIME_DIR", &runtime_dir)
            .env("PUSHDESK_DATA_DIR", home.path().join("pushdesk-data"))
            .env("NO_AT_BRIDGE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting WebKitWebDriver (apt-get install webkit2gtk-driver)")?;
        let url = format!("http://127.0.0.1:{port}");
        wait_until_listening(port)?;
        Ok(Desktop { driver, url, home, app, _one_at_a_time: one_at_a_time })
    }

    /// The data directory the app uses.
    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join("pushdesk-data")
    }

    /// Launches the app and waits until its UI says it is ready.
    pub fn launch(&self) -> Result<Session> {
        let session = Session::start(&self.url, &self.app.display().to_string(), &["--automation"])?;
        if let Err(err) = session.find("[data-testid=app-ready]") {
            // Leave evidence: what the window showed instead of the app.
            let _ = session.screenshot(&screenshot_dir().join("launch-failure.png"));
            let text = session.page_text().unwrap_or_default();
            let html = session.script("return document.documentElement.outerHTML.slice(0, 2000);", vec![]);
            bail!("{err}; the window shows: {text:?}; html: {html:?}");
        }
        Ok(session)
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wait_until_listening(port: u16) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("WebKitWebDriver did not listen on port {port}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}
