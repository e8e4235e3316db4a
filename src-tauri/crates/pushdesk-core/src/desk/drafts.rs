//! From a recipient file to a campaign. The file is read ONCE, into a draft in the database;
//! the mapping, the validation, the preview, the test send and the start all work on that
//! draft, by id. What the user confirmed is what is sent, even if the file changes on disk in
//! the meantime; and the campaign is made from the draft in one transaction.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::followers::{FollowerProgressSink, FollowerSelection};
use super::runs::RunHandle;
use super::Desk;
use crate::audience::{
    auto_map, detect_encoding, open_table, read_pasted, write_problems_csv, AudienceBuilder, AudienceOptions,
    AudienceReport, ColumnMapping, EncodingCandidate, EncodingGuess, GrantBook, History, PreviewRow,
    ProblemRows, RowProblem, SourceFormat, TextEncoding,
};
use crate::campaign::ProgressSink;
use crate::compose::{SendNowRequest, SendNowResult, SendTarget};
use crate::model::{
    now_ms, CampaignKind, MessageChannel, MessageSpec, NewCampaign, NewRecipient, Timing, DAY_MS,
};
use crate::store::{DraftRow, Store, StoredDraft};
use crate::template::{check_page, Keyword};
use crate::{Bilingual, CoreError, Missing, Result};

/// The messages per second a campaign may be given.
pub const RATE_LIMITS: (u32, u32) = (1, 1000);
/// The requests in flight a campaign may be given.
pub const CONCURRENCY_LIMITS: (u32, u32) = (1, 64);

/// Rows shown with a draft.
const SAMPLE_ROWS: usize = 5;

/// How far back the repeat-send check may look, in days.
pub const MAX_RECENT_DAYS: u32 = 365;

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
    /// An Official Account's followers, fetched now: all of them, or those with any (with
    /// `match_all`, every one) of the tags `tag_ids`.
    #[serde(rename_all = "camelCase")]
    Followers {
        /// Tag ids as `tags/get` lists them; none means every follower.
        tag_ids: Vec<String>,
        /// Every tag rather than any.
        match_all: bool,
    },
}

/// Where a draft's rows came from and how they were read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftSource {
    /// File name, or `paste`.
    pub name: String,
    /// The file read, if it was a file.
    pub path: Option<String>,
    /// CSV, XLSX, TXT or paste.
    pub format: SourceFormat,
    /// The text encoding it was read with.
    pub encoding: Option<TextEncoding>,
    /// The delimiter found.
    pub delimiter: Option<String>,
    /// The followers taken, when the rows are an Official Account's followers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers: Option<FollowerSelection>,
}

/// The wizard's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftSettings {
    /// A name for people.
    pub name: String,
    /// The template, once chosen.
    pub template_id: Option<String>,
    /// Fixed values (may hold `{{column}}` placeholders), page, state, lang.
    pub message: MessageSpec,
    /// Column mapping; `None` maps automatically.
    pub mapping: Option<ColumnMapping>,
    /// Duplicates and known-unsubscribed handling.
    pub options: AudienceOptions,
    /// Messages per second.
    pub rate: u32,
    /// Requests in flight at most.
    pub concurrency: u32,
}

/// What the user asks to read into a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftInput {
    /// The account it will send from.
    pub account_id: i64,
    /// The file or the paste.
    pub source: AudienceSource,
    /// The text encoding the user chose for a file whose encoding is uncertain.
    pub encoding: Option<TextEncoding>,
    /// The first choices (name, template, ...).
    pub settings: DraftSettings,
}

/// A row of a draft, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftRowView {
    /// The row number the user sees in the file.
    pub row_no: u32,
    /// Its cells.
    pub cells: Vec<String>,
    /// The cells a workbook stored as numbers.
    pub number_columns: Vec<usize>,
}

/// A draft as the UI sees it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// Its id.
    pub id: i64,
    /// The account it will send from.
    pub account_id: i64,
    /// Where the rows came from.
    pub source: DraftSource,
    /// Column names.
    pub headers: Vec<String>,
    /// Data rows read.
    pub row_count: u32,
    /// The first rows.
    pub sample_rows: Vec<DraftRowView>,
    /// The wizard's choices.
    pub settings: DraftSettings,
}

/// What reading a file gave.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DraftCreation {
    /// The rows are in a draft.
    Created {
        /// The draft.
        draft: Box<Draft>,
    },
    /// The file's encoding is uncertain: nothing was read into a draft. The user chooses
    /// among the candidates (each with its first rows decoded that way) and asks again with
    /// [`DraftInput::encoding`]; no text is sent that the user has not seen decoded.
    NeedsEncoding {
        /// The file name.
        file: String,
        /// The ways it could be read, most plausible first.
        candidates: Vec<EncodingCandidate>,
    },
}

