//! Turning mapped rows into recipients: every row is checked before anything is sent.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};

use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::error::AudienceError;
use super::header::looks_like_openid;
use super::mapping::ColumnMapping;
use super::problems::{ProblemKind, RowProblem};
use super::row::TableRow;
use super::visible::visible;
use crate::ledger::{GrantCounts, GrantState};
use crate::model::{MessageChannel, NewRecipient, RecipientState};
use crate::template::{fill_page, placeholders, render, validate_value, Keyword};

/// Problems kept in the report; more are counted but not stored, so a file where every one of a
/// million rows is wrong does not produce a gigabyte report.
pub const MAX_STORED_PROBLEMS: usize = 10_000;

/// Rows shown in the preview.
pub const PREVIEW_ROWS: usize = 20;

/// What to do with flagged rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct AudienceOptions {
    /// Skip the second and later rows of an openid (default): one message per person.
    pub skip_duplicates: bool,
    /// Skip openids that answered 43101 before. Off by default: a user may have subscribed
    /// again since, so they are only flagged.
    pub skip_unsubscribed: bool,
    /// Skip openids the same template went to from the same account in the last
    /// `recent_days` days (default): the same list is not sent twice by accident.
    pub skip_recent: bool,
    /// How far back the repeat-send check looks, in days (0 turns it off).
    pub recent_days: u32,
    /// Skip rows the subscription ledger knows no grant left for (none, or nothing known).
    pub only_granted: bool,
}

/// The repeat-send check's default reach.
pub const DEFAULT_RECENT_DAYS: u32 = 7;

impl Default for AudienceOptions {
    fn default() -> Self {
        AudienceOptions {
            skip_duplicates: true,
            skip_unsubscribed: false,
            skip_recent: true,
            recent_days: DEFAULT_RECENT_DAYS,
            only_granted: false,
        }
    }
}

/// One row as it will be (or would have been) sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    /// The row number the user sees (first data row = 2).
    pub row_no: u32,
    /// The openid, trimmed.
    pub openid: String,
    /// Keyword key → value with placeholders filled.
    pub data: BTreeMap<String, String>,
    /// The page filled for this row, when the page has placeholders.
    pub page: Option<String>,
    /// `pending` (will be sent) or `skipped`.
    pub state: RecipientState,
    /// Why it is skipped.
    pub reason: Option<String>,
}

/// The validated audience: recipients for the campaign, counts, and what is wrong where.
///
/// `total_rows = valid + invalid + skipped duplicates + suppressed + frequency capped + skipped
/// recently sent + no grant + skipped unsubscribed`: duplicates, recently sent and unsubscribed
/// rows count as skipped only when the options skip them; suppressed and capped rows always are,
/// rows without a grant when the options send only to granted rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AudienceReport {
    /// Every row in file order: valid ones `Pending` (what the engine sends), the rest `Skipped`
    /// with a reason, kept so the campaign's report can show them. Not sent over IPC.
    #[serde(skip)]
    #[specta(skip)]
    pub recipients: Vec<NewRecipient>,
    /// Data rows read (blank rows not counted).
    pub total_rows: u32,
    /// Rows that will be sent.
    pub valid: u32,
    /// Rows with at least one problem that makes them unsendable.
    pub invalid: u32,
    /// Rows repeating an earlier valid row's openid.
    pub duplicates: u32,
    /// Rows whose openid answered 43101 before.
    pub unsubscribed_flagged: u32,
    /// Valid rows whose openid got the same template from the account in the last
    /// `recent_days` days.
    pub recently_sent: u32,
    /// Valid rows whose openid is on the account's suppression list (always skipped).
    pub suppressed: u32,
    /// Valid rows whose openid got as many messages as the account's frequency cap allows
    /// (always skipped).
    pub frequency_capped: u32,
    /// Valid rows skipped because the ledger knows no grant for them (`only_granted`).
    pub no_grant: u32,
    /// The valid rows by what the subscription ledger knows of them (rows skipped by the
    /// contact rules or the repeat check aside); none when the ledger knows nothing of the
    /// template.
    pub grants: Option<GrantCounts>,
    /// All problems found, including those not stored.
    pub problems_total: u32,
    /// The first [`MAX_STORED_PROBLEMS`] problems.
    pub problems: Vec<RowProblem>,
    /// The first [`PREVIEW_ROWS`] rows, rendered.
    pub preview: Vec<PreviewRow>,
}

