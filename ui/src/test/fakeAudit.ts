/**
 * The audit trail's commands of the fake backend (`src-tauri/src/commands/audit.rs`), answered
 * as the core would: `store/audit.rs` `audit_page` for the pages, `export/audit.rs` and
 * `files.rs` `check_write_target` for the export. Change them together.
 */
import type { AppError, AuditEntry, AuditFilter, AuditPage, Language } from "../bindings";
import { AUDIT_ACTIONS } from "../features/audit/model";
import { appError, fileExists } from "./coreErrors";

/** `desk/audit.rs` `AUDIT_PAGE_SIZE`: entries a page of the trail holds. */
export const AUDIT_PAGE_SIZE = 100;

/** What `default_audit_export_path` suggests (the core names it by the time: `pushdesk-audit-%Y%m%d-%H%M.csv`). */
export const DEFAULT_AUDIT_EXPORT_PATH = "/home/test/Downloads/pushdesk-audit-20260302-0930.csv";

/** The fake backend's audit trail. */
export type AuditFields = {
  /** The trail (`audit_trail`, `export_audit`), any order; ids are unique, as the table's rowid. */
  auditEntries: AuditEntry[];
};

/** An empty trail. */
export function noAudit(): AuditFields {
  return { auditEntries: [] };
}

/** What the audit commands need of the fake backend. */
type AuditState = AuditFields & {
  /** Files that exist: an export refuses them with `file_exists` unless `overwrite`; a written one is added. */
  existingFiles: string[];
};

/**
 * Tauri refuses a call whose arguments do not deserialise (an unknown action, a fraction where
 * an i64 goes) with a plain string, before any command runs.
 */
function invalidArgs(cmd: string, arg: string, why: string): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  return Promise.reject(`invalid args \`${arg}\` for command \`${cmd}\`: ${why}`);
}

const isI64 = (value: unknown) => typeof value === "number" && Number.isSafeInteger(value);

/** Why `filter` would not deserialise into the core's `AuditFilter` (every field has a default), if it would not. */
function filterProblem(filter: AuditFilter | undefined): string | null {
  if (typeof filter !== "object" || filter === null) return "expected struct AuditFilter";
  for (const key of ["fromMs", "toMs"] as const) {
    const value = filter[key];
    if (value != null && !isI64(value)) return `invalid type for ${key}: expected i64`;
  }
  const unknown = (filter.actions ?? []).find((action) => !AUDIT_ACTIONS.includes(action));
  if (unknown !== undefined) return `unknown variant \`${String(unknown)}\``;
  if (filter.actor != null && typeof filter.actor !== "string") return "invalid type for actor: expected a string";
  return null;
}

/** `audit_page`'s WHERE: `[fromMs, toMs)` on `at`, any of `actions` (all when empty), exactly `actor` (everyone when empty). */
export function matchesAuditFilter(entry: AuditEntry, filter: AuditFilter): boolean {
  const actions = filter.actions ?? [];
  const actor = filter.actor ?? "";
  return (
    (filter.fromMs == null || entry.at >= filter.fromMs) &&
    (filter.toMs == null || entry.at < filter.toMs) &&
    (actions.length === 0 || actions.includes(entry.action)) &&
    (actor === "" || entry.actor === actor)
  );
}

/**
 * `audit_page`: up to `limit` entries of `filter` with an id below `before`, by id descending
 * (the order they were added, not `at`); `next` is the last one's id when more follow.
 */
export function auditPage(entries: readonly AuditEntry[], filter: AuditFilter, before: number | null, limit = AUDIT_PAGE_SIZE): AuditPage {
  const rows = entries
    .filter((e) => (before === null || e.id < before) && matchesAuditFilter(e, filter))
    .sort((a, b) => b.id - a.id);
  const page = rows.slice(0, limit).map((e) => structuredClone(e));
  const last = page[page.length - 1];
  return { entries: page, next: rows.length > limit && last ? last.id : null };
}

/**
 * Rust's `Path::file_name` on Unix: the last component, trailing `/` and `.` ignored; none for
 * `..`, `/` or an empty path (`/home/test/` names `test`, a folder the core then refuses).
 */
function fileName(path: string): string | null {
  const last = path.split("/").filter((part) => part !== "" && part !== ".").pop();
  return last === undefined || last === ".." ? null : last;
}

/** `files.rs` `check_write_target`, the part a fake without folders can check. */
function writeTargetProblem(state: AuditState, path: string, overwrite: boolean): AppError | null {
  if (fileName(path) === null) {
    const quoted = JSON.stringify(path);
    return appError("invalid_input", { en: `${quoted} is not a file name`, zh: `「${path}」不是文件名` });
  }
  // `export::export_audit`: only a .csv file, whatever the dialog offered.
  if (!/\.csv$/i.test(path)) {
    return appError("invalid_input", { en: `${path}: the audit trail is exported as a .csv file`, zh: `${path}：操作记录只能导出为 .csv 文件` });
  }
  if (state.existingFiles.includes(path) && !overwrite) return fileExists(path);
  return null;
}

/** `export_audit`: every entry of `filter` (all pages) written to `path`; the file then exists. */
export function exportAudit(state: AuditState, filter: AuditFilter, path: string, overwrite: boolean): number | AppError {
  const refused = writeTargetProblem(state, path, overwrite);
  if (refused) return refused;
  const rows = state.auditEntries.filter((e) => matchesAuditFilter(e, filter)).length;
  if (!state.existingFiles.includes(path)) state.existingFiles.push(path);
  return rows;
}

/**
 * The commands of `commands/audit.rs`: the answer, which may be an error, or `undefined` for a
 * command that is not one of them.
 */
export function auditCommand(state: AuditState, cmd: string, args: unknown): { result: unknown } | undefined {
  switch (cmd) {
    case "audit_trail": {
      const { filter, before } = args as { filter: AuditFilter; before: number | null };
      const problem = filterProblem(filter);
      if (problem) return { result: invalidArgs(cmd, "filter", problem) };
      if (before != null && !isI64(before)) return { result: invalidArgs(cmd, "before", "expected i64") };
      return { result: auditPage(state.auditEntries, filter, before ?? null) };
    }
    case "default_audit_export_path":
      return { result: DEFAULT_AUDIT_EXPORT_PATH };
    case "export_audit": {
      const { filter, path, lang, overwrite } = args as { filter: AuditFilter; path: string; lang: Language; overwrite: boolean | null };
      const problem = filterProblem(filter);
      if (problem) return { result: invalidArgs(cmd, "filter", problem) };
      if (lang !== "zh-CN" && lang !== "en") return { result: invalidArgs(cmd, "lang", `unknown variant \`${String(lang)}\``) };
      if (typeof path !== "string") return { result: invalidArgs(cmd, "path", "expected a string") };
      return { result: exportAudit(state, filter, path, overwrite === true) };
    }
    default:
      return undefined;
  }
}
