//! Running a campaign in the foreground: confirmation, a progress bar on stderr, Ctrl-C to
//! pause. Shared by `send` and `campaign resume`.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;

use pushdesk_core::campaign::model::{Campaign, CampaignStatus};
use pushdesk_core::campaign::{run_campaign, CampaignControl, EngineSettings, Progress, RunRequest};
use pushdesk_core::paths;

use super::context::Context;
use crate::error::CliError;

/// Asks "y/N" on a terminal; without one, refuses unless `yes`.
pub fn confirm(question: &str, yes: bool) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "refusing to send without confirmation: no terminal to ask, pass --yes".into(),
        ));
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes") {
        Ok(())
    } else {
        Err(CliError::Failed("not confirmed; nothing was sent".into()))
    }
}

fn draw(p: &Progress) {
    let c = p.counts;
    let done = c.total - c.remaining();
    let width = 30;
    let filled = if c.total == 0 { width } else { (done as usize * width) / c.total as usize };
    let eta = p.eta_seconds.map(|s| format!(" ETA {}m{:02}s", s / 60, s % 60)).unwrap_or_default();
    eprint!(
        "\r[{}{}] {done}/{} sent {} not-subscribed {} failed {} unknown {} | {:.1}/s{eta}   ",
        "#".repeat(filled),
        " ".repeat(width - filled),
        c.total,
        c.sent,
        c.not_subscribed,
        c.failed,
        c.unknown,
        p.rate_per_sec
    );
}

/// Runs the campaign to its end (or a pause), then prints where it ended up. A campaign that
/// did not finish is a failure of the command.
pub fn run_foreground(ctx: &Context, campaign: &Campaign) -> Result<(), CliError> {
    let account = ctx.store.account(campaign.account_id)?;
    let client = ctx.client(&account)?;
    let control = CampaignControl::default();
    let progress = std::io::stderr().is_terminal().then(|| Arc::new(|p: Progress| draw(&p)) as _);
    let db_path = paths::database_file(ctx.data_dir());
    let on_ctrl_c = control.clone();
    let finished = ctx.runtime.block_on(async move {
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\npausing after the requests in flight… (resume with `pushdesk campaign resume`)");
                on_ctrl_c.pause();
            }
        });
        run_campaign(RunRequest {
            db_path,
            campaign_id: campaign.id,
            client,
            control,
            progress,
            settings: EngineSettings::default(),
        })
        .await
    })?;
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
    let c = finished.counts;
    println!(
        "campaign {}: {} — {} sent, {} not subscribed, {} failed, {} unknown, {} skipped, {} cancelled, {} remaining",
        finished.id,
        finished.status.as_str(),
        c.sent,
        c.not_subscribed,
        c.failed,
        c.unknown,
        c.skipped,
        c.cancelled,
        c.remaining()
    );
    match finished.status {
        CampaignStatus::Finished => Ok(()),
        other => Err(CliError::Failed(format!(
            "campaign {} is {}: {}",
            finished.id,
            other.as_str(),
            finished.status_reason.map(|r| r.message).unwrap_or_default()
        ))),
    }
}
