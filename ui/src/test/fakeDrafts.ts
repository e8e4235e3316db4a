import { fillPlaceholders, placeholdersIn } from "../features/compose/text";
import type {
  AudienceSource,
  CampaignPlan,
  Draft,
  DraftCreation,
  DraftInput,
  DraftSettings,
  DraftSource,
  EncodingCandidate,
  Keyword,
  PreviewRow,
  RowProblem,
  SourceFormat,
  TextEncoding,
} from "../bindings";

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
  } else {
    table = pastedTable(source.text);
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
 * A stand-in for the core's validation of every draft row: maps columns by key or label
 * (when the settings have no mapping), fills placeholders, and flags bad openids, empty values
 * and duplicates. Rows are numbered as the spreadsheet shows them: the header is row 1.
 */
export function fakePlan(draft: FakeDraft, keywords: readonly Keyword[]): CampaignPlan {
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
    placeholderColumns: {},
    unmapped: [],
  };
  const problems: RowProblem[] = [];
  const preview: PreviewRow[] = [];
  const seen = new Set<string>();
  let valid = 0;
  let duplicates = 0;
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
      }
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
    const duplicate = rowProblems.length === 0 && seen.has(openid);
    if (duplicate) duplicates += 1;
    const skip = rowProblems.length > 0 || (duplicate && settings.options.skipDuplicates !== false);
    if (!skip) valid += 1;
    seen.add(openid);
    problems.push(...rowProblems);
    if (preview.length < 20) {
      preview.push({
        rowNo,
        openid,
        data,
        page,
        state: skip ? "skipped" : "pending",
        reason: rowProblems[0]?.reasonZh ?? (duplicate ? "重复的 openid" : null),
      });
    }
  });
  const invalid = new Set(problems.map((p) => p.rowNo)).size;
  return {
    draftId: draft.id,
    headers: [...headers],
    mapping,
    report: {
      totalRows: draft.rows.length,
      valid,
      invalid,
      duplicates,
      unsubscribedFlagged: 0,
      problemsTotal: problems.length,
      problems,
      preview,
    },
    estimatedSeconds: Math.ceil(valid / Math.max(1, settings.rate)),
  };
}