/// What the account sent before and its contact rules, read once before validation.
#[derive(Debug, Default)]
pub struct History {
    /// Openids the template went to within the options' `recent_days`.
    pub recently_sent: HashSet<String>,
    /// The account's suppression list.
    pub suppressed: HashSet<String>,
    /// The account's frequency cap and the openids that reached it.
    pub cap: Option<(crate::model::FrequencyCap, HashSet<String>)>,
    /// What the subscription ledger knows of the template's users; none when it knows nothing
    /// and the options do not ask for granted rows only.
    pub grants: Option<GrantBook>,
}

/// The openids of one template the ledger has a state for; every other one is `NoData`.
#[derive(Debug, Clone, Default)]
pub struct GrantBook {
    /// Openids with a grant left.
    pub granted: HashSet<String>,
    /// Openids the ledger says have none.
    pub no_grant: HashSet<String>,
}

impl GrantBook {
    /// What the ledger knows of `openid`.
    pub fn state(&self, openid: &str) -> GrantState {
        if self.granted.contains(openid) {
            GrantState::Granted
        } else if self.no_grant.contains(openid) {
            GrantState::NoGrant
        } else {
            GrantState::NoData
        }
    }
}

/// Where a keyword's value comes from, decided once for all rows.
enum Source<'a> {
    Column { index: usize, header: &'a str },
    Typed(&'a str),
    Nothing,
}

/// Validates rows one at a time, so a caller can stream recipients into the store instead of
/// holding a million of them; [`build_audience`] is the collect-everything form.
pub struct AudienceBuilder<'a> {
    headers: &'a [String],
    mapping: &'a ColumnMapping,
    plan: Vec<(&'a Keyword, Source<'a>)>,
    /// The page, when it has placeholders to fill per row.
    page: Option<&'a str>,
    known_unsubscribed: &'a HashSet<String>,
    /// What a "not subscribed" answer meant: no grant left (a subscribe message, 43101), or
    /// not following / blocked (a template message, 43004 / 43019).
    channel: MessageChannel,
    history: Option<&'a History>,
    options: AudienceOptions,
    /// 128-bit hash of each valid openid → its first row: a fifth of the memory of the strings
    /// at a million rows, and a collision is as likely as a cosmic ray.
    seen: HashMap<u128, u32>,
    hashers: (RandomState, RandomState),
    report: AudienceReport,
    /// What makes the row pushed last unsendable, all of it (the report keeps only the first
    /// [`MAX_STORED_PROBLEMS`] problems of the whole file).
    last_row_invalid: Vec<RowProblem>,
}

impl<'a> AudienceBuilder<'a> {
    /// Prepares validation; fails when `mapping` points at a column `headers` does not have.
    pub fn new(
        headers: &'a [String],
        mapping: &'a ColumnMapping,
        keywords: &'a [Keyword],
        values: &'a BTreeMap<String, String>,
        known_unsubscribed: &'a HashSet<String>,
        options: AudienceOptions,
    ) -> Result<Self, AudienceError> {
        check_mapping(headers, mapping)?;
        let plan = keywords
            .iter()
            .map(|keyword| {
                let source = match mapping.keyword_columns.get(&keyword.key) {
                    Some(&index) => Source::Column { index, header: headers[index].as_str() },
                    None => match values.get(&keyword.key) {
                        Some(text) if !text.trim().is_empty() => Source::Typed(text.as_str()),
                        _ => Source::Nothing,
                    },
                };
                (keyword, source)
            })
            .collect();
        Ok(AudienceBuilder {
            headers,
            mapping,
            plan,
            page: None,
            known_unsubscribed,
            channel: MessageChannel::SubscribeMessage,
            history: None,
            options,
            seen: HashMap::new(),
            hashers: (RandomState::new(), RandomState::new()),
            report: AudienceReport::default(),
            last_row_invalid: Vec::new(),
        })
    }

