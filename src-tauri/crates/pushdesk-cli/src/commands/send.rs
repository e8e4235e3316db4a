//! `pushdesk send`

use std::collections::BTreeMap;
use std::sync::Arc;

use pushdesk_core::audience::AudienceOptions;
use pushdesk_core::desk::{
    AudienceSource, CampaignPlan, DraftCreation, DraftInput, DraftSettings, FollowerProgress,
    FollowerProgressSink, ScheduleRequest,
};
use pushdesk_core::model::lifecycle::ApprovalState;
use pushdesk_core::model::{MessageSpec, SeriesAudience, Timing};
use pushdesk_core::schedule::{local_zone, parse_when, SendWindow};
use pushdesk_core::store::StoreAddress;
use pushdesk_core::wechat::{Lang, MiniprogramState};

use super::context::Context;
use super::run::{confirm, run_foreground, Begin};
use crate::cli::SendArgs;
use crate::error::CliError;

fn parse_values(pairs: &[String]) -> Result<BTreeMap<String, String>, CliError> {
    pairs
        .iter()
        .map(|pair| {
            pair.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| {
                    CliError::Usage(format!("--value {pair:?}: expected KEY=TEXT, e.g. thing1=拿铁"))
                })
        })
        .collect()
}

fn parse_enum<T: serde::de::DeserializeOwned>(value: &str) -> Result<T, CliError> {
    serde_json::from_value(serde_json::Value::String(value.into()))
        .map_err(|e| CliError::Usage(e.to_string()))
}

fn print_plan(plan: &CampaignPlan, options: &AudienceOptions) {
    let r = &plan.report;
    eprintln!(
        "{} rows: {} valid, {} invalid, {} duplicate, {} answered \"not subscribed\" before, {} on the suppression list (skipped), {} at the frequency cap (skipped)",
        r.total_rows, r.valid, r.invalid, r.duplicates, r.unsubscribed_flagged, r.suppressed, r.frequency_capped
    );
    if r.recently_sent > 0 {
        let then = if options.skip_recent { "skipped; --include-recent sends to them" } else { "sent again" };
        eprintln!("{} got this template in the last {} days ({then})", r.recently_sent, options.recent_days);
    }
    match r.grants {
        Some(g) => eprintln!(
            "subscription ledger: {} with a grant, {} with none, {} with no record{}",
            g.granted,
            g.no_grant,
            g.no_data,
            if options.only_granted { format!(" ({} skipped: --only-granted)", r.no_grant) } else { String::new() }
        ),
        None => eprintln!("subscription ledger: no record of this template (import popup events with `pushdesk events import`)"),
    }
    for p in r.problems.iter().take(10) {
        eprintln!("  row {}, column {}: {}", p.row_no, p.column, p.reason_en);
    }
    if r.problems_total > 10 {
        eprintln!("  … and {} more", r.problems_total - 10);
    }
}

/// The file, or the followers `--followers` names (tags by name, as the account's admin
/// console shows them).
fn audience_source(ctx: &Context, account_id: i64, args: &SendArgs) -> Result<AudienceSource, CliError> {
    let Some(followers) = args.followers.as_deref() else {
        let file = args.recipients.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        return Ok(AudienceSource::File { path: file });
    };
    let match_all = args.tag_match == "all";
    if followers == "all" {
        return Ok(AudienceSource::Followers { tag_ids: Vec::new(), match_all });
    }
    let Some(names) = followers.strip_prefix("tag:") else {
        return Err(CliError::Usage(format!("--followers takes all or tag:NAME[,NAME], not {followers:?}")));
    };
    let tags = ctx.runtime.block_on(ctx.desk.follower_tags(account_id))?;
    let mut tag_ids = Vec::new();
    for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let tag = tags.iter().find(|t| t.name == name).ok_or_else(|| {
            let known: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
            CliError::Usage(format!("the account has no tag {name:?}; its tags: {}", known.join(", ")))
        })?;
        tag_ids.push(tag.id.clone());
    }
    if tag_ids.is_empty() {
        return Err(CliError::Usage("--followers tag: needs at least one tag name".into()));
    }
    Ok(AudienceSource::Followers { tag_ids, match_all })
}

