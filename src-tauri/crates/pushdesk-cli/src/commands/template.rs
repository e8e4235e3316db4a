//! `pushdesk template sync|list`

use pushdesk_core::store::StoreAddress;

use super::context::Context;
use crate::cli::TemplateCommand;
use crate::error::CliError;

/// Runs a template command.
pub fn run(at: &StoreAddress, command: TemplateCommand) -> Result<(), CliError> {
    match command {
        TemplateCommand::Sync { account } => {
            let (ctx, account) = Context::for_account(at, &account)?;
            let s = ctx.runtime.block_on(ctx.desk.sync_templates(account.id))?;
            println!(
                "synced {} template(s): {} added, {} updated, {} removed, {} unchanged",
                s.added + s.updated + s.unchanged,
                s.added,
                s.updated,
                s.removed,
                s.unchanged
            );
            Ok(())
        }
        TemplateCommand::List { account, json } => {
            let ctx = Context::open(at, false)?;
            let account = ctx.store.account_by_name(&account)?;
            let templates = ctx.store.templates(account.id, None)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&templates).map_err(|e| CliError::Usage(e.to_string()))?
                );
                return Ok(());
            }
            for t in templates {
                let kind = if t.kind == 3 { "long-term" } else { "one-time" };
                let keys: Vec<&str> = t.keywords.iter().map(|k| k.key.as_str()).collect();
                println!("{}\t{}\t{kind}\t{}", t.template_id, t.title, keys.join(","));
            }
            Ok(())
        }
    }
}
