//! `pushdesk ledger import|show`
use pushdesk_core::ledger::GrantState;
use pushdesk_core::sendlog::local_time_text;
use pushdesk_core::store::StoreAddress;

use super::context::Context;
use crate::cli::LedgerCommand;
use crate::error::CliError;

/// Runs a ledger command.
pub fn run(at: &StoreAddress, command: LedgerCommand) -> Result<(), CliError> {
    match command {
        LedgerCommand::Import { account, file } => {
            let (ctx, account) = Context::for_account(at, &account)?;
            let n = ctx.runtime.block_on(ctx.desk.import_ledger(account.id, file))?;
            eprintln!("{}: {n} balances set", account.name);
            Ok(())
        }
        LedgerCommand::Show { account, openid, template, limit, json } => {
            let (ctx, account) = Context::for_account(at, &account)?;
            let entries =
                ctx.runtime.block_on(ctx.desk.ledger_entries(account.id, template, openid, limit))?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&entries).map_err(|e| CliError::Usage(e.to_string()))?
                );
                return Ok(());
            }
            println!("openid\ttemplate_id\tgrants\tstate\taccepted\tconsumed\tupdated");
            for e in &entries {
                let state = match e.state {
                    GrantState::Granted => "granted",
                    GrantState::NoGrant => "no_grant",
                    GrantState::NoData => "no_data",
                };
                println!(
                    "{}\t{}\t{}\t{state}\t{}\t{}\t{}",
                    e.openid,
                    e.template_id,
                    e.grants,
                    e.accepted,
                    e.consumed,
                    e.updated_at.map(local_time_text).unwrap_or_default()
                );
            }
            eprintln!("{} shown (at most {limit})", entries.len());
            Ok(())
        }
    }
}
