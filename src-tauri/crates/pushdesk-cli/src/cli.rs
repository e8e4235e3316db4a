//! The command-line grammar (see "CLI contract" in docs/design.md).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Send WeChat Mini Program subscribe messages and keep a log of every send.
#[derive(Debug, Parser)]
#[command(name = "pushdesk", version, about)]
pub struct Cli {
    /// Data directory (default: PUSHDESK_DATA_DIR, else the OS data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show where data and logs live and the schema version.
    Info,
    /// Mini program accounts.
    Account {
        /// What to do.
        #[command(subcommand)]
        command: AccountCommand,
    },
    /// The account's private templates.
    Template {
        /// What to do.
        #[command(subcommand)]
        command: TemplateCommand,
    },
    /// The built-in WeChat simulator.
    Sandbox {
        /// What to do with it.
        #[command(subcommand)]
        command: SandboxCommand,
    },
}

/// `pushdesk sandbox …`
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Run the simulator on 127.0.0.1 until Ctrl-C.
    Serve {
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = 7780)]
        port: u16,
        /// Latency added to every send, in milliseconds.
        #[arg(long, default_value_t = 0)]
        latency_ms: u64,
        /// Share of sends answered with an injected fault (0 to 1).
        #[arg(long, default_value_t = 0.0)]
        fault_rate: f64,
    },
}

/// Token sources, as on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum TokenModeArg {
    /// `/cgi-bin/stable_token`: safe beside production (default).
    Stable,
    /// `/cgi-bin/token`: invalidates the token your production server holds.
    Classic,
    /// The company's token service (`--token-url`).
    External,
    /// A pasted access token (read like the secret).
    Manual,
}

/// `pushdesk account …`
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Add an account. The AppSecret (or, with --token-mode manual, the token) is read from
    /// stdin and stored in the OS keyring; with PUSHDESK_APP_SECRET set it is used per run and
    /// never stored.
    Add {
        /// Display name.
        #[arg(long)]
        name: String,
        /// The mini program's AppID.
        #[arg(long)]
        appid: String,
        /// Where the access token comes from.
        #[arg(long, value_enum, default_value = "stable")]
        token_mode: TokenModeArg,
        /// API base URL (a company relay, or a sandbox).
        #[arg(long)]
        api_base: Option<String>,
        /// Token service URL, for --token-mode external.
        #[arg(long)]
        token_url: Option<String>,
        /// HTTP proxy for WeChat calls.
        #[arg(long)]
        proxy: Option<String>,
    },
    /// List the accounts.
    List {
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Fetch a token and the template list, and say what is wrong.
    Test {
        /// Account name.
        name: String,
    },
    /// Remove an account, its cached templates and its keyring entries.
    Remove {
        /// Account name.
        name: String,
    },
}

/// `pushdesk template …`
#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// Pull the account's private templates from WeChat into the local cache.
    Sync {
        /// Account name.
        #[arg(long)]
        account: String,
    },
    /// List the cached templates.
    List {
        /// Account name.
        #[arg(long)]
        account: String,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
}
