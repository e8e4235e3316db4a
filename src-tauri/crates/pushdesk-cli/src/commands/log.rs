//! `pushdesk log` and `pushdesk export`

use std::io::Write;
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use pushdesk_core::export::{ExportFormat, ExportTarget};
use pushdesk_core::model::MessageChannel;
use pushdesk_core::preferences::Language;
use pushdesk_core::sendlog::{format_table, parse_status, LogFilter};
use pushdesk_core::store::StoreAddress;

use super::context::Context;
use crate::cli::{ExportArgs, FilterArgs, LogArgs, LogFormat};
use crate::error::CliError;

/// A day means its local midnight; `end_of_day` moves to the next midnight (exclusive end).
pub(super) fn parse_time(flag: &str, text: &str, end_of_day: bool) -> Result<i64, CliError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.timestamp_millis());
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        CliError::Usage(format!("--{flag} {text:?}: expected YYYY-MM-DD or an RFC 3339 time"))
    })?;
    let day = if end_of_day { day.succ_opt().unwrap_or(day) } else { day };
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Local
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| CliError::Usage(format!("--{flag} {text:?}: no such local time")))
}

fn build_filter(ctx: &Context, args: &FilterArgs) -> Result<LogFilter, CliError> {
    let account_id = match &args.account {
        Some(name) => Some(ctx.store.account_by_name(name)?.id),
        None => None,
    };
    let status = if args.status.is_empty() {
        None
    } else {
        Some(
            args.status
                .iter()
                .map(|s| {
                    parse_status(s).ok_or_else(|| CliError::Usage(format!("--status {s:?}: unknown status")))
                })
                .collect::<Result<Vec<_>, _>>()?,
        )
    };
    let (openid, openid_prefix) = match &args.openid {
        Some(o) if o.ends_with('*') => (Some(o.trim_end_matches('*').to_string()), true),
        Some(o) => (Some(o.clone()), false),
        None => (None, false),
    };
    let filter = LogFilter {
        account_id,
        campaign_id: args.campaign,
        template_id: args.template.clone(),
        status,
        errcode: args.errcode,
        openid,
        openid_prefix,
        from_ms: args.from.as_deref().map(|t| parse_time("from", t, false)).transpose()?,
        to_ms: args.to.as_deref().map(|t| parse_time("to", t, true)).transpose()?,
        delivery: args
            .delivery
            .as_deref()
            .map(|d| serde_json::from_value(serde_json::Value::String(d.into())))
            .transpose()
            .map_err(|e| CliError::Usage(e.to_string()))?,
        channel: args.channel.as_deref().and_then(MessageChannel::parse),
    };
    filter.validate()?;
    Ok(filter)
}

/// Prints a page of the log.
pub fn log(at: &StoreAddress, args: LogArgs) -> Result<(), CliError> {
    let ctx = Context::open(at, false)?;
    let filter = build_filter(&ctx, &args.filter)?;
    match args.format {
        LogFormat::Table => {
            let entries = ctx.store.log_offset(&filter, args.offset, args.count)?;
            print!("{}", format_table(&entries));
        }
        LogFormat::Json => {
            let entries = ctx.store.log_offset(&filter, args.offset, args.count)?;
            let total = ctx.store.log_totals(&filter)?.total;
            let doc = serde_json::json!({"total": total, "offset": args.offset, "count": entries.len(), "entries": entries});
            println!("{}", serde_json::to_string_pretty(&doc).map_err(|e| CliError::Usage(e.to_string()))?);
        }
        LogFormat::Csv => {
            // The same cells as `export`, straight to stdout: no temporary file to leave around.
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            ctx.store.write_log_csv(&filter, Language::En, &mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Writes the filter's rows to a file. An existing file (however its path is spelled: the
/// check is on the file itself) is refused unless `--force`.
pub fn export(at: &StoreAddress, args: ExportArgs) -> Result<(), CliError> {
    // Refuse before opening the store: a mistyped --out costs nothing.
    pushdesk_core::files::check_write_target(&args.out, args.force).map_err(|e| match e {
        pushdesk_core::files::FileError::Exists { path } => {
            CliError::Failed(format!("{path} already exists; add --force to replace it"))
        }
        other => CliError::Core(other.into()),
    })?;
    let ctx = Context::open(at, false)?;
    let filter = build_filter(&ctx, &args.filter)?;
    let format = match args.format.as_deref() {
        Some("xlsx") => ExportFormat::Xlsx,
        Some(_) => ExportFormat::Csv,
        None => ExportFormat::from_path(&args.out),
    };
    let lang = if args.lang == "en" { Language::En } else { Language::ZhCn };
    let target = ExportTarget { path: args.out.clone(), format, overwrite: args.force };
    let cancel = std::sync::Arc::new(AtomicBool::new(false));
    let report = ctx.runtime.block_on(ctx.desk.export_log(filter, target, lang, |_| {}, cancel))?;
    println!("exported {} rows to {}", report.rows, args.out.display());
    Ok(())
}
