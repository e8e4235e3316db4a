//! The command-line grammar (see "CLI contract" in docs/design.md).

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use pushdesk_core::secrets::Sensitive;

/// Send WeChat Mini Program subscribe messages and keep a log of every send.
#[derive(Debug, Parser)]
#[command(name = "pushdesk", version, about)]
pub struct Cli {
    /// Data directory (default: PUSHDESK_DATA_DIR, else the OS data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// A team's shared PostgreSQL store (postgres://user@host:port/database) instead of the
    /// data directory's SQLite file; default: PUSHDESK_DATABASE_URL. The desk's own files stay
    /// in the data directory.
    #[arg(long, global = true, value_name = "URL", env = "PUSHDESK_DATABASE_URL", hide_env_values = true,
          value_parser = secret_text)]
    pub database_url: Option<Sensitive<String>>,

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
    /// Send one message to every recipient of a file, as a campaign.
    Send(SendArgs),
    /// Campaigns: list, show, pause, resume, cancel.
    Campaign {
        /// What to do.
        #[command(subcommand)]
        command: CampaignCommand,
    },
    /// Every attempt ever made, newest first, filtered.
    Log(LogArgs),
    /// Write exactly the rows of a filter to a CSV or XLSX file.
    Export(ExportArgs),
    /// Who did what, when, from which machine: the audit trail, newest first.
    Audit(AuditArgs),
    /// The account's suppression list: people who are never sent to.
    Suppression {
        /// What to do.
        #[command(subcommand)]
        command: SuppressionCommand,
    },
    /// WeChat's event pushes: delivery receipts and subscription popups.
    Events {
        /// What to do.
        #[command(subcommand)]
        command: EventsCommand,
    },
    /// The subscription ledger: one-time grants left per user and template.
    Ledger {
        /// What to do.
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Recurring campaigns: list, show (past and next runs), stop.
    Series {
        /// What to do.
        #[command(subcommand)]
        command: SeriesCommand,
    },
    /// Start scheduled campaigns when they are due (what the app does while it is open).
    Scheduler {
        /// What to do.
        #[command(subcommand)]
        command: SchedulerCommand,
    },
    /// Notices when a campaign ends, pauses or stops: the group robot (WeCom, Feishu, DingTalk).
    Notify {
        /// What to do.
        #[command(subcommand)]
        command: NotifyCommand,
    },
    /// The team of a shared store (--database-url): its roles and who has which.
    Team {
        /// What to do.
        #[command(subcommand)]
        command: TeamCommand,
    },
    /// The built-in WeChat simulator.
    Sandbox {
        /// What to do with it.
        #[command(subcommand)]
        command: SandboxCommand,
    },
}

/// `pushdesk series …`
#[derive(Debug, Subcommand)]
pub enum SeriesCommand {
    /// List recurring campaigns.
    List {
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Show a series: its rule, past runs and next runs.
    Show {
        /// Series id.
        id: i64,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Stop a series: no more runs are made.
    Stop {
        /// Series id.
        id: i64,
    },
}

/// `pushdesk scheduler …`
#[derive(Debug, Subcommand)]
pub enum SchedulerCommand {
    /// Run the scheduler in the foreground until Ctrl-C.
    Run {
        /// Start what is due now, wait for it to end, and exit.
        #[arg(long)]
        once: bool,
    },
}

/// `pushdesk notify …`
#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Show the notice settings (never the webhook address).
    Show,
    /// Choose the group robot; its webhook address is read from PUSHDESK_ROBOT_WEBHOOK or stdin
    /// and kept in the OS keyring.
    Set {
        /// wecom, feishu, dingtalk, or none to stop robot notices.
        #[arg(long, value_parser = ["wecom", "feishu", "dingtalk", "none"])]
        robot: String,
        /// Desktop notifications in the app.
        #[arg(long, value_parser = ["on", "off"], default_value = "on")]
        desktop: String,
        /// Keep the saved webhook address (do not read a new one).
        #[arg(long)]
        keep_webhook: bool,
    },
    /// Post a test notice to the saved robot.
    Test,
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
        /// Share of sends answered with an injected fault before delivery (0 to 1).
        #[arg(long, default_value_t = 0.0)]
        fault_rate: f64,
        /// Share of sends delivered, then answered with a gateway error or a dropped
        /// connection (0 to 1): the sends whose outcome a client cannot know.
        #[arg(long, default_value_t = 0.0)]
        after_delivery_fault_rate: f64,
    },
}

