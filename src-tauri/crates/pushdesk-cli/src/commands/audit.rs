//! `pushdesk audit`: the audit trail, newest first.

use std::io::Write;

use pushdesk_core::export::{format_audit_table, write_audit_csv};
use pushdesk_core::model::{AuditAction, AuditEntry, AuditFilter};
use pushdesk_core::preferences::Language;
use pushdesk_core::store::StoreAddress;

use super::context::Context;
use super::log::parse_time;
use crate::cli::AuditArgs;
use crate::error::CliError;

fn build_filter(args: &AuditArgs) -> Result<AuditFilter, CliError> {
    let actions = args
        .action
        .iter()
        .map(|a| {
            AuditAction::parse(a).ok_or_else(|| CliError::Usage(format!("--action {a:?}: unknown action")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AuditFilter {
        from_ms: args.from.as_deref().map(|t| parse_time("from", t, false)).transpose()?,
        to_ms: args.to.as_deref().map(|t| parse_time("to", t, true)).transpose()?,
        actions,
        actor: args.person.clone(),
    })
}

/// Prints the entries of the filter: a table of the newest `--count`, or every entry as JSON
/// or CSV.
pub fn run(at: &StoreAddress, args: AuditArgs) -> Result<(), CliError> {
    let ctx = Context::open(at, false)?;
    let filter = build_filter(&args)?;
    if args.csv {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        write_audit_csv(&ctx.store, &filter, Language::En, &mut out)?;
        out.flush()?;
        return Ok(());
    }
    let limit = if args.json { usize::MAX } else { args.count };
    let mut entries: Vec<AuditEntry> = Vec::new();
    ctx.store.audit_entries(&filter, &mut |entry| {
        if entries.len() < limit {
            entries.push(entry);
        }
        Ok(entries.len() < limit)
    })?;
    if args.json {
        let doc = serde_json::json!({ "count": entries.len(), "entries": entries });
        println!("{}", serde_json::to_string_pretty(&doc).map_err(|e| CliError::Usage(e.to_string()))?);
    } else {
        print!("{}", format_audit_table(&entries));
    }
    Ok(())
}