/// One row of a draft as it would be sent, or why it cannot be: what the user opens from the
/// problems list, beyond the first rows the plan previews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftRowPreview {
    /// The row rendered: values with placeholders filled, page, state and skip reason.
    pub row: PreviewRow,
    /// Everything that makes it unsendable (empty when it can be sent).
    pub problems: Vec<RowProblem>,
}

/// The validated audience of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CampaignPlan {
    /// The draft.
    pub draft_id: i64,
    /// The file's columns.
    pub headers: Vec<String>,
    /// The mapping used.
    pub mapping: ColumnMapping,
    /// Counts, problems by row and column, rendered preview rows.
    pub report: AudienceReport,
    /// Seconds the send will take at the chosen rate.
    pub estimated_seconds: u32,
}

fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| CoreError::Internal(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| CoreError::Internal(format!("a stored draft is unreadable: {e}")))
}

fn check_settings(settings: &DraftSettings) -> Result<()> {
    let (rate_min, rate_max) = RATE_LIMITS;
    if !(rate_min..=rate_max).contains(&settings.rate) {
        return Err(CoreError::InvalidInput(Bilingual::field(
            "rate",
            format_args!("{} is not between {rate_min} and {rate_max} messages per second", settings.rate),
            format_args!("发送速率 {} 不在每秒 {rate_min} 到 {rate_max} 条之间", settings.rate),
        )));
    }
    let (c_min, c_max) = CONCURRENCY_LIMITS;
    if !(c_min..=c_max).contains(&settings.concurrency) {
        return Err(CoreError::InvalidInput(Bilingual::field(
            "concurrency",
            format_args!("{} is not between {c_min} and {c_max}", settings.concurrency),
            format_args!("同时发出的请求数 {} 不在 {c_min} 到 {c_max} 之间", settings.concurrency),
        )));
    }
    if settings.options.recent_days > MAX_RECENT_DAYS {
        return Err(CoreError::InvalidInput(Bilingual::field(
            "recentDays",
            format_args!("the repeat-send check looks back at most {MAX_RECENT_DAYS} days"),
            format_args!("重复发送检查最多往前看 {MAX_RECENT_DAYS} 天"),
        )));
    }
    if settings.name.trim().is_empty() {
        return Err(CoreError::InvalidInput(Bilingual::field(
            "name",
            "give the campaign a name",
            "请给任务起个名字",
        )));
    }
    Ok(())
}

/// Reads a source once and stores it as a draft, in one transaction. A text file whose
/// encoding is uncertain is not read: the candidates come back instead.
fn read_into_draft(
    store: &mut Store,
    input: &DraftInput,
    followers: Option<(Vec<String>, FollowerSelection)>,
    created_by: &str,
) -> Result<std::result::Result<i64, DraftCreation>> {
    let mut stored = StoredDraft {
        id: 0,
        account_id: input.account_id,
        source: String::new(),
        headers: Vec::new(),
        row_count: 0,
        settings: json(&input.settings)?,
        created_by: created_by.to_string(),
        created_at: 0,
        updated_at: 0,
    };
    match &input.source {
        AudienceSource::File { path } => {
            let path = crate::files::check_readable(Path::new(path))?;
            let mut encoding = input.encoding;
            if encoding.is_none() && !is_workbook(&path) {
                match detect_encoding(&path)? {
                    EncodingGuess::Certain(found) => encoding = Some(found),
                    EncodingGuess::Ambiguous(candidates) => {
                        let file =
                            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                        return Ok(Err(DraftCreation::NeedsEncoding { file, candidates }));
                    }
                }
            }
            let mut reader = open_table(&path, encoding)?;
            stored.headers = reader.headers().to_vec();
            stored.source = json(&DraftSource {
                name: reader.source().to_string(),
                path: Some(path.display().to_string()),
                format: reader.format(),
                encoding: reader.encoding(),
                delimiter: reader.delimiter().map(|d| d.to_string()),
                followers: None,
            })?;
            let mut rows = reader.by_ref().map(|r| r.map(draft_row).map_err(Into::into));
            store.insert_draft(&stored, &mut rows).map(Ok)
        }
        AudienceSource::Paste { text } => {
            let table = read_pasted(text)?;
            stored.headers = table.headers.clone();
            stored.source = json(&DraftSource {
                name: table.source.clone(),
                path: None,
                format: table.format,
                encoding: None,
                delimiter: table.delimiter.map(|d| d.to_string()),
                followers: None,
            })?;
            let mut rows = table.rows.into_iter().map(|row| Ok(draft_row(row)));
            store.insert_draft(&stored, &mut rows).map(Ok)
        }
        AudienceSource::Followers { .. } => {
            let (openids, selection) =
                followers.ok_or_else(|| CoreError::Internal("followers were not fetched".into()))?;
            stored.headers = vec!["openid".into()];
            stored.source = json(&DraftSource {
                name: "followers".into(),
                path: None,
                format: SourceFormat::Followers,
                encoding: None,
                delimiter: None,
                followers: Some(selection),
            })?;
            // Row 1 would be a file's header: the first follower is row 2, as in an export.
            let mut rows = openids.into_iter().zip(2u32..).map(|(openid, row_no)| {
                Ok(DraftRow { row_no, cells: vec![openid], number_columns: Vec::new() })
            });
            store.insert_draft(&stored, &mut rows).map(Ok)
        }
    }
}