/// `pushdesk events …`
#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// Read files of pushes as a company's server logged them (XML documents, JSON lines or a
    /// JSON array; plaintext or safe mode): receipts are matched to sends, popups counted in
    /// the ledger. Importing a file twice changes nothing.
    Import {
        /// Account name (default: the only account besides the sandbox).
        #[arg(long)]
        account: Option<String>,
        /// Print the summary as one JSON document.
        #[arg(long)]
        json: bool,
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Receive pushes on 127.0.0.1 (or --bind) as WeChat sends them, until Ctrl-C; with
    /// --forward, pass every request on unchanged to the company's push URL and answer with
    /// its answer.
    Serve {
        /// Account name.
        #[arg(long)]
        account: String,
        /// Port.
        #[arg(long)]
        port: u16,
        /// Address to listen on (a proxy in front of it gives WeChat HTTPS).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The company's existing push URL.
        #[arg(long, value_name = "URL")]
        forward: Option<String>,
    },
    /// Official Account: ask WeChat which of the last 30 days' template messages it intercepted
    /// as purely promotional (queryblocktmplmsg), and mark those sends as not delivered.
    Intercepted {
        /// Account name.
        #[arg(long)]
        account: String,
        /// Print the summary as one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Set the account's push Token and EncodingAESKey (kept in the OS keyring): typed without
    /// echo, or two lines on stdin.
    Keys {
        /// Account name.
        #[arg(long)]
        account: String,
        /// Remove them instead.
        #[arg(long)]
        clear: bool,
    },
}

/// `pushdesk ledger …`
#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Set balances from a CSV file with the columns openid,template_id,count (for companies
    /// that count grants in their own database).
    Import {
        /// Account name.
        #[arg(long)]
        account: String,
        /// The CSV file.
        file: PathBuf,
    },
    /// Grants left per user and template.
    Show {
        /// Account name.
        #[arg(long)]
        account: String,
        /// Only this user.
        #[arg(long)]
        openid: Option<String>,
        /// Only this template.
        #[arg(long)]
        template: Option<String>,
        /// At most this many rows.
        #[arg(long, default_value_t = 1000)]
        limit: usize,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
}

/// `pushdesk suppression …`
#[derive(Debug, Subcommand)]
pub enum SuppressionCommand {
    /// List the people on the list, newest first.
    List {
        /// Account name.
        #[arg(long)]
        account: String,
        /// Only openids or notes containing this text.
        #[arg(long, default_value = "")]
        search: String,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Put openids on the list (as arguments, or one per line on stdin).
    Add {
        /// Account name.
        #[arg(long)]
        account: String,
        /// Why (e.g. "asked by phone on 12-01").
        #[arg(long, default_value = "")]
        note: String,
        /// The openids; none reads them from stdin.
        openids: Vec<String>,
    },
    /// Take openids off the list.
    Remove {
        /// Account name.
        #[arg(long)]
        account: String,
        /// The openids.
        #[arg(required = true)]
        openids: Vec<String>,
    },
    /// Whether WeChat's 43101 answers (no subscription left) put people on the list.
    Refusals {
        /// Account name.
        #[arg(long)]
        account: String,
        /// on or off.
        #[arg(value_parser = ["on", "off"])]
        setting: String,
    },
}

/// Account kinds, as on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum AccountKindArg {
    /// A mini program: subscribe messages (default).
    MiniProgram,
    /// An Official Account (服务号): template messages to its followers.
    OfficialAccount,
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
        /// What kind of account it is.
        #[arg(long, value_enum, default_value = "mini-program")]
        kind: AccountKindArg,
        /// The account's AppID.
        #[arg(long)]
        appid: String,
        /// For an Official Account: a mini program bound to it, which its template messages may
        /// open (repeat for several).
        #[arg(long = "mini-program", value_name = "APPID")]
        mini_programs: Vec<String>,
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
    /// Show or set the frequency cap: at most --max messages per person within --days days,
    /// from every campaign of the account.
    Cap {
        /// Account name.
        name: String,
        /// Messages allowed per person in the window (1–100).
        #[arg(long)]
        max: Option<u32>,
        /// The window, in days (1–30).
        #[arg(long, default_value_t = 1)]
        days: u32,
        /// Remove the cap.
        #[arg(long)]
        off: bool,
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

/// `pushdesk send …`
#[derive(Debug, clap::Args)]
pub struct SendArgs {
    /// Account name.
    #[arg(long)]
    pub account: String,
    /// The private template id.
    #[arg(long)]
    pub template: String,
    /// Recipient file: .csv, .xlsx or .txt (a column `openid`, one column per keyword or placeholder).
    #[arg(long, required_unless_present = "followers", conflicts_with = "followers")]
    pub recipients: Option<std::path::PathBuf>,
    /// Official Account: send to its followers, fetched now — `all`, or `tag:NAME[,NAME…]` for
    /// those with any of the tags (every one of them with --tag-match all).
    #[arg(long, value_name = "all|tag:NAME[,NAME]")]
    pub followers: Option<String>,
    /// With --followers tag:…: followers with `any` of the tags, or with `all` of them.
    #[arg(long, value_parser = ["any", "all"], default_value = "any", requires = "followers")]
    pub tag_match: String,
    /// The text encoding of the recipient file, when Pushdesk cannot be sure of it: utf8,
    /// utf8_bom, gbk, gb18030, big5, shift_jis, utf16le, utf16be, utf16le_bom, utf16be_bom.
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<String>,
    /// A keyword value for every row, KEY=TEXT (may contain {{column}}); repeatable.
    #[arg(long = "value", value_name = "KEY=TEXT")]
    pub values: Vec<String>,
    /// Page the card opens (query allowed): of the mini program itself, or for an Official
    /// Account of the mini program --mp-appid.
    #[arg(long, visible_alias = "mp-page")]
    pub page: Option<String>,
    /// Official Account: the web page the card opens ("详情"); with --mp-appid too, the page
    /// for WeChat versions that cannot open a mini program.
    #[arg(long)]
    pub url: Option<String>,
    /// Official Account: the bound mini program whose --mp-page the card opens.
    #[arg(long, requires = "page")]
    pub mp_appid: Option<String>,
    /// Which build of the mini program the card opens.
    #[arg(long, value_parser = ["formal", "trial", "developer"], default_value = "formal")]
    pub state: String,
    /// Language of the card's link.
    #[arg(long, value_parser = ["zh_CN", "en_US", "zh_HK", "zh_TW"], default_value = "zh_CN")]
    pub lang: String,
    /// Messages per second.
    #[arg(long, default_value_t = 20)]
    pub rate: u32,
    /// Requests in flight at most.
    #[arg(long, default_value_t = 8)]
    pub concurrency: u32,
    /// Campaign name (default: the file name).
    #[arg(long)]
    pub name: Option<String>,
    /// Also send to people who got this template from the account in the last --recent-days
    /// days (by default they are skipped).
    #[arg(long)]
    pub include_recent: bool,
    /// How far back the repeat-send check looks, in days (0 turns it off).
    #[arg(long, default_value_t = pushdesk_core::audience::DEFAULT_RECENT_DAYS, value_name = "DAYS")]
    pub recent_days: u32,
    /// Skip rows the subscription ledger knows no grant left for (none, or no record).
    #[arg(long)]
    pub only_granted: bool,
    /// Validate every row and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Send to the valid rows even if some rows are invalid.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
    /// Do not send now: schedule the campaign for this time — local time ("2026-12-12 10:00")
    /// or RFC 3339 with an offset — and exit; the app or `pushdesk scheduler run` sends it.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Send again and again: daily, weekly:MON,THU (at --at's time of day) or "cron 0 10 * * 1".
    #[arg(long, value_name = "RULE")]
    pub repeat: Option<String>,
    /// Send only between these local hours, e.g. 08:00-21:00 (outside them the campaign waits);
    /// "any" sends at any hour. Default: 08:00-21:00 for --at and --repeat, any hour otherwise.
    #[arg(long, value_name = "HH:MM-HH:MM")]
    pub window: Option<String>,
    /// Minutes late a scheduled run may still start by itself; later, it waits as missed.
    #[arg(long, value_name = "MINUTES")]
    pub grace: Option<u32>,
    /// For --repeat: read the file again before each run ("reread", the default) or send each
    /// run to the first run's recipients ("reuse").
    #[arg(long, value_parser = ["reread", "reuse"])]
    pub audience: Option<String>,
}

/// `pushdesk campaign …`
#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// List campaigns, newest first (archived ones only with --archived).
    List {
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
        /// Also list archived campaigns.
        #[arg(long)]
        archived: bool,
    },
    /// Show one campaign with its counts.
    Show {
        /// Campaign id.
        id: i64,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Pause a campaign (the process sending it stops after the requests in flight).
    Pause {
        /// Campaign id.
        id: i64,
    },
    /// Resume a paused, stopped or interrupted campaign and send it to the end.
    Resume {
        /// Campaign id.
        id: i64,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// Also send again rows whose outcome is unknown (they may have been delivered).
        #[arg(long)]
        resend_unknown: bool,
    },
    /// Approve a campaign another sender made, above the team's approval threshold, so it may
    /// start (a shared store's rule). Shows what it sends first.
    Approve {
        /// Campaign id.
        id: i64,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Cancel a campaign: pending rows are never sent.
    Cancel {
        /// Campaign id.
        id: i64,
    },
    /// Give a campaign that has not started (ready, scheduled, missed) a new time.
    Reschedule {
        /// Campaign id.
        id: i64,
        /// Local time ("2026-12-12 10:00") or RFC 3339 with an offset.
        #[arg(long, value_name = "TIME")]
        at: String,
    },
    /// Take a scheduled campaign off the schedule (it waits for `campaign resume`).
    Unschedule {
        /// Campaign id.
        id: i64,
    },
    /// Do not send a missed run: its rows are cancelled.
    Skip {
        /// Campaign id.
        id: i64,
    },
    /// Archive a finished or cancelled campaign (its log and report stay).
    Archive {
        /// Campaign id.
        id: i64,
        /// Bring it back instead.
        #[arg(long)]
        undo: bool,
    },
}

/// Filters shared by `log` and `export`.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// From this day (YYYY-MM-DD, local time) or instant (RFC 3339), inclusive.
    #[arg(long)]
    pub from: Option<String>,
    /// Up to this day (inclusive, the whole day) or instant (exclusive).
    #[arg(long)]
    pub to: Option<String>,
    /// Account name.
    #[arg(long)]
    pub account: Option<String>,
    /// Campaign id.
    #[arg(long)]
    pub campaign: Option<i64>,
    /// Template id.
    #[arg(long)]
    pub template: Option<String>,
    /// Status: sending, sent, not_subscribed, failed, unknown, retry (repeatable).
    #[arg(long)]
    pub status: Vec<String>,
    /// WeChat errcode.
    #[arg(long, allow_hyphen_values = true)]
    pub errcode: Option<i64>,
    /// What the delivery receipt said.
    #[arg(long, value_parser = ["delivered", "delivery_failed", "no_receipt"])]
    pub delivery: Option<String>,
    /// Only mini programs' subscribe messages, or only Official Accounts' template messages.
    #[arg(long, value_parser = ["subscribe_message", "template_message"])]
    pub channel: Option<String>,
    /// openid; end it with * to match a prefix.
    #[arg(long)]
    pub openid: Option<String>,
}

/// A value that may hold a password (a database URL): never printed, not even by `{:?}`.
fn secret_text(text: &str) -> Result<Sensitive<String>, std::convert::Infallible> {
    Ok(Sensitive::new(text.to_string()))
}

/// `pushdesk team …`
#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Create the roles (viewer, author, sender, admin) and what each may do, as the database's
    /// owner. Run again after an upgrade.
    Init,
    /// Give a login one role, creating the login if it is new (its password is asked for, or read
    /// from stdin).
    Add {
        /// The person's database login.
        login: String,
        /// What they may do.
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Show, or set with --above, the recipient count above which a campaign needs another
    /// sender's approval before it starts.
    Approval {
        /// Recipients a campaign may have without approval.
        #[arg(long, value_name = "RECIPIENTS")]
        above: Option<u32>,
    },
    /// Everyone with a role.
    List {
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
}

/// A team role on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    /// Reads the log and reports, exports.
    Viewer,
    /// Also drafts and creates campaigns, syncs templates, sends tests.
    Author,
    /// Also starts, pauses, resumes, cancels and schedules campaigns.
    Sender,
    /// Also accounts and the team.
    Admin,
}

/// Output formats of `log`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LogFormat {
    /// Aligned columns.
    Table,
    /// One JSON document.
    Json,
    /// CSV on stdout.
    Csv,
}

/// `pushdesk log …`
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Rows to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Rows to show.
    #[arg(long, default_value_t = 50)]
    pub count: u32,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: LogFormat,
}

/// `pushdesk export …`
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The file to write. Its folder must exist; an existing file is refused unless --force.
    #[arg(long)]
    pub out: std::path::PathBuf,
    /// Replace --out if it exists (never a folder, a link or a device).
    #[arg(long)]
    pub force: bool,
    /// csv or xlsx (default: from the file name).
    #[arg(long, value_parser = ["csv", "xlsx"])]
    pub format: Option<String>,
    /// Header language: zh-CN or en.
    #[arg(long, value_parser = ["zh-CN", "en"], default_value = "zh-CN")]
    pub lang: String,
}

/// `pushdesk audit …`
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// From this day (YYYY-MM-DD, local time) or instant (RFC 3339), inclusive.
    #[arg(long)]
    pub from: Option<String>,
    /// Up to this day (inclusive, the whole day) or instant (exclusive).
    #[arg(long)]
    pub to: Option<String>,
    /// Only this action (repeatable): account_added, account_changed, account_removed,
    /// templates_synced, campaign_created, campaign_started, campaign_resumed, campaign_resent,
    /// campaign_paused, campaign_cancelled, log_exported.
    #[arg(long)]
    pub action: Vec<String>,
    /// Only what this person did.
    #[arg(long)]
    pub person: Option<String>,
    /// Entries to show in the table (JSON and CSV have every entry).
    #[arg(long, default_value_t = 50)]
    pub count: usize,
    /// One JSON document with every entry.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV on stdout with every entry (English headers).
    #[arg(long)]
    pub csv: bool,
}
