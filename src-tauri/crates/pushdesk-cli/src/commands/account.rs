//! `pushdesk account add|list|test|remove|cap`
use pushdesk_core::account::{AccountKind, NewAccount, TokenMode};
use pushdesk_core::model::FrequencyCap;
use pushdesk_core::store::StoreAddress;

use super::context::{read_secret, secret_from_env, Context};
use crate::cli::{AccountCommand, AccountKindArg, TokenModeArg};
use crate::error::CliError;

/// Runs an account command.
pub fn run(at: &StoreAddress, command: AccountCommand) -> Result<(), CliError> {
    match command {
        AccountCommand::Add { name, kind, appid, mini_programs, token_mode, api_base, token_url, proxy } => {
            let ctx = Context::open(at, false)?;
            let kind = match kind {
                AccountKindArg::MiniProgram => AccountKind::MiniProgram,
                AccountKindArg::OfficialAccount => AccountKind::OfficialAccount,
            };
            let token_mode = match token_mode {
                TokenModeArg::Stable => TokenMode::Stable,
                TokenModeArg::Classic => TokenMode::Classic,
                TokenModeArg::External => TokenMode::External,
                TokenModeArg::Manual => TokenMode::Manual,
            };
            if token_mode == TokenMode::Classic {
                eprintln!(
                    "warning: the classic token mode invalidates the access token your production \
                     server holds for {appid}; prefer --token-mode stable"
                );
            }
            let input = NewAccount {
                name,
                kind,
                appid,
                mini_programs,
                token_mode,
                api_base: api_base.unwrap_or_default(),
                token_url,
                proxy,
            };
            // A secret from PUSHDESK_APP_SECRET is for this run only: nothing goes to the keyring.
            let credential = match (token_mode, secret_from_env()) {
                (TokenMode::External, _) => None,
                (_, Some(_)) => None,
                (TokenMode::Manual, None) => Some(read_secret("Access token: ")?),
                (_, None) => Some(read_secret("AppSecret: ")?),
            };
            let added = ctx.runtime.block_on(ctx.desk.add_account(input, credential))?;
            println!("added account \"{}\" ({})", added.name, added.appid);
            Ok(())
        }
        AccountCommand::List { json } => {
            let ctx = Context::open(at, false)?;
            let accounts = ctx.store.accounts()?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&accounts).map_err(|e| CliError::Usage(e.to_string()))?
                );
            } else {
                for a in accounts {
                    let sandbox = if a.is_sandbox { "  [sandbox]" } else { "" };
                    println!(
                        "{}\t{}\t{}\t{}\t{}{sandbox}",
                        a.name,
                        a.kind.as_str(),
                        a.appid,
                        a.token_mode.as_str(),
                        a.api_base
                    );
                }
            }
            Ok(())
        }
        AccountCommand::Test { name } => {
            let (ctx, account) = Context::for_account(at, &name)?;
            let report = ctx.runtime.block_on(ctx.desk.test_connection(account.id))?;
            if let Some(count) = report.template_count.filter(|_| report.ok) {
                println!("ok: \"{name}\" got an access token and {count} template(s)");
                return Ok(());
            }
            let problem = report
                .problem
                .as_ref()
                .map(|p| format!("{} — {}", p.explanation.title_en, p.explanation.action_en));
            Err(CliError::Failed(format!(
                "\"{name}\" cannot connect: {}{}",
                problem.unwrap_or_default(),
                report.detail.map(|d| format!(" ({d})")).unwrap_or_default()
            )))
        }
        AccountCommand::Remove { name } => {
            let ctx = Context::open(at, false)?;
            let account = ctx.store.account_by_name(&name)?;
            ctx.runtime.block_on(ctx.desk.remove_account(account.id))?;
            println!("removed account \"{name}\"");
            Ok(())
        }
        AccountCommand::Cap { name, max, days, off } => {
            let ctx = Context::open(at, false)?;
            let account = ctx.store.account_by_name(&name)?;
            let cap = match (max, off) {
                (Some(max_messages), false) => Some(FrequencyCap { max_messages, per_days: days }),
                (None, true) => None,
                (None, false) => {
                    match ctx.runtime.block_on(ctx.desk.frequency_cap(account.id))? {
                        Some(c) => println!(
                            "at most {} message(s) per person within {} day(s)",
                            c.max_messages, c.per_days
                        ),
                        None => println!("no frequency cap"),
                    }
                    return Ok(());
                }
                (Some(_), true) => return Err(CliError::Usage("--max and --off exclude each other".into())),
            };
            ctx.runtime.block_on(ctx.desk.set_frequency_cap(account.id, cap))?;
            match cap {
                Some(c) => println!(
                    "\"{name}\": at most {} message(s) per person within {} day(s), from every campaign",
                    c.max_messages, c.per_days
                ),
                None => println!("\"{name}\": no frequency cap"),
            }
            Ok(())
        }
    }
}
