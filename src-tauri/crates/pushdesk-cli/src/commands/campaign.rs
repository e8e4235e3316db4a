//! `pushdesk campaign list|show|pause|resume|cancel`

use std::path::Path;

use pushdesk_core::campaign::model::{Campaign, CampaignKind};
use pushdesk_core::campaign::ControlCommand;

use super::context::Context;
use super::run::{confirm, run_foreground};
use crate::cli::CampaignCommand;
use crate::error::CliError;

fn json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    println!("{}", serde_json::to_string_pretty(value).map_err(|e| CliError::Usage(e.to_string()))?);
    Ok(())
}

fn line(c: &Campaign) -> String {
    let n = c.counts;
    format!(
        "{}\t{}\t{}\t{}\tsent {} / not subscribed {} / failed {} / unknown {} / skipped {} / remaining {} of {}",
        c.id,
        c.status.as_str(),
        c.name,
        c.template_title,
        n.sent,
        n.not_subscribed,
        n.failed,
        n.unknown,
        n.skipped,
        n.remaining(),
        n.total
    )
}

/// Runs a campaign command.
pub fn run(data_dir: &Path, command: CampaignCommand) -> Result<(), CliError> {
    match command {
        CampaignCommand::List { json: as_json } => {
            let ctx = Context::open(data_dir, false)?;
            let campaigns = ctx.store.campaigns(None, &[CampaignKind::Campaign])?;
            if as_json {
                return json(&campaigns);
            }
            campaigns.iter().for_each(|c| println!("{}", line(c)));
            Ok(())
        }
        CampaignCommand::Show { id, json: as_json } => {
            let ctx = Context::open(data_dir, false)?;
            let c = ctx.store.campaign(id)?;
            if as_json {
                return json(&c);
            }
            println!("{}", line(&c));
            if let Some(reason) = c.status_reason {
                println!("reason: {}", reason.message);
            }
            Ok(())
        }
        CampaignCommand::Pause { id } => control(data_dir, id, ControlCommand::Pause),
        CampaignCommand::Cancel { id } => control(data_dir, id, ControlCommand::Cancel),
        CampaignCommand::Resume { id, yes, resend_unknown } => {
            let probe = Context::open(data_dir, false)?;
            let account_id = probe.store.campaign(id)?.account_id;
            let account = probe.store.account(account_id)?;
            drop(probe);
            let ctx = Context::open(data_dir, account.is_sandbox)?;
            if resend_unknown {
                ctx.store.requeue(id, &["unknown"])?;
            }
            let campaign = ctx.store.campaign(id)?;
            confirm(
                &format!(
                    "Resume campaign {id} \"{}\": {} rows left to send?",
                    campaign.name, campaign.counts.pending
                ),
                yes,
            )?;
            run_foreground(&ctx, &campaign)
        }
    }
}

fn control(data_dir: &Path, id: i64, command: ControlCommand) -> Result<(), CliError> {
    let ctx = Context::open(data_dir, false)?;
    let c = ctx.store.request_control(id, command)?;
    println!("{}", line(&c));
    Ok(())
}
