//! One module per top-level command.

mod account;
mod audit;
mod campaign;
mod context;
mod events;
mod info;
mod ledger;
mod log;
mod notify;
mod run;
mod sandbox;
mod schedule;
mod send;
mod suppression;
mod team;
mod template;

use pushdesk_core::paths;
use pushdesk_core::store::{Store, StoreAddress};

use crate::cli::{Cli, Command};
use crate::error::CliError;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let data_dir = paths::data_dir(cli.data_dir);
    let _log = pushdesk_core::logging::init(&paths::log_dir(&data_dir), "pushdesk-cli.log", false)?;
    let at = match cli.database_url.filter(|url| !url.expose().is_empty()) {
        Some(url) => StoreAddress::shared(&data_dir, &url)?,
        None => StoreAddress::local(&data_dir),
    };
    match cli.command {
        Command::Info => info::run(&at),
        Command::Account { command } => account::run(&at, command),
        Command::Template { command } => template::run(&at, command),
        Command::Send(args) => send::run(&at, args),
        Command::Campaign { command } => campaign::run(&at, command),
        Command::Log(args) => log::log(&at, args),
        Command::Export(args) => log::export(&at, args),
        Command::Audit(args) => audit::run(&at, args),
        Command::Suppression { command } => suppression::run(&at, command),
        Command::Events { command } => events::run(&at, command),
        Command::Ledger { command } => ledger::run(&at, command),
        Command::Series { command } => schedule::series(&at, command),
        Command::Scheduler { command } => schedule::scheduler(&at, command),
        Command::Notify { command } => notify::run(&at, command),
        Command::Team { command } => team::run(&at, command),
        Command::Sandbox { command } => sandbox::run(command),
    }
}

/// Opens the store at `at`.
pub fn open_store(at: &StoreAddress) -> Result<Store, CliError> {
    Ok(at.open()?)
}
