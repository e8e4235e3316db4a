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
mod template;

use pushdesk_core::paths;
use pushdesk_core::store::Store;

use crate::cli::{Cli, Command};
use crate::error::CliError;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let data_dir = paths::data_dir(cli.data_dir);
    let _log = pushdesk_core::logging::init(&paths::log_dir(&data_dir), "pushdesk-cli.log", false)?;
    match cli.command {
        Command::Info => info::run(&data_dir),
        Command::Account { command } => account::run(&data_dir, command),
        Command::Template { command } => template::run(&data_dir, command),
        Command::Send(args) => send::run(&data_dir, args),
        Command::Campaign { command } => campaign::run(&data_dir, command),
        Command::Log(args) => log::log(&data_dir, args),
        Command::Export(args) => log::export(&data_dir, args),
        Command::Audit(args) => audit::run(&data_dir, args),
        Command::Suppression { command } => suppression::run(&data_dir, command),
        Command::Events { command } => events::run(&data_dir, command),
        Command::Ledger { command } => ledger::run(&data_dir, command),
        Command::Series { command } => schedule::series(&data_dir, command),
        Command::Scheduler { command } => schedule::scheduler(&data_dir, command),
        Command::Notify { command } => notify::run(&data_dir, command),
        Command::Sandbox { command } => sandbox::run(command),
    }
}

/// Opens the shared store in `data_dir`.
pub fn open_store(data_dir: &std::path::Path) -> Result<Store, CliError> {
    Ok(Store::open(&paths::database_file(data_dir))?)
}