    /// Fills `page` per row (when it has placeholders; otherwise every row sends it as it is).
    /// The page must have passed [`crate::template::check_page`].
    pub fn with_page(mut self, page: Option<&'a str>) -> Self {
        self.page = page.filter(|p| !placeholders(p).is_empty());
        self
    }

    /// The channel the rows are for (a subscribe message unless told).
    pub fn with_channel(mut self, channel: MessageChannel) -> Self {
        self.channel = channel;
        self
    }

    /// Checks each otherwise valid row against the account's history and contact rules.
    pub fn with_history(mut self, history: &'a History) -> Self {
        self.history = Some(history);
        self
    }

    /// Validates one row as read (numbers and the cells a workbook stored as numbers) and
    /// returns its recipient (`Pending` or `Skipped`).
    pub fn push_row(&mut self, row: &TableRow) -> NewRecipient {
        self.push_cells(row.row_no, &row.cells, &row.number_columns)
    }

    /// Validates one row of text cells (no cell known to be a number) and returns its
    /// recipient.
    pub fn push(&mut self, row_no: u32, cells: &[String]) -> NewRecipient {
        self.push_cells(row_no, cells, &[])
    }

    /// Validates one row: `row_no` as the user sees it, `number_columns` the cells a workbook
    /// stored as numbers (an openid among them is refused: Excel has rounded it).
    pub fn push_cells(&mut self, row_no: u32, cells: &[String], number_columns: &[usize]) -> NewRecipient {
        // A cell of a rows-to-fix file Pushdesk wrote carries the quote that kept it from being
        // a formula: the value is what the user had.
        let cell = |i: usize| cells.get(i).map_or("", |c| crate::export::restore(c.trim()));
        let openid_header = self.headers[self.mapping.openid_column].as_str();
        let openid = cell(self.mapping.openid_column).to_string();
        let openid_is_number = number_columns.contains(&self.mapping.openid_column);
        let mut problems = Vec::new();
        let problem = |column: &str, field: Option<&str>, kind, zh: String, en: String| RowProblem {
            row_no,
            column: column.to_string(),
            field: field.map(str::to_string),
            kind,
            reason_zh: zh,
            reason_en: en,
        };

        if openid.is_empty() {
            problems.push(problem(
                openid_header,
                None,
                ProblemKind::InvalidOpenid,
                "openid 为空".into(),
                "the openid is empty".into(),
            ));
        } else if openid_is_number || looks_like_excel_number(&openid) {
            let shown = shorten(&openid);
            problems.push(problem(
                openid_header,
                None,
                ProblemKind::InvalidOpenid,
                format!(
                    "“{shown}”是数字，不是 openid：这一列在 Excel 中存成了数字，Excel 只保留 15 位，\
                     openid 已经变了。请把这一列设置为“文本”格式后重新粘贴 openid，\
                     或从原系统重新导出为文本"
                ),
                format!(
                    "“{shown}” is a number, not an openid: the column was stored as a number in \
                     Excel, which keeps only 15 digits, so the openid is lost. Format the column \
                     as Text and paste the openids again, or export them from the source system \
                     as text"
                ),
            ));
        } else if !looks_like_openid(&openid) {
            let shown = shorten(&openid);
            problems.push(problem(
                openid_header,
                None,
                ProblemKind::InvalidOpenid,
                format!("“{shown}”不是有效的 openid（应为约 28 位字母、数字、_ 或 -）"),
                format!("“{shown}” is not an openid (about 28 letters, digits, _ or -)"),
            ));
        }

        let lookup = |name: &str| self.mapping.placeholder_columns.get(name).map(|&i| cell(i).to_string());
        let mut data = BTreeMap::new();
        for (keyword, source) in &self.plan {
            let (key, label) = (keyword.key.as_str(), keyword.label.as_str());
            let (value, column) = match source {
                Source::Column { index, header } => (cell(*index).to_string(), *header),
                Source::Typed(text) => match render(text, &lookup) {
                    Ok(value) => (value, label),
                    Err(missing) => {
                        let name = missing.column;
                        problems.push(problem(
                            &name,
                            Some(key),
                            ProblemKind::MissingColumn,
                            format!("「{label}」({key}) 用到的 {{{{{name}}}}} 没有对应的列"),
                            format!("“{label}” ({key}) uses {{{{{name}}}}} but no column is mapped to it"),
                        ));
                        continue;
                    }
                },
                Source::Nothing => {
                    problems.push(problem(
                        label,
                        Some(key),
                        ProblemKind::MissingValue,
                        format!("「{label}」({key}) 没有值：请映射一列或填写内容"),
                        format!("no value for {label} ({key}): map a column or type a value"),
                    ));
                    continue;
                }
            };
            if is_spreadsheet_error(&value) {
                let shown = visible(&value);
                problems.push(problem(
                    column,
                    Some(key),
                    ProblemKind::SpreadsheetError,
                    format!("「{label}」({key}) 的单元格是表格错误 {shown}，不是内容"),
                    format!("“{label}” ({key}) is the spreadsheet error {shown}, not a value"),
                ));
            } else if let Err(violation) = validate_value(keyword, &value) {
                problems.push(problem(
                    column,
                    Some(key),
                    ProblemKind::RuleViolation,
                    violation.message_zh,
                    violation.message_en,
                ));
            }
            data.insert(key.to_string(), value);
        }

        let page = self.page.and_then(|page| match fill_page(page, &lookup) {
            Ok(filled) => Some(filled),
            Err(p) => {
                let column = p.column.as_deref().map_or("page", |name| {
                    self.mapping.placeholder_columns.get(name).map_or(name, |&i| self.headers[i].as_str())
                });
                problems.push(problem(column, None, ProblemKind::InvalidPage, p.message_zh, p.message_en));
                None
            }
        });

        let skip_reason =
            if problems.is_empty() { self.flag(row_no, &openid, openid_header, &mut problems) } else { None };
        let invalid = problems.iter().any(|p| p.kind.is_invalid());
        let reason = if invalid { problems.first().map(|p| summary(p, problems.len())) } else { skip_reason };
        let state = if reason.is_some() { RecipientState::Skipped } else { RecipientState::Pending };

        self.report.total_rows += 1;
        if invalid {
            self.report.invalid += 1;
        } else if state == RecipientState::Pending {
            self.report.valid += 1;
        }
        if self.report.preview.len() < PREVIEW_ROWS {
            self.report.preview.push(PreviewRow {
                row_no,
                openid: openid.clone(),
                data: data.clone(),
                page: page.clone(),
                state,
                reason: reason.clone(),
            });
        }
        self.last_row_invalid.clear();
        for p in problems {
            self.report.problems_total += 1;
            if p.kind.is_invalid() {
                self.last_row_invalid.push(p.clone());
            }
            if self.report.problems.len() < MAX_STORED_PROBLEMS {
                self.report.problems.push(p);
            }
        }
        NewRecipient { row_no, openid, data, page, state, reason, origin_id: None }
    }

