//! `pushdesk`: Pushdesk's command line, for scripts and automation. Same core, same data
//! directory as the desktop app.

mod cli;
mod commands;
mod error;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // The contract: a one-line reason on stderr and a non-zero exit.
            eprintln!("pushdesk: {}", err.to_string().replace('\n', " "));
            ExitCode::from(err.exit_code())
        }
    }
}
