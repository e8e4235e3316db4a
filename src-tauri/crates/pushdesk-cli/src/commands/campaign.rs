//! `pushdesk campaign list|show|approve|pause|resume|cancel|…`
use pushdesk_core::model::lifecycle::ApprovalState;
use pushdesk_core::model::{Campaign, ResendKind};
use pushdesk_core::store::StoreAddress;

use super::context::Context;
use super::run::{confirm, run_foreground, Begin};
use crate::cli::CampaignCommand;
use crate::error::CliError;

fn json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    println!("{}", serde_json::to_string_pretty(value).map_err(|e| CliError::Usage(e.to_string()))?);
    Ok(())
}

/// One campaign on one line, as `campaign list` prints it.
pub fn line(c: &Campaign) -> String {
    let n = c.counts;
    format!(
        "{}\t{}\t{}\t{}\tsent {} / not subscribed {} / failed {} / unknown {} / skipped {} / remaining {} of {}",
        c.id,
        if c.archived_at.is_some() {
            format!("{} (archived)", c.status.as_str())
        } else {
            format!("{}{}", c.status.as_str(), super::schedule::when_suffix(c))
        },
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

/// What `campaign show` prints, and `campaign approve` before it asks.
fn show(c: &Campaign) {
    println!("{}", line(c));
    if let Some(reason) = &c.status_reason {
        println!("reason: {}", reason.message);
    }
    println!("template: {} ({}), made by {}", c.template_title, c.template_id, c.created_by);
    for (key, value) in &c.message.values {
        println!("  {key}: {value}");
    }
    super::schedule::print_timing(c);
    match (c.approval, &c.approved_by) {
        (ApprovalState::Waiting, _) => println!("approval: waiting for another sender of the team"),
        (ApprovalState::Approved, Some(by)) => println!("approval: approved by {by}"),
        _ => {}
    }
    let actions: Vec<&str> = c.actions.iter().map(|a| a.as_str()).collect();
    println!("you can: {}", if actions.is_empty() { "nothing more".into() } else { actions.join(", ") });
}

/// Runs a campaign command.
pub fn run(at: &StoreAddress, command: CampaignCommand) -> Result<(), CliError> {
    match command {
        CampaignCommand::List { json: as_json, archived } => {
            let ctx = Context::open(at, false)?;
            let mut campaigns = ctx.runtime.block_on(ctx.desk.campaigns(None))?;
            campaigns.retain(|c| archived || c.archived_at.is_none());
            if as_json {
                return json(&campaigns);
            }
            campaigns.iter().for_each(|c| println!("{}", line(c)));
            Ok(())
        }
        CampaignCommand::Show { id, json: as_json } => {
            let ctx = Context::open(at, false)?;
            let c = ctx.runtime.block_on(ctx.desk.campaign(id))?;
            if as_json {
                return json(&c);
            }
            show(&c);
            Ok(())
        }
        CampaignCommand::Pause { id } => {
            let ctx = Context::open(at, false)?;
            println!("{}", line(&ctx.runtime.block_on(ctx.desk.pause(id))?));
            Ok(())
        }
        CampaignCommand::Approve { id, yes } => {
            let ctx = Context::open(at, false)?;
            let c = ctx.runtime.block_on(ctx.desk.campaign(id))?;
            show(&c);
            confirm(&format!("Approve campaign {id} \"{}\" to {} recipients?", c.name, c.counts.total), yes)?;
            let c = ctx.runtime.block_on(ctx.desk.approve(id))?;
            println!("{}", line(&c));
            println!("approved by {}: a sender may start it now", c.approved_by.as_deref().unwrap_or("you"));
            Ok(())
        }
        CampaignCommand::Cancel { id } => {
            let ctx = Context::open(at, false)?;
            println!("{}", line(&ctx.runtime.block_on(ctx.desk.cancel(id))?));
            Ok(())
        }
        CampaignCommand::Reschedule { id, at: when } => {
            let ctx = Context::open(at, false)?;
            let zone = pushdesk_core::schedule::local_zone();
            let at = pushdesk_core::schedule::parse_when(&when, zone)
                .map_err(|e| CliError::Usage(format!("--at: {e}")))?;
            let campaign = ctx.runtime.block_on(ctx.desk.reschedule(id, at))?;
            super::schedule::print_scheduled(&ctx, &campaign)
        }
        CampaignCommand::Unschedule { id } => {
            let ctx = Context::open(at, false)?;
            println!("{}", line(&ctx.runtime.block_on(ctx.desk.unschedule(id))?));
            Ok(())
        }
        CampaignCommand::Skip { id } => {
            let ctx = Context::open(at, false)?;
            println!("{}", line(&ctx.runtime.block_on(ctx.desk.skip(id))?));
            Ok(())
        }
        CampaignCommand::Archive { id, undo } => {
            let ctx = Context::open(at, false)?;
            println!("{}", line(&ctx.runtime.block_on(ctx.desk.archive_campaign(id, !undo))?));
            Ok(())
        }
        CampaignCommand::Resume { id, yes, resend_unknown } => {
            let ctx = Context::for_campaign(at, id)?;
            let campaign = ctx.runtime.block_on(ctx.desk.campaign(id))?;
            let (question, begin) = if resend_unknown {
                (
                    format!(
                        "Send again the {} rows of campaign {id} \"{}\" whose outcome is unknown (some of them may have been delivered already), then its {} pending rows?",
                        campaign.counts.unknown, campaign.name, campaign.counts.pending
                    ),
                    Begin::Resend(ResendKind::Unknown),
                )
            } else {
                (
                    format!(
                        "Resume campaign {id} \"{}\": {} rows left to send?",
                        campaign.name, campaign.counts.pending
                    ),
                    Begin::Resume,
                )
            };
            confirm(&question, yes)?;
            run_foreground(&ctx, id, begin)
        }
    }
}
