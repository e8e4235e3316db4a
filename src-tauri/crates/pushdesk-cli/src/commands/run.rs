//! Running a campaign in the foreground: confirmation, a progress bar on stderr, Ctrl-C to
//! pause, and an exit status that says whether every row ended in a final state. Shared by
//! `send` and `campaign resume`.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;

use pushdesk_core::campaign::Progress;
use pushdesk_core::model::{Campaign, CampaignStatus, ResendKind};

use super::context::Context;
use crate::error::{CliError, EXIT_ROWS_LEFT, EXIT_UNKNOWN_ROWS};

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

/// Which action starts the run.
#[derive(Debug, Clone, Copy)]
pub enum Begin {
    /// A campaign never started.
    Start,
    /// Pending rows of a paused or stopped one.
    Resume,
    /// Rows of a state, sent again.
    Resend(ResendKind),
}

/// Runs the campaign to its end (or a pause), then prints where it ended up.
pub fn run_foreground(ctx: &Context, id: i64, begin: Begin) -> Result<(), CliError> {
    let progress = std::io::stderr().is_terminal().then(|| Arc::new(|p: Progress| draw(&p)) as _);
    let desk = &ctx.desk;
    let finished = ctx.runtime.block_on(async move {
        let handle = match begin {
            Begin::Start => desk.start(id, progress).await?,
            Begin::Resume => desk.resume(id, progress).await?,
            Begin::Resend(kind) => desk.resend(id, kind, progress).await?,
        };
        let on_ctrl_c = handle.control.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\npausing after the requests in flight… (resume with `pushdesk campaign resume`)");
                on_ctrl_c.pause();
            }
        });
        let finished = handle
            .done
            .await
            .map_err(|e| CliError::Failed(format!("the run failed: {e}")))?
            .map_err(CliError::from);
        // The campaign's notice (a group robot) goes out before the process ends.
        desk.flush_notices().await;
        finished
    })?;
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
    report(&finished)
}

/// Prints a campaign's outcome and turns it into the exit status: 0 when every row ended in a
/// final state with a known outcome, [`EXIT_UNKNOWN_ROWS`] when some rows' outcome is unknown,
/// [`EXIT_ROWS_LEFT`] when it paused or stopped with rows left.
fn report(finished: &Campaign) -> Result<(), CliError> {
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
    let why = finished.status_reason.as_ref().map(|r| format!(": {}", r.message)).unwrap_or_default();
    if finished.status == CampaignStatus::WaitingWindow {
        return Err(CliError::Unfinished {
            status: EXIT_ROWS_LEFT,
            message: format!(
                "campaign {} waits for its send window with {} rows left{}; the app or `pushdesk scheduler run` goes on when it opens",
                finished.id,
                c.remaining(),
                super::schedule::when_suffix(finished)
            ),
        });
    }
    if c.remaining() > 0 || matches!(finished.status, CampaignStatus::Paused | CampaignStatus::Stopped) {
        return Err(CliError::Unfinished {
            status: EXIT_ROWS_LEFT,
            message: format!(
                "campaign {} is {} with {} rows left{why}; resume it with `pushdesk campaign resume {}`",
                finished.id,
                finished.status.as_str(),
                c.remaining(),
                finished.id
            ),
        });
    }
    if c.unknown > 0 {
        return Err(CliError::Unfinished {
            status: EXIT_UNKNOWN_ROWS,
            message: format!(
                "campaign {}: {} rows may or may not have been delivered (unknown); check them with \
                 `pushdesk log --campaign {} --status unknown`, then resend them if you choose with \
                 `pushdesk campaign resume {} --resend-unknown`",
                finished.id, c.unknown, finished.id, finished.id
            ),
        });
    }
    Ok(())
}
