import type { AppError, GrantState, LedgerEntry, LogEntry, RefusalDay, SyncedTemplate, TemplateLedger } from "../bindings";
import { cannotOpen, ledgerLine, notFound } from "./coreErrors";
import type { StoredPush } from "./fakePushIntake";
import type { FakeGrantBook } from "./fakeSuppression";

/**
 * The subscription ledger as the core counts it (`ledger.rs`, `store/ledger.rs`,
 * `desk/ledger.rs`), for the fake backends. Each function names the Rust it mirrors; change
 * them together.
 */

/** A balance imported from the company's own count (`ledger_counts`). */
export type LedgerCount = { openid: string; templateId: string; count: number; setAt: number };

/** What the fake store holds for the ledger (a part of `FakeBackend`). */
export type LedgerState = {
  accounts: readonly { id: number }[];
  templates: Record<number, readonly SyncedTemplate[]>;
  logEntries: readonly LogEntry[];
  /** Every push taken in, by account id: the popups and changes move balances. */
  pushEvents: Record<number, StoredPush[]>;
  /** Imported balances by account id. */
  ledgerCounts: Record<number, LedgerCount[]>;
  /** What `import_ledger` reads at a path (the CSV's text); a path not listed does not exist. */
  ledgerFiles: Record<string, string>;
};

/** `ledger::LONG_TERM_KIND`: sending does not consume a long-term subscription. */
const LONG_TERM_KIND = 3;
/** `store/ledger.rs` `REFUSAL_DAYS`. */
const REFUSAL_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** `desk/ledger.rs` `LEDGER_COLUMNS`. */
const LEDGER_COLUMNS = ["openid", "template_id", "count"];
/** `audience::looks_like_openid`. */
const LOOKS_LIKE_OPENID = /^[A-Za-z0-9_-]{20,40}$/;
const U32_MAX = 4_294_967_295;

/** `ledger::Step`, in its `Ord` order: at one instant an import or an accept comes before the send it allowed. */
type Step = { kind: "set"; count: number } | { kind: "accept" } | { kind: "reject" } | { kind: "sent" } | { kind: "refused" };
const STEP_ORDER: Record<Step["kind"], number> = { set: 0, accept: 1, reject: 2, sent: 3, refused: 4 };

type Balance = { grants: number; known: boolean; accepted: number; consumed: number; updatedAt: number | null };

/** `ledger::fold`: the steps in time order into a balance. */
export function fold(steps: [number, Step][], longTerm: boolean): Balance {
  const sorted = [...steps].sort(([a, x], [b, y]) => a - b || STEP_ORDER[x.kind] - STEP_ORDER[y.kind] || (x.kind === "set" && y.kind === "set" ? x.count - y.count : 0));
  const b: Balance = { grants: 0, known: false, accepted: 0, consumed: 0, updatedAt: null };
  for (const [at, step] of sorted) {
    switch (step.kind) {
      case "set":
        b.grants = step.count;
        b.known = true;
        break;
      case "accept":
        b.accepted += 1;
        b.grants = longTerm ? 1 : b.grants + 1;
        b.known = true;
        break;
      case "reject":
      case "refused":
        b.grants = 0;
        b.known = true;
        break;
      case "sent":
        // Long-term grants are not used up; a send no counted grant explains used one the ledger never saw.
        if (longTerm || b.grants === 0) continue;
        b.grants -= 1;
        b.consumed += 1;
        break;
    }
    b.updatedAt = at;
  }
  return b;
}

/** `Balance::state`. */
function stateOf(b: Balance): GrantState {
  if (!b.known) return "no_data";
  return b.grants === 0 ? "no_grant" : "granted";
}

/** `Store::template_is_long_term`: a template no longer synced counts as one-time. */
function isLongTerm(state: LedgerState, accountId: number, templateId: string): boolean {
  return (state.templates[accountId] ?? []).find((tpl) => tpl.templateId === templateId)?.kind === LONG_TERM_KIND;
}

