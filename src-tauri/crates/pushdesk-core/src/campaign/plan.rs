//! From a recipient file to a campaign: inspect the file, map its columns, validate every row,
//! and store the audience snapshot. Nothing is sent here.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::model::{Campaign, CampaignKind, MessageSpec, NewCampaign, NewRecipient};
use crate::audience::{
    auto_map, open_table, read_pasted, AudienceBuilder, AudienceOptions, AudienceReport, ColumnMapping,
    SourceFormat,
};
use crate::store::Store;
use crate::{CoreError, Result};

/// Where the recipients come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AudienceSource {
    /// A CSV, XLSX or TXT file.
    File {
        /// Its path.
        path: String,
    },
    /// Text pasted by the user.
    Paste {
        /// The text.
        text: String,
    },
}

/// What a recipient file looks like, before mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AudienceInspection {
    /// File name (or "paste").
    pub source: String,
    /// CSV, XLSX, TXT or paste.
    pub format: SourceFormat,
    /// The detected text encoding (CSV/TXT).
    pub encoding: Option<String>,
    /// The detected delimiter (CSV).
    pub delimiter: Option<String>,
    /// Column headers.
    pub headers: Vec<String>,
    /// The first rows, as read.
    pub sample_rows: Vec<Vec<String>>,
}

/// Everything needed to validate and create a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CampaignDraft {
    /// The account.
    pub account_id: i64,
    /// The template.
    pub template_id: String,
    /// A name for people.
    pub name: String,
    /// Fixed values (may hold `{{column}}` placeholders), page, state, lang.
    pub message: MessageSpec,
    /// The recipients.
    pub source: AudienceSource,
    /// Column mapping; `None` maps automatically.
    pub mapping: Option<ColumnMapping>,
    /// Duplicates and known-unsubscribed handling.
    pub options: AudienceOptions,
    /// Messages per second.
    pub rate: u32,
    /// Requests in flight at most.
    pub concurrency: u32,
}

/// The validated audience of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CampaignPlan {
    /// The file's columns.
    pub headers: Vec<String>,
    /// The mapping used.
    pub mapping: ColumnMapping,
    /// Counts, problems by row and column, rendered preview rows.
    pub report: AudienceReport,
    /// Seconds the send will take at the chosen rate.
    pub estimated_seconds: u32,
}

const SAMPLE_ROWS: usize = 5;
const INSERT_CHUNK: usize = 5_000;

/// Reads the file's shape: format, encoding, delimiter, headers, first rows.
#[instrument(skip_all)]
pub fn inspect_audience(source: &AudienceSource) -> Result<AudienceInspection> {
    let (meta, rows) = match source {
        AudienceSource::File { path } => {
            let reader = open_table(Path::new(path), None)?;
            let meta = (
                reader.source().to_string(),
                reader.format(),
                reader.encoding().map(|e| e.label().to_string()),
                reader.delimiter().map(|d| d.to_string()),
                reader.headers().to_vec(),
            );
            let rows: Vec<Vec<String>> =
                reader.take(SAMPLE_ROWS).map(|r| r.map(|row| row.cells)).collect::<Result<_, _>>()?;
            (meta, rows)
        }
        AudienceSource::Paste { text } => {
            let table = read_pasted(text)?;
            let rows = table.rows.iter().take(SAMPLE_ROWS).map(|row| row.cells.clone()).collect();
            (
                (
                    table.source,
                    table.format,
                    table.encoding.map(|e| e.label().to_string()),
                    table.delimiter.map(|d| d.to_string()),
                    table.headers,
                ),
                rows,
            )
        }
    };
    let (source, format, encoding, delimiter, headers) = meta;
    Ok(AudienceInspection { source, format, encoding, delimiter, headers, sample_rows: rows })
}

fn check_speed(draft: &CampaignDraft) -> Result<()> {
    if !(1..=10_000).contains(&draft.rate) {
        return Err(CoreError::InvalidInput(format!(
            "rate: {} is not between 1 and 10000 messages per second",
            draft.rate
        )));
    }
    if !(1..=256).contains(&draft.concurrency) {
        return Err(CoreError::InvalidInput(format!(
            "concurrency: {} is not between 1 and 256",
            draft.concurrency
        )));
    }
    if draft.name.trim().is_empty() {
        return Err(CoreError::InvalidInput("name: give the campaign a name".into()));
    }
    Ok(())
}

