import { fillPlaceholders, placeholdersIn } from "../features/compose/text";
import type {
  AudienceOptions,
  AudienceSource,
  CampaignPlan,
  Draft,
  DraftCreation,
  DraftInput,
  DraftRowPreview,
  DraftSettings,
  DraftSource,
  EncodingCandidate,
  GrantCounts,
  Keyword,
  PreviewRow,
  RowProblem,
  SourceFormat,
  TextEncoding,
} from "../bindings";
import { NO_HISTORY, audienceOptions, capWhy, type FakeHistory } from "./fakeSuppression";
import { displayLimitProblems } from "./fakeOfficial";

/** What a file (or a paste) reads as: its shape and every data row. */
export type FakeTable = {
  format: SourceFormat;
  encoding: TextEncoding | null;
  delimiter: string | null;
  headers: string[];
  rows: string[][];
};

/** A file whose encoding is uncertain: `create_draft` asks, then reads it the chosen way. */
export type AmbiguousFile = {
  candidates: EncodingCandidate[];
  read: (encoding: TextEncoding) => FakeTable;
};

export type FakeFile = FakeTable | AmbiguousFile;

/** A draft as the fake store keeps it: every row, as the core keeps them in `draft_rows`. */
export type FakeDraft = {
  id: number;
  accountId: number;
  source: DraftSource;
  headers: string[];
  rows: string[][];
  settings: DraftSettings;
};

const FAKE_OPENID = /^[A-Za-z0-9_-]{20,40}$/;
const SAMPLE_ROWS = 5;

/** Any file the test did not describe: a small UTF-8 CSV of openid and name. */
export const DEFAULT_FILE: FakeTable = {
  format: "csv",
  encoding: "utf8",
  delimiter: ",",
  headers: ["openid", "name"],
  rows: [["oPtYgjmUhBel31iEl2hpChYgCfrL", "张三"]],
};

/** Splits pasted text into rows (comma, tab or semicolon). */
function splitRows(text: string): string[][] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const delimiter = [",", "\t", ";"].find((d) => lines[0]?.includes(d));
  return lines.map((line) => (delimiter ? line.split(delimiter) : [line]).map((cell) => cell.trim()));
}

/** A paste: a first row mentioning `openid` is the header, else one openid a line. */
export function pastedTable(text: string): FakeTable {
  const rows = splitRows(text);
  const hasHeader = rows[0]?.some((cell) => cell.toLowerCase() === "openid") ?? false;
  return {
    format: "paste",
    encoding: null,
    delimiter: (rows[0]?.length ?? 0) > 1 ? "," : null,
    headers: hasHeader ? (rows[0] ?? []) : ["openid"],
    rows: hasHeader ? rows.slice(1) : rows,
  };
}

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/**
 * `create_draft`: reads the source once. A file whose encoding is uncertain is not read
 * unless the input names an encoding: the candidates come back instead, as the core does.
 */
export function readIntoDraft(
  input: DraftInput,
  files: Record<string, FakeFile>,
  id: number,
): { creation: DraftCreation; stored: FakeDraft | null } {
  let table: FakeTable;
  const source: AudienceSource = input.source;
  if (source.kind === "file") {
    const file = files[source.path] ?? DEFAULT_FILE;
    if ("candidates" in file) {
      if (input.encoding === null) {
        return { creation: { kind: "needs_encoding", file: fileName(source.path), candidates: file.candidates }, stored: null };
      }
      table = file.read(input.encoding);
    } else {
      table = file;
    }
  } else if (source.kind === "paste") {
    table = pastedTable(source.text);
  } else {
    // Followers are fetched page by page, with progress events: `createFollowersDraft` (fakeFollowers).
    throw new Error("followers are read by createFollowersDraft");
  }
  const stored: FakeDraft = {
    id,
    accountId: input.accountId,
    source: {
      name: source.kind === "file" ? fileName(source.path) : "paste",
      path: source.kind === "file" ? source.path : null,
      format: table.format,
      encoding: table.encoding,
      delimiter: table.delimiter,
    },
    headers: [...table.headers],
    rows: table.rows.map((row) => [...row]),
    settings: structuredClone(input.settings),
  };
  return { creation: { kind: "created", draft: draftView(stored) }, stored };
}