const isSubscription = (push: StoredPush) => push.kind === "popup_accept" || push.kind === "popup_reject" || push.kind === "change_reject";

/** `Store::ledger_balance`: popups and changes, an imported count, and the account's sends of the template to the user. */
function balance(state: LedgerState, accountId: number, templateId: string, openid: string, longTerm: boolean): Balance {
  const steps: [number, Step][] = [];
  for (const push of state.pushEvents[accountId] ?? []) {
    if (!isSubscription(push) || push.templateId !== templateId || push.openid !== openid) continue;
    steps.push([push.createdAt, { kind: push.kind === "popup_accept" ? "accept" : "reject" }]);
  }
  const set = (state.ledgerCounts[accountId] ?? []).find((c) => c.templateId === templateId && c.openid === openid);
  if (set) steps.push([set.setAt, { kind: "set", count: set.count }]);
  for (const e of state.logEntries) {
    if (e.accountId !== accountId || e.templateId !== templateId || e.openid !== openid) continue;
    if (e.status === "sent") steps.push([e.startedAt, { kind: "sent" }]);
    else if (e.status === "not_subscribed") steps.push([e.startedAt, { kind: "refused" }]);
  }
  return fold(steps, longTerm);
}

/**
 * `Store::ledger_entries`: the users and templates the ledger knows (a popup or change, or an
 * imported count), narrowed to a template and/or a user, by template then openid, at most `limit`.
 */
export function ledgerEntries(
  state: LedgerState,
  accountId: number,
  templateId: string | null,
  openid: string | null,
  limit: number,
): LedgerEntry[] {
  const keys = new Set<string>();
  const wanted = (t: string | null, o: string) => (templateId === null || t === templateId) && (openid === null || o === openid);
  for (const push of state.pushEvents[accountId] ?? []) {
    if (isSubscription(push) && push.templateId !== null && wanted(push.templateId, push.openid)) keys.add(JSON.stringify([push.templateId, push.openid]));
  }
  for (const c of state.ledgerCounts[accountId] ?? []) if (wanted(c.templateId, c.openid)) keys.add(JSON.stringify([c.templateId, c.openid]));
  const pairs = [...keys].map((key) => JSON.parse(key) as [string, string]).sort(([t1, o1], [t2, o2]) => (t1 < t2 ? -1 : t1 > t2 ? 1 : o1 < o2 ? -1 : o1 > o2 ? 1 : 0));
  return pairs.slice(0, limit).map(([template, user]) => {
    const b = balance(state, accountId, template, user, isLongTerm(state, accountId, template));
    return { openid: user, templateId: template, grants: b.grants, state: stateOf(b), accepted: b.accepted, consumed: b.consumed, updatedAt: b.updatedAt };
  });
}