fn draft_row(row: crate::audience::TableRow) -> DraftRow {
    DraftRow { row_no: row.row_no, cells: row.cells, number_columns: row.number_columns }
}

fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

fn load(store: &Store, id: i64) -> Result<Draft> {
    let stored = store.campaign_draft(id)?;
    let mut sample_rows = Vec::new();
    store.visit_draft_rows_head(id, SAMPLE_ROWS as u32, &mut |row| {
        sample_rows.push(DraftRowView {
            row_no: row.row_no,
            cells: row.cells,
            number_columns: row.number_columns,
        });
        Ok(())
    })?;
    Ok(Draft {
        id,
        account_id: stored.account_id,
        source: parse(&stored.source)?,
        headers: stored.headers,
        row_count: stored.row_count,
        sample_rows,
        settings: parse(&stored.settings)?,
    })
}

/// What validation needs from the store, read once up front.
struct Prepared {
    keywords: Vec<Keyword>,
    title: String,
    unsubscribed: HashSet<String>,
    channel: MessageChannel,
    history: History,
}

fn prepare(
    store: &Store,
    account_id: i64,
    settings: &DraftSettings,
    exclude_series: Option<i64>,
) -> Result<Prepared> {
    let template_id = settings.template_id.as_deref().ok_or_else(|| {
        CoreError::InvalidInput(Bilingual::field("template", "choose a template", "请选择模板"))
    })?;
    let template = store.template(account_id, template_id)?;
    crate::compose::check_sendable(&template)?;
    let unsubscribed = store.unsubscribed_openids(account_id, template_id)?;
    let channel = store.account(account_id)?.kind.channel();
    let now = now_ms();
    let recently_sent = match settings.options.recent_days {
        0 => HashSet::new(),
        days => store.recent_recipients(
            account_id,
            template_id,
            now - i64::from(days) * DAY_MS,
            exclude_series,
        )?,
    };
    let cap = match store.frequency_cap(account_id)? {
        Some(cap) => Some((cap, store.capped_openids(account_id, cap, now)?)),
        None => None,
    };
    let grants = match store.grant_book(account_id, template_id)? {
        Some(book) => Some(book),
        // Asked for granted rows only and the ledger knows nobody: nobody is granted.
        None if settings.options.only_granted => Some(GrantBook::default()),
        None => None,
    };
    let history = History { recently_sent, suppressed: store.suppressed_openids(account_id)?, cap, grants };
    Ok(Prepared { keywords: template.keywords, title: template.title, unsubscribed, channel, history })
}

/// Validates every stored row of a draft, handing each row, its recipient and what makes it
/// unsendable (if anything) to `each_row`.
fn validate(
    store: &Store,
    draft: &Draft,
    prepared: &Prepared,
    mut each_row: impl FnMut(&DraftRow, NewRecipient, &[RowProblem]),
) -> Result<CampaignPlan> {
    let settings = &draft.settings;
    let values = &settings.message.values;
    let page = settings.message.page.as_deref();
    if let Some(page) = page {
        check_page(page)?;
    }
    settings.message.check_jump(&store.account(draft.account_id)?)?;
    let mapping = settings
        .mapping
        .clone()
        .unwrap_or_else(|| auto_map(&draft.headers, &prepared.keywords, values, page));
    let mut builder = AudienceBuilder::new(
        &draft.headers,
        &mapping,
        &prepared.keywords,
        values,
        &prepared.unsubscribed,
        settings.options,
    )?
    .with_page(page)
    .with_channel(prepared.channel)
    .with_history(&prepared.history);
    store.visit_draft_rows(draft.id, &mut |row| {
        let recipient = builder.push_cells(row.row_no, &row.cells, &row.number_columns);
        each_row(&row, recipient, builder.last_row_invalid());
        Ok(())
    })?;
    let report = builder.finish();
    let estimated_seconds = report.valid.div_ceil(settings.rate.max(1));
    Ok(CampaignPlan {
        draft_id: draft.id,
        headers: draft.headers.clone(),
        mapping,
        report,
        estimated_seconds,
    })
}