/// Reads the file once into a draft, validates it, confirms, makes the campaign and sends it.
pub fn run(at: &StoreAddress, args: SendArgs) -> Result<(), CliError> {
    let timing = timing_of(&args)?;
    let (ctx, account) = Context::for_account(at, &args.account)?;
    if ctx.store.template(account.id, &args.template).is_err() {
        // Not cached yet: sync once, as the Templates page would.
        ctx.runtime.block_on(ctx.desk.sync_templates(account.id))?;
    }
    let source = audience_source(&ctx, account.id, &args)?;
    let name = args.name.clone().unwrap_or_else(|| match (&args.recipients, &args.followers) {
        (Some(file), _) => file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        (None, Some(followers)) => format!("followers {followers}"),
        (None, None) => "campaign".into(),
    });
    let input = DraftInput {
        account_id: account.id,
        source,
        encoding: args.encoding.as_deref().map(parse_enum).transpose()?,
        settings: DraftSettings {
            name,
            template_id: Some(args.template.clone()),
            message: MessageSpec {
                values: parse_values(&args.values)?,
                page: args.page.clone(),
                miniprogram_state: parse_enum::<MiniprogramState>(&args.state)?,
                lang: parse_enum::<Lang>(&args.lang)?,
                url: args.url.clone(),
                miniprogram_appid: args.mp_appid.clone(),
            },
            mapping: None,
            options: AudienceOptions {
                skip_recent: !args.include_recent,
                recent_days: args.recent_days,
                only_granted: args.only_granted,
                ..AudienceOptions::default()
            },
            rate: args.rate,
            concurrency: args.concurrency,
        },
    };
    let options = input.settings.options;
    let desk = &ctx.desk;
    // Fetching a big account's followers takes a while: say how far it has come.
    let progress: FollowerProgressSink = Arc::new(|p: FollowerProgress| match p.total {
        Some(total) => eprintln!("followers: {} of {total} fetched", p.fetched),
        None => eprintln!("followers: {} fetched", p.fetched),
    });
    let draft = match ctx.runtime.block_on(desk.create_draft_watched(input, Some(progress)))? {
        DraftCreation::Created { draft } => draft,
        DraftCreation::NeedsEncoding { file, candidates } => {
            // Never send text nobody has seen decoded: show each reading, let the user choose.
            let readings: Vec<String> = candidates
                .iter()
                .map(|c| {
                    let sample = c
                        .sample_rows
                        .get(1)
                        .or(c.sample_rows.first())
                        .map(|r| r.join(","))
                        .unwrap_or_default();
                    format!(
                        "--encoding {} reads it as \"{sample}\"",
                        serde_json::to_value(c.encoding)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default()
                    )
                })
                .collect();
            return Err(CliError::Usage(format!(
                "{file}: the text encoding is uncertain; choose one: {}",
                readings.join("; ")
            )));
        }
    };
    let plan = ctx.runtime.block_on(desk.plan_draft(draft.id));
    let plan = match plan {
        Ok(plan) => plan,
        Err(e) => {
            let _ = ctx.runtime.block_on(desk.discard_draft(draft.id));
            return Err(e.into());
        }
    };
    print_plan(&plan, &options);
    let refuse = if args.dry_run {
        println!(
            "dry run: {} of {} rows would be sent (about {} s at {}/s); nothing was sent",
            plan.report.valid, plan.report.total_rows, plan.estimated_seconds, args.rate
        );
        Some(Ok(()))
    } else if plan.report.invalid > 0 && !args.skip_invalid {
        Some(Err(CliError::Failed(format!(
            "{} rows are invalid (see above); nothing was sent — fix the file, or pass --skip-invalid to send the {} valid rows",
            plan.report.invalid, plan.report.valid
        ))))
    } else {
        let when = match (&args.at, &args.repeat) {
            (_, Some(repeat)) => format!(" repeatedly ({repeat})"),
            (Some(at), None) => format!(" at {at}"),
            (None, None) => String::new(),
        };
        confirm(
            &format!(
                "Send \"{}\" from {} to {} recipients at {}/s ({}){when}?",
                args.template, account.name, plan.report.valid, args.rate, args.state
            ),
            args.yes,
        )
        .err()
        .map(Err)
    };
    if let Some(result) = refuse {
        ctx.runtime.block_on(desk.discard_draft(draft.id))?;
        return result;
    }
    if timing.at.is_some() || timing.repeat.is_some() {
        let campaign = ctx.runtime.block_on(desk.schedule_draft(draft.id, timing));
        let campaign = match campaign {
            Ok(campaign) => campaign,
            Err(e) => {
                let _ = ctx.runtime.block_on(desk.discard_draft(draft.id));
                return Err(e.into());
            }
        };
        super::schedule::print_scheduled(&ctx, &campaign)?;
        return Ok(());
    }
    let window = timing.window;
    let id = ctx.runtime.block_on(desk.campaign_from_draft(
        draft.id,
        Timing { window, timezone: Some(local_zone().name().into()), ..Timing::default() },
    ))?;
    if ctx.runtime.block_on(desk.campaign(id))?.approval == ApprovalState::Waiting {
        println!("campaign {id} created; {}", super::schedule::AWAITING_APPROVAL);
        println!("another sender approves it with `pushdesk campaign approve {id}`; then `pushdesk campaign resume {id}` sends it");
        return Ok(());
    }
    eprintln!("campaign {id} created; sending…");
    run_foreground(&ctx, id, Begin::Start)
}

/// The schedule the flags ask for. A scheduled or recurring campaign sends in 08:00–21:00
/// unless told otherwise; one sent now, at any hour (the person is there, asking for it now).
fn timing_of(args: &SendArgs) -> Result<ScheduleRequest, CliError> {
    let zone = local_zone();
    let at = args
        .at
        .as_deref()
        .map(|t| parse_when(t, zone))
        .transpose()
        .map_err(|e| CliError::Usage(format!("--at: {e}")))?;
    let scheduled = at.is_some() || args.repeat.is_some();
    let window = match args.window.as_deref() {
        Some("any") => None,
        Some(text) => Some(SendWindow::parse(text).map_err(|e| CliError::Usage(format!("--window: {e}")))?),
        None if scheduled => Some(SendWindow::DEFAULT),
        None => None,
    };
    if !scheduled && (args.grace.is_some() || args.audience.is_some()) {
        return Err(CliError::Usage("--grace and --audience go with --at or --repeat".into()));
    }
    Ok(ScheduleRequest {
        at,
        repeat: args.repeat.clone(),
        window,
        grace_minutes: args.grace,
        audience: args.audience.as_deref().and_then(SeriesAudience::parse),
    })
}