/** Local midnight of the day `ms` falls on (`sendlog::local_midnight`). */
function localMidnight(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** `store/ledger.rs` `refusal_days`: the last 30 days' attempts of the template by day, test sends and those in flight aside. */
function refusalDays(state: LedgerState, accountId: number, templateId: string, now: number): RefusalDay[] {
  const since = now - REFUSAL_DAYS * DAY_MS;
  const days = new Map<number, RefusalDay>();
  for (const e of state.logEntries) {
    if (e.accountId !== accountId || e.templateId !== templateId || e.startedAt < since || e.campaignKind === "test") continue;
    if (e.status === "sending" || e.status === "retry") continue;
    const day = localMidnight(e.startedAt);
    const d = days.get(day) ?? { day, attempts: 0, refused: 0 };
    d.attempts += 1;
    if (e.status === "not_subscribed") d.refused += 1;
    days.set(day, d);
  }
  return [...days.values()].sort((a, b) => a.day - b.day);
}

/** `Store::ledger_templates`: every template the ledger knows, by id, with totals and its 43101 days. */
export function ledgerTemplates(state: LedgerState, accountId: number, now = Date.now()): TemplateLedger[] {
  const byTemplate = new Map<string, TemplateLedger>();
  for (const e of ledgerEntries(state, accountId, null, null, Number.MAX_SAFE_INTEGER)) {
    const t = byTemplate.get(e.templateId) ?? {
      templateId: e.templateId,
      title: (state.templates[accountId] ?? []).find((tpl) => tpl.templateId === e.templateId)?.title ?? null,
      longTerm: isLongTerm(state, accountId, e.templateId),
      usersWithGrants: 0,
      grantsOutstanding: 0,
      usersKnown: 0,
      accepted: 0,
      consumed: 0,
      refusals: refusalDays(state, accountId, e.templateId, now),
    };
    t.usersKnown += 1;
    if (e.grants > 0) t.usersWithGrants += 1;
    t.grantsOutstanding += e.grants;
    t.accepted += e.accepted;
    t.consumed += e.consumed;
    byTemplate.set(e.templateId, t);
  }
  return [...byTemplate.values()];
}

/**
 * `desk/drafts.rs` `prepare` with `Store::grant_book`: what the ledger knows of the template's
 * users; none when it knows nobody, unless only granted rows are asked for (then nobody is).
 */
export function grantBook(state: LedgerState, accountId: number, templateId: string, onlyGranted: boolean): FakeGrantBook | null {
  const entries = ledgerEntries(state, accountId, templateId, null, Number.MAX_SAFE_INTEGER);
  if (entries.length === 0) return onlyGranted ? { granted: new Set(), noGrant: new Set() } : null;
  return {
    granted: new Set(entries.filter((e) => e.state === "granted").map((e) => e.openid)),
    noGrant: new Set(entries.filter((e) => e.state === "no_grant").map((e) => e.openid)),
  };
}

/** `desk/ledger.rs` `read_ledger_csv`: every row checked before any is stored (plain commas; no quoted cells in the fake). */
function readLedgerCsv(text: string): { openid: string; templateId: string; count: number }[] | AppError {
  const lines = text.split(/\r?\n/);
  const headers = (lines[0] ?? "").split(",").map((h) => h.trim().replace(/^\uFEFF/, "").toLowerCase());
  if (headers.join(",") !== LEDGER_COLUMNS.join(",")) {
    return ledgerLine(1, `the columns must be ${LEDGER_COLUMNS.join(",")}`, `列必须是 ${LEDGER_COLUMNS.join(",")}`);
  }
  const rows: { openid: string; templateId: string; count: number }[] = [];
  for (const [i, raw] of lines.slice(1).entries()) {
    const line = i + 2;
    const [openid = "", templateId = "", count = ""] = raw.split(",").map((cell) => cell.trim());
    if (openid === "" && templateId === "" && count === "") continue;
    if (!LOOKS_LIKE_OPENID.test(openid)) return ledgerLine(line, `"${openid}" is not an openid`, `“${openid}”不是 openid`);
    if (templateId === "") return ledgerLine(line, "the template_id is empty", "template_id 是空的");
    if (!/^\d+$/.test(count) || Number(count) > U32_MAX) {
      return ledgerLine(line, `the count "${count}" is not a whole number ≥ 0`, `次数“${count}”不是大于等于 0 的整数`);
    }
    rows.push({ openid, templateId, count: Number(count) });
  }
  return rows;
}

/** `Desk::import_ledger`: the file read and checked whole, then the balances set from now on. */
export function importLedger(state: LedgerState, accountId: number, path: string, now = Date.now()): number | AppError {
  const text = state.ledgerFiles[path];
  if (text === undefined) return cannotOpen(path);
  const rows = readLedgerCsv(text);
  if (!Array.isArray(rows)) return rows;
  if (!state.accounts.some((account) => account.id === accountId)) return notFound("account", accountId);
  const counts = (state.ledgerCounts[accountId] ??= []);
  for (const row of rows) {
    const at = counts.findIndex((c) => c.openid === row.openid && c.templateId === row.templateId);
    const set: LedgerCount = { ...row, setAt: now };
    if (at >= 0) counts[at] = set;
    else counts.push(set);
  }
  return rows.length;
}