    /// Every problem that makes the row pushed last unsendable (none when it can be sent).
    pub fn last_row_invalid(&self) -> &[RowProblem] {
        &self.last_row_invalid
    }

    /// Duplicate and unsubscribed checks for a row that is otherwise valid; returns the skip
    /// reason when the options say to skip it.
    fn flag(
        &mut self,
        row_no: u32,
        openid: &str,
        column: &str,
        problems: &mut Vec<RowProblem>,
    ) -> Option<String> {
        let key =
            (u128::from(self.hashers.0.hash_one(openid)) << 64) | u128::from(self.hashers.1.hash_one(openid));
        if let Some(&first) = self.seen.get(&key) {
            self.report.duplicates += 1;
            let skip = self.options.skip_duplicates;
            let reason = push_flag(
                problems,
                row_no,
                column,
                ProblemKind::Duplicate,
                skip,
                format!("与第 {first} 行的 openid 重复"),
                format!("same openid as row {first}"),
            );
            if skip {
                return reason;
            }
        } else {
            self.seen.insert(key, row_no);
        }
        let history = self.history;
        if history.is_some_and(|h| h.suppressed.contains(openid)) {
            self.report.suppressed += 1;
            return push_flag(
                problems,
                row_no,
                column,
                ProblemKind::Suppressed,
                true,
                crate::model::SUPPRESSED_WHY.0.to_string(),
                crate::model::SUPPRESSED_WHY.1.to_string(),
            );
        }
        if let Some((cap, _)) =
            history.and_then(|h| h.cap.as_ref()).filter(|(_, capped)| capped.contains(openid))
        {
            self.report.frequency_capped += 1;
            let (zh, en) = cap.why();
            return push_flag(problems, row_no, column, ProblemKind::FrequencyCapped, true, zh, en);
        }
        if history.is_some_and(|h| h.recently_sent.contains(openid)) {
            self.report.recently_sent += 1;
            let days = self.options.recent_days;
            let reason = push_flag(
                problems,
                row_no,
                column,
                ProblemKind::RecentlySent,
                self.options.skip_recent,
                format!("最近 {days} 天内已给该用户发过这个模板，或未完成的任务中有他"),
                format!("this template went to this user in the last {days} days, or an unfinished campaign includes them"),
            );
            if self.options.skip_recent {
                return reason;
            }
        }
        if let Some(book) = history.and_then(|h| h.grants.as_ref()) {
            let state = book.state(openid);
            self.report.grants.get_or_insert_default().add(state);
            if self.options.only_granted && state != GrantState::Granted {
                self.report.no_grant += 1;
                let (zh, en) = match state {
                    GrantState::NoGrant => (
                        "订阅台账显示该用户的这个模板已没有订阅次数",
                        "the subscription ledger shows no grant left for this template",
                    ),
                    _ => (
                        "订阅台账中没有该用户这个模板的记录",
                        "the subscription ledger has no record of this user for this template",
                    ),
                };
                return push_flag(problems, row_no, column, ProblemKind::NoGrant, true, zh.into(), en.into());
            }
        }
        if self.known_unsubscribed.contains(openid) {
            self.report.unsubscribed_flagged += 1;
            let (zh, en) = match self.channel {
                MessageChannel::SubscribeMessage => {
                    ("该用户此前已无订阅次数（43101）", "this user had no subscription left before (43101)")
                }
                MessageChannel::TemplateMessage => (
                    "该用户此前未关注或已拉黑公众号（43004 / 43019）",
                    "this user was not following or had blocked the account before (43004 / 43019)",
                ),
            };
            return push_flag(
                problems,
                row_no,
                column,
                ProblemKind::Unsubscribed,
                self.options.skip_unsubscribed,
                zh.to_string(),
                en.to_string(),
            );
        }
        None
    }