/** A draft as `get_draft` answers it: the first rows, numbered as the spreadsheet shows them. */
export function draftView(stored: FakeDraft): Draft {
  return {
    id: stored.id,
    accountId: stored.accountId,
    source: { ...stored.source },
    headers: [...stored.headers],
    rowCount: stored.rows.length,
    sampleRows: stored.rows.slice(0, SAMPLE_ROWS).map((cells, index) => ({ rowNo: index + 2, cells: [...cells], numberColumns: [] })),
    settings: structuredClone(stored.settings),
  };
}

/**
 * A stand-in for the core's validation of every draft row: maps columns by key or label and
 * placeholders by name (when the settings have no mapping, as `auto_map`), fills placeholders,
 * and finds bad openids and empty values; a row without those is flagged as the core's
 * `AudienceBuilder::flag` does (see `flagRow`) against `history`. Rows are numbered as the
 * spreadsheet shows them: the header is row 1.
 */
export function fakePlan(draft: FakeDraft, keywords: readonly Keyword[], history: FakeHistory = NO_HISTORY): CampaignPlan {
  return validateRows(draft, keywords, history, () => {});
}

/**
 * `preview_draft_row`: the row as the same validation as `fakePlan` sees it (the core's
 * `preview_draft_row` runs `validate` and keeps the row asked for): rendered, with every problem
 * that makes it unsendable (none for a row that can be sent or is only flagged). Null when the
 * list has no such row (the core's `NotFound { DraftRow }`).
 */
export function fakeDraftRow(
  draft: FakeDraft,
  keywords: readonly Keyword[],
  history: FakeHistory,
  rowNo: number,
): DraftRowPreview | null {
  let found: DraftRowPreview | null = null;
  validateRows(draft, keywords, history, (row, invalid) => {
    if (row.rowNo === rowNo && found === null) found = { row, problems: invalid.map((p) => ({ ...p })) };
  });
  return found;
}