fn plan(store: &Store, id: i64) -> Result<CampaignPlan> {
    let draft = load(store, id)?;
    let prepared = prepare(store, draft.account_id, &draft.settings, None)?;
    validate(store, &draft, &prepared, |_, _, _| {})
}

/// A campaign to be made from a draft.
pub(super) struct MadeFrom {
    pub draft_id: i64,
    pub timing: Timing,
    /// The series it is a run of: its earlier runs do not count as repeat sends.
    pub series_id: Option<i64>,
    pub user: String,
}

/// Validates the draft's rows and hands `make` the campaign's settings and a function that turns
/// each stored row into its recipient (validated exactly as the plan showed).
pub(super) fn with_draft_audience<T>(
    store: &mut Store,
    made: &MadeFrom,
    make: impl FnOnce(&mut Store, &NewCampaign, &mut dyn FnMut(DraftRow) -> Result<NewRecipient>) -> Result<T>,
) -> Result<T> {
    let draft = load(store, made.draft_id)?;
    check_settings(&draft.settings)?;
    let prepared = prepare(store, draft.account_id, &draft.settings, made.series_id)?;
    let checked = validate(store, &draft, &prepared, |_, _, _| {})?;
    if checked.report.valid == 0 {
        return Err(CoreError::InvalidInput(Bilingual::field(
            "recipients",
            format_args!(
                "none of the {} rows can be sent; see the problems by row",
                checked.report.total_rows
            ),
            format_args!("{} 行都不能发送，请查看每一行的问题", checked.report.total_rows),
        )));
    }
    let settings = &draft.settings;
    let spec = NewCampaign {
        account_id: draft.account_id,
        kind: CampaignKind::Campaign,
        name: settings.name.trim().to_string(),
        template_id: settings.template_id.clone().unwrap_or_default(),
        template_title: prepared.title.clone(),
        message: settings.message.clone(),
        rate: settings.rate,
        concurrency: settings.concurrency,
        parent_id: None,
        created_by: made.user.clone(),
        timing: made.timing.clone(),
        series_id: made.series_id,
    };
    let mut builder = AudienceBuilder::new(
        &draft.headers,
        &checked.mapping,
        &prepared.keywords,
        &settings.message.values,
        &prepared.unsubscribed,
        settings.options,
    )?
    .with_page(settings.message.page.as_deref())
    .with_channel(prepared.channel)
    .with_history(&prepared.history);
    make(store, &spec, &mut |row| Ok(builder.push_cells(row.row_no, &row.cells, &row.number_columns)))
}

impl Desk {
    /// Reads a recipient file (or a paste) once into a draft.
    #[instrument(skip_all, fields(account = input.account_id))]
    pub async fn create_draft(&self, input: DraftInput) -> Result<DraftCreation> {
        self.create_draft_watched(input, None).await
    }

    /// Like [`Desk::create_draft`], reporting how far fetching followers has come.
    pub async fn create_draft_watched(
        &self,
        input: DraftInput,
        progress: Option<FollowerProgressSink>,
    ) -> Result<DraftCreation> {
        let followers = match &input.source {
            AudienceSource::Followers { tag_ids, match_all } => {
                Some(self.fetch_followers(input.account_id, tag_ids, *match_all, progress).await?)
            }
            _ => None,
        };
        let user = self.user.clone();
        self.with_store(move |store, _| match read_into_draft(store, &input, followers, &user)? {
            Ok(id) => Ok(DraftCreation::Created { draft: Box::new(load(store, id)?) }),
            Err(question) => Ok(question),
        })
        .await
    }

    /// A draft with its first rows.
    pub async fn draft(&self, id: i64) -> Result<Draft> {
        self.with_store(move |store, _| load(store, id)).await
    }

    /// Replaces a draft's choices and validates every row against them.
    pub async fn update_draft(&self, id: i64, settings: DraftSettings) -> Result<CampaignPlan> {
        self.with_store(move |store, _| {
            store.update_draft_settings(id, &json(&settings)?)?;
            plan(store, id)
        })
        .await
    }