    /// The report so far, without recipients (they were handed out by [`AudienceBuilder::push`]).
    pub fn finish(self) -> AudienceReport {
        self.report
    }
}

/// Validates every row of a table against the template and returns the audience.
///
/// Each keyword's value is its mapped column's cell, else the typed value in `values` with
/// `{{placeholders}}` filled from the row, else a problem. Cells and openids are trimmed (stray
/// spaces from spreadsheets are invisible to people); values are otherwise sent as they are.
/// Fails on the first read error from `rows`, or when `mapping` does not fit `headers`.
#[instrument(skip_all, fields(columns = headers.len(), keywords = keywords.len()))]
pub fn build_audience(
    rows: impl Iterator<Item = Result<TableRow, AudienceError>>,
    headers: &[String],
    mapping: &ColumnMapping,
    keywords: &[Keyword],
    values: &BTreeMap<String, String>,
    known_unsubscribed: &HashSet<String>,
    options: AudienceOptions,
) -> Result<AudienceReport, AudienceError> {
    let mut builder = AudienceBuilder::new(headers, mapping, keywords, values, known_unsubscribed, options)?;
    let mut recipients = Vec::new();
    for row in rows {
        recipients.push(builder.push_row(&row?));
    }
    let mut report = builder.finish();
    report.recipients = recipients;
    tracing::debug!(
        total = report.total_rows,
        valid = report.valid,
        invalid = report.invalid,
        duplicates = report.duplicates,
        "audience built"
    );
    Ok(report)
}