/** `fakePlan`, telling `eachRow` every row rendered and the problems that make it unsendable. */
function validateRows(
  draft: FakeDraft,
  keywords: readonly Keyword[],
  history: FakeHistory,
  eachRow: (row: PreviewRow, invalid: readonly RowProblem[]) => void,
): CampaignPlan {
  const { headers, settings } = draft;
  const values = settings.message.values;
  const find = (name: string) => headers.findIndex((h) => h.trim().toLowerCase() === name.trim().toLowerCase());
  const mapping = settings.mapping ?? {
    openidColumn: Math.max(0, find("openid")),
    keywordColumns: Object.fromEntries(
      keywords.flatMap((k) => {
        const col = find(k.key) >= 0 ? find(k.key) : find(k.label);
        return col >= 0 && !values[k.key] ? [[k.key, col] as const] : [];
      }),
    ),
    // `auto_map`: each placeholder of the typed values and of the page, to the column of its name.
    placeholderColumns: Object.fromEntries(
      [...Object.values(values), settings.message.page ?? ""].flatMap((text) =>
        placeholdersIn(text).flatMap((name) => (find(name) >= 0 ? [[name, find(name)] as const] : [])),
      ),
    ),
    unmapped: [],
  };
  const problems: RowProblem[] = [];
  const preview: PreviewRow[] = [];
  const flags: FlagCounts = { seen: new Map(), duplicates: 0, suppressed: 0, frequencyCapped: 0, recentlySent: 0, unsubscribed: 0, noGrant: 0, grants: null };
  const options = audienceOptions(settings.options);
  const openidColumn = headers[mapping.openidColumn] ?? "openid";
  let valid = 0;
  let invalid = 0;
  draft.rows.forEach((row, index) => {
    const rowNo = index + 2;
    const openid = (row[mapping.openidColumn] ?? "").trim();
    const rowProblems: RowProblem[] = [];
    if (!FAKE_OPENID.test(openid)) {
      rowProblems.push({
        rowNo,
        column: headers[mapping.openidColumn] ?? "openid",
        field: null,
        kind: "invalid_openid",
        reasonZh: "openid 格式不对",
        reasonEn: "not an openid",
      });
    }
    const data: Record<string, string> = {};
    for (const keyword of keywords) {
      const col = mapping.keywordColumns[keyword.key];
      const value =
        col !== undefined
          ? (row[col] ?? "")
          : (values[keyword.key] ?? "").replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_, name: string) => {
              const pc = mapping.placeholderColumns[name];
              return pc === undefined ? "" : (row[pc] ?? "");
            });
      data[keyword.key] = value;
      if (value.trim() === "") {
        rowProblems.push({
          rowNo,
          column: col !== undefined ? (headers[col] ?? keyword.label) : keyword.label,
          field: keyword.key,
          kind: "missing_value",
          reasonZh: `「${keyword.label}」没有值`,
          reasonEn: `“${keyword.label}” has no value`,
        });
      } else rowProblems.push(...displayLimitProblems(rowNo, col !== undefined ? (headers[col] ?? keyword.label) : keyword.label, keyword, value));
    }
    // The core's per-row page (`template/page.rs`): filled from the placeholders' columns.
    const pageTemplate = settings.message.page ?? "";
    let page: string | null = null;
    const used = placeholdersIn(pageTemplate);
    if (used.length > 0) {
      const filled: Record<string, string> = {};
      for (const name of used) {
        const pc = mapping.placeholderColumns[name];
        const value = pc === undefined ? "" : (row[pc] ?? "").trim();
        if (value === "" || /[&=?#\s]/.test(value)) {
          rowProblems.push({
            rowNo,
            column: pc === undefined ? name : (headers[pc] ?? name),
            field: null,
            kind: "invalid_page",
            reasonZh: `页面路径用到的 {{${name}}} 的值不能用`,
            reasonEn: `the value of {{${name}}} cannot go in the page`,
          });
        }
        filled[name] = value;
      }
      page = fillPlaceholders(pageTemplate, filled);
    }
    // Only a row that is otherwise valid is checked against the others and the history.
    const rowInvalid = rowProblems.length > 0;
    const first = rowProblems[0];
    const skipReason = rowInvalid ? null : flagRow(flags, options, history, rowNo, openid, openidColumn, rowProblems);
    const reason = first && rowInvalid ? summary(first, rowProblems.length) : skipReason;
    if (rowInvalid) invalid += 1;
    else if (reason === null) valid += 1;
    problems.push(...rowProblems);
    const rendered: PreviewRow = { rowNo, openid, data, page, state: reason === null ? "pending" : "skipped", reason };
    if (preview.length < 20) preview.push(rendered);
    eachRow({ ...rendered, data: { ...data } }, rowInvalid ? rowProblems : []);
  });
  return {
    draftId: draft.id,
    headers: [...headers],
    mapping,
    report: {
      totalRows: draft.rows.length,
      valid,
      invalid,
      duplicates: flags.duplicates,
      unsubscribedFlagged: flags.unsubscribed,
      recentlySent: flags.recentlySent,
      suppressed: flags.suppressed,
      frequencyCapped: flags.frequencyCapped,
      noGrant: flags.noGrant,
      grants: flags.grants,
      problemsTotal: problems.length,
      problems,
      preview,
    },
    estimatedSeconds: Math.ceil(valid / Math.max(1, settings.rate)),
  };
}