    /// Validates every row of a draft: counts, problems by row and column, preview.
    pub async fn plan_draft(&self, id: i64) -> Result<CampaignPlan> {
        self.with_store(move |store, _| plan(store, id)).await
    }

    /// Writes the rows that cannot be sent — every one, with its own cells under the file's
    /// headers and what is wrong — to the CSV users fix in Excel and import again (safely:
    /// never over an existing file unless `overwrite`). Returns where it was written.
    pub async fn save_draft_problems(
        &self,
        id: i64,
        path: std::path::PathBuf,
        overwrite: bool,
    ) -> Result<std::path::PathBuf> {
        self.with_store(move |store, _| {
            let draft = load(store, id)?;
            let prepared = prepare(store, draft.account_id, &draft.settings, None)?;
            let mut rows = ProblemRows::new(&draft.headers);
            validate(store, &draft, &prepared, |row, _, invalid| rows.push(row.row_no, &row.cells, invalid))?;
            write_problems_csv(&path, rows, overwrite)
        })
        .await
    }

    /// One row of the draft (by the row number the user sees) rendered as it would be sent, with
    /// what is wrong with it. Every row is validated up to it, so duplicates and flags are
    /// judged as for the whole file.
    pub async fn preview_draft_row(&self, id: i64, row_no: u32) -> Result<DraftRowPreview> {
        self.with_store(move |store, _| {
            let draft = load(store, id)?;
            let prepared = prepare(store, draft.account_id, &draft.settings, None)?;
            let mut found = None;
            validate(store, &draft, &prepared, |row, r, invalid| {
                if row.row_no == row_no && found.is_none() {
                    let row = PreviewRow {
                        row_no: r.row_no,
                        openid: r.openid,
                        data: r.data,
                        page: r.page,
                        state: r.state,
                        reason: r.reason,
                    };
                    found = Some(DraftRowPreview { row, problems: invalid.to_vec() });
                }
            })?;
            found.ok_or_else(|| CoreError::NotFound { what: Missing::DraftRow, name: row_no.to_string() })
        })
        .await
    }

    /// Sends the draft's message, with the first valid row's values, to the account's test list.
    pub async fn test_send_draft(&self, id: i64) -> Result<SendNowResult> {
        let (draft, plan) = self.with_store(move |store, _| Ok((load(store, id)?, plan(store, id)?))).await?;
        let first = plan
            .report
            .preview
            .iter()
            .find(|r| r.state == crate::model::RecipientState::Pending)
            .ok_or_else(|| {
                CoreError::InvalidInput(Bilingual::field(
                    "recipients",
                    "no row can be sent, so nothing can be tested",
                    "名单中没有可以发送的行，所以无法测试",
                ))
            })?;
        let request = SendNowRequest {
            account_id: draft.account_id,
            template_id: draft.settings.template_id.clone().unwrap_or_default(),
            message: MessageSpec {
                values: first.data.clone(),
                page: first.page.clone().or_else(|| draft.settings.message.page.clone()),
                ..draft.settings.message.clone()
            },
            target: SendTarget::Test,
            placeholders: Default::default(),
        };
        self.send_now(request).await
    }

    /// Makes the campaign from the draft (one transaction: the draft's rows, validated, become
    /// its audience; the draft is gone) and starts sending it — or, when its send window is
    /// closed now, leaves it waiting for the window.
    pub async fn start_draft(
        &self,
        id: i64,
        timing: Timing,
        progress: Option<ProgressSink>,
    ) -> Result<RunHandle> {
        let campaign_id = self.campaign_from_draft(id, timing).await?;
        self.start(campaign_id, progress).await
    }

    /// Makes the campaign from the draft without starting it (the CLI starts it in the
    /// foreground; a campaign with a time waits, `scheduled`). Returns its id.
    pub async fn campaign_from_draft(&self, id: i64, timing: Timing) -> Result<i64> {
        let user = self.user.clone();
        let campaign_id = self
            .with_store(move |store, _| {
                let made = MadeFrom { draft_id: id, timing, series_id: None, user };
                with_draft_audience(store, &made, |store, spec, recipient| {
                    store.campaign_from_draft(id, spec, recipient)
                })
            })
            .await?;
        self.audit_created(campaign_id).await;
        Ok(campaign_id)
    }

    /// Throws a draft away.
    pub async fn discard_draft(&self, id: i64) -> Result<()> {
        self.with_store(move |store, _| store.delete_draft(id)).await
    }
}