fn check_mapping(headers: &[String], mapping: &ColumnMapping) -> Result<(), AudienceError> {
    let width = headers.len();
    let out_of_range = |what: String, index: usize| {
        AudienceError::BadMapping(crate::Bilingual::new(
            format!("{what} is mapped to column {} but the table has {width}", index + 1),
            format!("{what} 对应到第 {} 列，但表格只有 {width} 列", index + 1),
        ))
    };
    if mapping.openid_column >= width {
        return Err(out_of_range("openid".into(), mapping.openid_column));
    }
    let columns = mapping.keyword_columns.iter().chain(&mapping.placeholder_columns);
    for (name, &index) in columns {
        if index >= width {
            return Err(out_of_range(name.clone(), index));
        }
    }
    Ok(())
}

/// The text stored as a skipped recipient's reason: both languages, since the campaign report
/// may be read in either.
/// Records a duplicate or unsubscribed flag, saying whether the row is skipped or sent anyway;
/// returns the skip reason when it is skipped.
fn push_flag(
    problems: &mut Vec<RowProblem>,
    row_no: u32,
    column: &str,
    kind: ProblemKind,
    skip: bool,
    why_zh: String,
    why_en: String,
) -> Option<String> {
    let (then_zh, then_en) = if skip { ("已跳过", "skipped") } else { ("仍会发送", "sent anyway") };
    let p = RowProblem {
        row_no,
        column: column.to_string(),
        field: None,
        kind,
        reason_zh: format!("{why_zh}（{then_zh}）"),
        reason_en: format!("{why_en} ({then_en})"),
    };
    problems.push(p);
    skip.then(|| crate::model::skipped_reason(&why_zh, &why_en))
}

fn summary(p: &RowProblem, count: usize) -> String {
    let more = if count > 1 { format!(" (+{})", count - 1) } else { String::new() };
    format!("{} / {}{more}", p.reason_zh, p.reason_en)
}

/// Values Excel shows when a formula fails; they pass most keyword rules but must never be
/// sent to thousands of people.
fn is_spreadsheet_error(value: &str) -> bool {
    const ERRORS: [&str; 10] = [
        "#N/A",
        "#VALUE!",
        "#REF!",
        "#DIV/0!",
        "#NUM!",
        "#NAME?",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
    ];
    ERRORS.iter().any(|e| value.eq_ignore_ascii_case(e))
}

/// A value quoted in a message: invisible and look-alike characters shown (see [`visible`]),
/// cut at 40 characters.
fn shorten(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    let more = if text.chars().count() > 40 { "…" } else { "" };
    format!("{}{more}", visible(&cut))
}

/// Text the way Excel shows a long number in a CSV it saved (`1.23457E+25`): a numeric openid
/// whose digits are gone, even though the file is text now.
fn looks_like_excel_number(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['E', 'e']) else { return false };
    // Excel always signs the exponent; `12e34` could be typed on purpose.
    let Some(exponent) = exponent.strip_prefix(['+', '-']) else { return false };
    let digits = mantissa.strip_prefix('-').unwrap_or(mantissa);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}
