//! `pushdesk series …` and `pushdesk scheduler run`, and how a scheduled campaign is shown.
use pushdesk_core::desk::RunHandle;
use pushdesk_core::model::lifecycle::ApprovalState;
use pushdesk_core::model::{Campaign, CampaignStatus, SeriesView};
use pushdesk_core::schedule::{format_local, zone_or_local};
use pushdesk_core::store::StoreAddress;

use super::context::Context;
use crate::cli::{SchedulerCommand, SeriesCommand};
use crate::error::CliError;

fn local(ms: i64, zone: Option<&str>) -> String {
    format_local(ms, zone_or_local(zone))
}

/// " at 2026-12-12 10:00" for a scheduled or missed campaign, " until …" for one waiting for its
/// window.
pub fn when_suffix(c: &Campaign) -> String {
    let zone = c.timezone.as_deref();
    match (c.status, c.scheduled_at, c.resume_at) {
        (CampaignStatus::Scheduled | CampaignStatus::Missed, Some(at), _) => {
            format!(" at {}", local(at, zone))
        }
        (CampaignStatus::WaitingWindow, _, Some(at)) => format!(" until {}", local(at, zone)),
        _ => String::new(),
    }
}

/// The schedule, window and series of a campaign, one line each.
pub fn print_timing(c: &Campaign) {
    let zone = c.timezone.as_deref();
    if let Some(at) = c.scheduled_at {
        println!("scheduled for: {} ({})", local(at, zone), zone.unwrap_or("local time"));
    }
    if let Some(window) = c.window {
        println!("send window: {}", window.label());
    }
    if let Some(series) = c.series_id {
        let next = c.next_run_at.map(|at| local(at, zone)).unwrap_or_else(|| "none".into());
        println!("run of series {series}; next run: {next}");
    }
}

/// What a campaign above the team's approval threshold waits for.
pub const AWAITING_APPROVAL: &str =
    "it has more recipients than the team's approval threshold and waits for another sender to approve it";

/// What `send --at`/`--repeat` and `campaign reschedule` print: the campaign's id first.
pub fn print_scheduled(ctx: &Context, c: &Campaign) -> Result<(), CliError> {
    let zone = c.timezone.as_deref();
    let at = c.scheduled_at.map(|at| local(at, zone)).unwrap_or_default();
    println!("campaign {} scheduled for {at} ({})", c.id, zone.unwrap_or("local time"));
    if let Some(window) = c.window {
        println!("it sends only between {} (outside them it waits)", window.label());
    }
    if let Some(series) = c.series_id {
        let view = ctx.runtime.block_on(ctx.desk.series(series))?;
        println!("series {series}: {}; next runs: {}", view.series.repeat_en, upcoming(&view));
    }
    if c.approval == ApprovalState::Waiting {
        println!("{}: `pushdesk campaign approve {}`", AWAITING_APPROVAL, c.id);
    }
    eprintln!("the app, or `pushdesk scheduler run`, starts it when it is due");
    Ok(())
}

fn upcoming(view: &SeriesView) -> String {
    let zone = Some(view.series.timezone.as_str());
    let times: Vec<String> = view.upcoming.iter().map(|at| local(*at, zone)).collect();
    if times.is_empty() {
        "none".into()
    } else {
        times.join(", ")
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    println!("{}", serde_json::to_string_pretty(value).map_err(|e| CliError::Usage(e.to_string()))?);
    Ok(())
}

/// Runs a series command.
pub fn series(at: &StoreAddress, command: SeriesCommand) -> Result<(), CliError> {
    let ctx = Context::open(at, false)?;
    match command {
        SeriesCommand::List { json: as_json } => {
            let list = ctx.runtime.block_on(ctx.desk.series_list(None))?;
            if as_json {
                return json(&list);
            }
            for s in list {
                let next =
                    s.next_run_at.map(|at| local(at, Some(&s.timezone))).unwrap_or_else(|| "stopped".into());
                println!("{}\t{}\t{}\tnext: {next}", s.id, s.name, s.repeat_en);
            }
            Ok(())
        }
        SeriesCommand::Show { id, json: as_json } => {
            let view = ctx.runtime.block_on(ctx.desk.series(id))?;
            if as_json {
                return json(&view);
            }
            print_series(&view);
            Ok(())
        }
        SeriesCommand::Stop { id } => {
            let view = ctx.runtime.block_on(ctx.desk.stop_series(id))?;
            print_series(&view);
            Ok(())
        }
    }
}

fn print_series(view: &SeriesView) {
    let s = &view.series;
    println!("series {}: {} — {} ({})", s.id, s.name, s.repeat_en, s.timezone);
    match &s.source_file {
        Some(file) => println!("recipients: {file}, read again before each run"),
        None => println!("recipients: the first run's, every time"),
    }
    println!("next runs: {}", upcoming(view));
    for run in &view.runs {
        println!("  {}", super::campaign::line(run));
    }
}

/// Runs the scheduler.
pub fn scheduler(at: &StoreAddress, command: SchedulerCommand) -> Result<(), CliError> {
    let SchedulerCommand::Run { once } = command;
    // The sandbox runs in this process too: its account's campaigns are sent like any other.
    let ctx = Context::open(at, true)?;
    let desk = &ctx.desk;
    ctx.runtime.block_on(async move {
        let mut running: Vec<RunHandle> = Vec::new();
        let stop = tokio::signal::ctrl_c();
        tokio::pin!(stop);
        eprintln!("scheduler running{}", if once { " once" } else { " (Ctrl-C to stop)" });
        loop {
            let tick = desk.scheduler_tick(None).await?;
            for id in &tick.made {
                eprintln!("series run made: campaign {id}");
            }
            for id in &tick.refused {
                eprintln!("series run did not start (its file is missing or invalid): campaign {id}");
            }
            for id in &tick.missed {
                eprintln!(
                    "campaign {id} missed its time; start it with `pushdesk campaign resume {id}` or skip it"
                );
            }
            let idle = tick.is_idle();
            for handle in tick.started {
                eprintln!("campaign {} {}", handle.campaign.id, handle.campaign.status.as_str());
                running.push(handle);
            }
            if once {
                for handle in running.drain(..) {
                    report_end(handle).await;
                }
                if idle {
                    break;
                }
                continue;
            }
            let mut still = Vec::new();
            for handle in running.drain(..) {
                if handle.done.is_finished() {
                    report_end(handle).await;
                } else {
                    still.push(handle);
                }
            }
            running = still;
            tokio::select! {
                _ = tokio::time::sleep(desk.scheduler_sleep().await) => {}
                _ = &mut stop => {
                    eprintln!("stopping: campaigns sending now pause after the requests in flight");
                    for handle in &running {
                        handle.control.pause();
                    }
                    for handle in running.drain(..) {
                        report_end(handle).await;
                    }
                    break;
                }
            }
        }
        desk.flush_notices().await;
        Ok::<(), CliError>(())
    })
}

async fn report_end(handle: RunHandle) {
    match handle.done.await {
        Ok(Ok(c)) => println!("{}", super::campaign::line(&c)),
        Ok(Err(e)) => eprintln!("campaign {}: {e}", handle.campaign.id),
        Err(e) => eprintln!("campaign {}: {e}", handle.campaign.id),
    }
}