/** The flags counted so far, and each valid openid's first row (the core's `seen`). */
type FlagCounts = {
  seen: Map<string, number>;
  duplicates: number;
  suppressed: number;
  frequencyCapped: number;
  recentlySent: number;
  unsubscribed: number;
  /** Rows skipped because the ledger knows no grant for them (`only_granted`). */
  noGrant: number;
  /** The rows that reached the ledger check, by grant state; null while the ledger knows nobody. */
  grants: GrantCounts | null;
};

/**
 * `AudienceBuilder::flag` (`audience/validate.rs`), for a row that is otherwise valid, in the
 * core's order: a duplicate (stops here when skipped), on the suppression list (always skipped),
 * at the account's frequency cap (always skipped), sent the template lately (stops here when
 * skipped), no grant left in the ledger (counted when the ledger knows the template, skipped
 * when only granted rows are asked for), unsubscribed before. Returns why the row is skipped, or null when it is sent.
 */
function flagRow(
  flags: FlagCounts,
  options: Required<AudienceOptions>,
  history: FakeHistory,
  rowNo: number,
  openid: string,
  column: string,
  problems: RowProblem[],
): string | null {
  const push = (kind: RowProblem["kind"], skip: boolean, whyZh: string, whyEn: string) => {
    const problem: RowProblem = {
      rowNo,
      column,
      field: null,
      kind,
      reasonZh: `${whyZh}（${skip ? "已跳过" : "仍会发送"}）`,
      reasonEn: `${whyEn} (${skip ? "skipped" : "sent anyway"})`,
    };
    problems.push(problem);
    return skip ? summary(problem, 1) : null;
  };
  const first = flags.seen.get(openid);
  if (first !== undefined) {
    flags.duplicates += 1;
    const reason = push("duplicate", options.skipDuplicates, `与第 ${first} 行的 openid 重复`, `same openid as row ${first}`);
    if (reason !== null) return reason;
  } else {
    flags.seen.set(openid, rowNo);
  }
  if (history.suppressed.has(openid)) {
    flags.suppressed += 1;
    return push("suppressed", true, "该用户在免打扰名单中", "this user is on the suppression list");
  }
  if (history.cap?.capped.has(openid)) {
    flags.frequencyCapped += 1;
    return push("frequency_capped", true, ...capWhy(history.cap.cap));
  }
  if (history.recentlySent.has(openid)) {
    flags.recentlySent += 1;
    const days = options.recentDays;
    const reason = push("recently_sent", options.skipRecent, `最近 ${days} 天内已给该用户发过这个模板，或未完成的任务中有他`, `this template went to this user in the last ${days} days, or an unfinished campaign includes them`);
    if (reason !== null) return reason;
  }
  if (history.grants) {
    const state = history.grants.granted.has(openid) ? "granted" : history.grants.noGrant.has(openid) ? "noGrant" : "noData";
    flags.grants ??= { granted: 0, noGrant: 0, noData: 0 };
    flags.grants[state] += 1;
    if (options.onlyGranted && state !== "granted") {
      flags.noGrant += 1;
      return state === "noGrant"
        ? push("no_grant", true, "订阅台账显示该用户的这个模板已没有订阅次数", "the subscription ledger shows no grant left for this template")
        : push("no_grant", true, "订阅台账中没有该用户这个模板的记录", "the subscription ledger has no record of this user for this template");
    }
  }
  if (history.unsubscribed.has(openid)) {
    flags.unsubscribed += 1;
    return history.channel === "template_message"
      ? push("unsubscribed", options.skipUnsubscribed, "该用户此前未关注或已拉黑公众号（43004 / 43019）", "this user was not following or had blocked the account before (43004 / 43019)")
      : push("unsubscribed", options.skipUnsubscribed, "该用户此前已无订阅次数（43101）", "this user had no subscription left before (43101)");
  }
  return null;
}

/** A skipped row's reason, both languages (`validate.rs` `summary`). */
function summary(problem: RowProblem, count: number): string {
  return `${problem.reasonZh} / ${problem.reasonEn}${count > 1 ? ` (+${count - 1})` : ""}`;
}
