//! `pushdesk suppression list|add|remove|refusals`

use std::io::Read;

use pushdesk_core::model::SuppressionSource;
use pushdesk_core::sendlog::local_time_text;
use pushdesk_core::store::StoreAddress;

use super::context::Context;
use crate::cli::SuppressionCommand;
use crate::error::CliError;

/// Runs a suppression command.
pub fn run(at: &StoreAddress, command: SuppressionCommand) -> Result<(), CliError> {
    match command {
        SuppressionCommand::List { account, search, json } => {
            let (ctx, account) = Context::for_account(at, &account)?;
            let list = ctx.runtime.block_on(ctx.desk.suppression_list(account.id, search))?;
            if json {
                let text = serde_json::to_string_pretty(&list).map_err(|e| CliError::Usage(e.to_string()))?;
                println!("{text}");
                return Ok(());
            }
            for e in &list.entries {
                let source = match e.source {
                    SuppressionSource::Manual => "manual",
                    SuppressionSource::Refused => "43101",
                };
                println!(
                    "{}\t{}\t{source}\t{}\t{}",
                    e.openid,
                    local_time_text(e.added_at),
                    e.added_by,
                    e.note
                );
            }
            let refusals = if list.suppress_refusals { "on" } else { "off" };
            eprintln!("{} of {} shown; 43101 answers add people: {refusals}", list.entries.len(), list.total);
            Ok(())
        }
        SuppressionCommand::Add { account, note, openids } => {
            let (ctx, account) = Context::for_account(at, &account)?;
            let text = if openids.is_empty() {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .map_err(|e| CliError::Usage(format!("reading openids from stdin: {e}")))?;
                text
            } else {
                openids.join("\n")
            };
            let added = ctx.runtime.block_on(ctx.desk.suppress(account.id, text, note))?;
            println!("{} added, {} already on the list", added.added, added.already);
            if !added.not_openids.is_empty() {
                eprintln!("not openids, left out: {}", added.not_openids.join(", "));
            }
            Ok(())
        }
        SuppressionCommand::Remove { account, openids } => {
            let (ctx, account) = Context::for_account(at, &account)?;
            let asked = openids.len();
            let removed = ctx.runtime.block_on(ctx.desk.unsuppress(account.id, openids))?;
            println!("{removed} removed ({} were not on the list)", asked as u32 - removed);
            Ok(())
        }
        SuppressionCommand::Refusals { account, setting } => {
            let (ctx, account) = Context::for_account(at, &account)?;
            let on = setting == "on";
            ctx.runtime.block_on(ctx.desk.set_suppress_refusals(account.id, on))?;
            println!(
                "43101 answers {} people to the suppression list",
                if on { "now add" } else { "no longer add" }
            );
            Ok(())
        }
    }
}