/// What validation needs from the store, read once up front.
struct Prepared {
    keywords: Vec<crate::template::Keyword>,
    title: String,
    unsubscribed: HashSet<String>,
}

fn prepare(store: &Store, draft: &CampaignDraft) -> Result<Prepared> {
    check_speed(draft)?;
    let template = store.template(draft.account_id, &draft.template_id)?;
    let unsubscribed = store.unsubscribed_openids(draft.account_id, &draft.template_id)?;
    Ok(Prepared { keywords: template.keywords, title: template.title, unsubscribed })
}

type Rows<'a> = dyn Iterator<Item = Result<crate::audience::TableRow, crate::audience::AudienceError>> + 'a;

/// Validates every row of the draft's audience, handing each recipient to `sink` as it goes
/// (so a million rows never sit in memory), and returns the plan.
fn validate_rows(
    prepared: &Prepared,
    draft: &CampaignDraft,
    mut sink: impl FnMut(NewRecipient) -> Result<()>,
) -> Result<CampaignPlan> {
    let values = &draft.message.values;
    let mut run = |headers: Vec<String>, rows: &mut Rows<'_>| -> Result<CampaignPlan> {
        let mapping = draft.mapping.clone().unwrap_or_else(|| auto_map(&headers, &prepared.keywords, values));
        let mut builder = AudienceBuilder::new(
            &headers,
            &mapping,
            &prepared.keywords,
            values,
            &prepared.unsubscribed,
            draft.options,
        )?;
        for row in rows {
            sink(builder.push_row(&row?))?;
        }
        let report = builder.finish();
        let estimated_seconds = report.valid.div_ceil(draft.rate.max(1));
        Ok(CampaignPlan { headers: headers.clone(), mapping: mapping.clone(), report, estimated_seconds })
    };
    match &draft.source {
        AudienceSource::File { path } => {
            let mut reader = open_table(Path::new(path), None)?;
            let headers = reader.headers().to_vec();
            run(headers, &mut reader)
        }
        AudienceSource::Paste { text } => {
            let table = read_pasted(text)?;
            let mut rows = table.row_results();
            run(table.headers.clone(), &mut rows)
        }
    }
}

/// Validates a draft without storing anything: the dry run, and the import preview.
#[instrument(skip_all, fields(account = draft.account_id, template = %draft.template_id))]
pub fn plan_campaign(store: &Store, draft: &CampaignDraft) -> Result<CampaignPlan> {
    validate_rows(&prepare(store, draft)?, draft, |_| Ok(()))
}

/// Validates a draft and stores the campaign with its audience snapshot, ready to run. Rows
/// that are invalid, duplicate or suppressed are stored as skipped, with their reason. The
/// file is read once and stored in chunks, so memory stays flat in its size.
#[instrument(skip_all, fields(account = draft.account_id, template = %draft.template_id))]
pub fn create_campaign(
    store: &mut Store,
    draft: &CampaignDraft,
    created_by: &str,
) -> Result<(Campaign, CampaignPlan)> {
    let prepared = prepare(store, draft)?;
    let spec = NewCampaign {
        account_id: draft.account_id,
        kind: CampaignKind::Campaign,
        name: draft.name.trim().to_string(),
        template_id: draft.template_id.clone(),
        template_title: prepared.title.clone(),
        message: draft.message.clone(),
        rate: draft.rate,
        concurrency: draft.concurrency,
        parent_id: None,
        created_by: created_by.to_string(),
    };
    let id = store.create_campaign(&spec, &[])?;
    let mut chunk = Vec::with_capacity(INSERT_CHUNK);
    let stored = validate_rows(&prepared, draft, |r| {
        chunk.push(r);
        if chunk.len() == INSERT_CHUNK {
            store.append_recipients(id, &chunk)?;
            chunk.clear();
        }
        Ok(())
    })
    .and_then(|plan| {
        store.append_recipients(id, &chunk)?;
        if plan.report.valid == 0 {
            return Err(CoreError::InvalidInput(format!(
                "recipients: none of the {} rows can be sent; see the problems by row",
                plan.report.total_rows
            )));
        }
        Ok((store.campaign(id)?, plan))
    });
    if stored.is_err() {
        // Nothing half-made is left behind.
        let _ = store.delete_campaign(id);
    }
    stored
}
