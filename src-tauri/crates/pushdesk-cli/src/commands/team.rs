//! `pushdesk team init|add|approval|list`

use pushdesk_core::model::TeamRole;
use pushdesk_core::store::StoreAddress;

use super::context::{read_secret, Context};
use crate::cli::{RoleArg, TeamCommand};
use crate::error::CliError;

fn role_of(arg: RoleArg) -> TeamRole {
    match arg {
        RoleArg::Viewer => TeamRole::Viewer,
        RoleArg::Author => TeamRole::Author,
        RoleArg::Sender => TeamRole::Sender,
        RoleArg::Admin => TeamRole::Admin,
    }
}

/// Runs a team command.
pub fn run(at: &StoreAddress, command: TeamCommand) -> Result<(), CliError> {
    let ctx = Context::open(at, false)?;
    match command {
        TeamCommand::Init => {
            ctx.runtime.block_on(ctx.desk.init_team())?;
            println!("team roles ready on {}: viewer, author, sender, admin", at.shown());
        }
        TeamCommand::Add { login, role } => {
            let role = role_of(role);
            let password = if ctx.runtime.block_on(ctx.desk.is_login(login.clone()))? {
                None
            } else {
                Some(read_secret(&format!("password for the new login {login}: "))?)
            };
            ctx.runtime.block_on(ctx.desk.add_to_team(login.clone(), role, password))?;
            println!("{login} is now {}", role.as_str());
        }
        TeamCommand::Approval { above: Some(recipients) } => {
            ctx.runtime.block_on(ctx.desk.set_approval_threshold(recipients))?;
            println!("a campaign to more than {recipients} recipients now needs another sender's approval");
        }
        TeamCommand::Approval { above: None } => match ctx.runtime.block_on(ctx.desk.approval_threshold())? {
            Some(recipients) => {
                println!("a campaign to more than {recipients} recipients needs another sender's approval")
            }
            None => println!("no approval is asked here (set up the team with `pushdesk team init`)"),
        },
        TeamCommand::List { json } => {
            let members = ctx.runtime.block_on(ctx.desk.team())?;
            if json {
                let text =
                    serde_json::to_string_pretty(&members).map_err(|e| CliError::Usage(e.to_string()))?;
                println!("{text}");
            } else {
                for m in &members {
                    println!("{}\t{}", m.login, m.role.as_str());
                }
            }
        }
    }
    Ok(())
}
