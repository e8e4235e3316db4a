import type { AppError, AudienceOptions, FrequencyCap, LogEntry, MessageChannel, SuppressedEntry, SuppressionAdded, SuppressionList } from "../bindings";
import { frequencyCapOutOfRange, noOpenidPasted, notFound } from "./coreErrors";

/**
 * The account's contact rules (the suppression list and the frequency cap) and the repeat-send
 * check as the core keeps them (`desk/contact_rules.rs`, `store/contact_rules.rs`,
 * `store/journal.rs`), for the fake backends. Each function names the
 * Rust it mirrors; change them together.
 */

/** What the fake store holds for these commands (a part of `FakeBackend`). */
export type SuppressionState = {
  accounts: readonly { id: number }[];
  /** The suppression list by account id, any order. */
  suppressed: Record<number, SuppressedEntry[]>;
  /** Accounts whose 43101 answers put the person on the list (`accounts.suppress_refusals`). */
  suppressRefusals: Record<number, boolean>;
  /** The frequency cap by account id; an account not listed has none (`accounts.cap_max`, `cap_days`). */
  frequencyCaps: Record<number, FrequencyCap>;
  /** Every attempt: what the repeat-send, unsubscribed and frequency cap checks read. */
  logEntries: readonly LogEntry[];
};

/** `desk::SUPPRESSION_PAGE`: entries shown at most in one page of the list. */
export const SUPPRESSION_PAGE = 500;
/** `audience::DEFAULT_RECENT_DAYS`. */
export const DEFAULT_RECENT_DAYS = 7;
/** `desk/drafts.rs` `MAX_RECENT_DAYS`. */
export const MAX_RECENT_DAYS = 365;
/** `FrequencyCap::MAX_MESSAGES`: a cap allows 1 to this many messages. */
export const MAX_CAP_MESSAGES = 100;
/** `FrequencyCap::MAX_DAYS`: a cap's window is 1 to this many days. */
export const MAX_CAP_DAYS = 30;
/** Who the fake is (the core's `Desk::user`, the OS user name). */
export const FAKE_USER = "tester";

const DAY_MS = 24 * 60 * 60 * 1000;
/** `audience::looks_like_openid`. */
const LOOKS_LIKE_OPENID = /^[A-Za-z0-9_-]{20,40}$/;

/** `desk/suppression.rs` `openids_in`: the openids of a paste, each once, in order; the other pieces apart. */
export function openidsIn(text: string): { openids: string[]; notOpenids: string[] } {
  const openids: string[] = [];
  const notOpenids: string[] = [];
  for (const raw of text.split(/[\s,;，；、]/u)) {
    const piece = raw.replace(/^["']+|["']+$/g, "");
    if (piece === "") continue;
    if (!LOOKS_LIKE_OPENID.test(piece)) notOpenids.push(piece);
    else if (!openids.includes(piece)) openids.push(piece);
  }
  return { openids, notOpenids };
}

function accountProblem(state: SuppressionState, accountId: number): AppError | null {
  return state.accounts.some((account) => account.id === accountId) ? null : notFound("account", accountId);
}

/** SQLite's LIKE: ASCII letters match either case, everything else exactly. */
const foldAscii = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** `store/suppression.rs` `suppression_list`: the newest entries whose openid or note contains `search`. */
export function suppressionList(state: SuppressionState, accountId: number, search: string): SuppressionList | AppError {
  const missing = accountProblem(state, accountId);
  if (missing) return missing;
  const all = state.suppressed[accountId] ?? [];
  const needle = foldAscii(search.trim());
  const matching = all
    .filter((e) => needle === "" || foldAscii(e.openid).includes(needle) || foldAscii(e.note).includes(needle))
    .sort((a, b) => b.addedAt - a.addedAt || (a.openid < b.openid ? -1 : a.openid > b.openid ? 1 : 0));
  return {
    total: all.length,
    entries: matching.slice(0, SUPPRESSION_PAGE).map((e) => ({ ...e })),
    matching: matching.length,
    suppressRefusals: state.suppressRefusals[accountId] ?? false,
  };
}

/** `Desk::suppress`: a paste without any openid is refused before anything else is looked at. */
export function suppress(state: SuppressionState, accountId: number, text: string, note: string, now = Date.now()): SuppressionAdded | AppError {
  const { openids, notOpenids } = openidsIn(text);
  if (openids.length === 0) return noOpenidPasted;
  const missing = accountProblem(state, accountId);
  if (missing) return missing;
  const list = (state.suppressed[accountId] ??= []);
  let added = 0;
  let already = 0;
  for (const openid of openids) {
    if (list.some((e) => e.openid === openid)) {
      already += 1;
    } else {
      list.push({ openid, source: "manual", note: note.trim(), addedBy: FAKE_USER, addedAt: now });
      added += 1;
    }
  }
  return { added, already, notOpenids };
}

/** `store/suppression.rs` `remove_suppressed`: how many of `openids` were on the list. */
export function unsuppress(state: SuppressionState, accountId: number, openids: readonly string[]): number | AppError {
  const missing = accountProblem(state, accountId);
  if (missing) return missing;
  let removed = 0;
  for (const openid of openids) {
    const list = state.suppressed[accountId] ?? [];
    const kept = list.filter((e) => e.openid !== openid);
    removed += list.length - kept.length;
    state.suppressed[accountId] = kept;
  }
  return removed;
}

/** `store/suppression.rs` `set_suppress_refusals`. */
export function setSuppressRefusals(state: SuppressionState, accountId: number, on: boolean): null | AppError {
  const missing = accountProblem(state, accountId);
  if (missing) return missing;
  state.suppressRefusals[accountId] = on;
  return null;
}

/** `store/suppression.rs` `is_suppressed`. */
export function isSuppressed(state: SuppressionState, accountId: number, openid: string): boolean {
  return (state.suppressed[accountId] ?? []).some((e) => e.openid === openid);
}

/**
 * `store/journal.rs` `apply_outcomes`: a 43101 puts the person on the list (source `refused`,
 * the template as the note, nobody as who) when the account asks for it; an entry already there
 * stays as it was. Any kind of send counts, test sends included.
 */
export function recordRefusal(state: SuppressionState, accountId: number, openid: string, templateId: string, now = Date.now()): void {
  if (!state.suppressRefusals[accountId] || isSuppressed(state, accountId, openid)) return;
  (state.suppressed[accountId] ??= []).push({ openid, source: "refused", note: templateId, addedBy: "", addedAt: now });
}

/** `store/contact_rules.rs` `frequency_cap`: the account's cap, or null. */
export function frequencyCap(state: SuppressionState, accountId: number): FrequencyCap | null | AppError {
  const missing = accountProblem(state, accountId);
  if (missing) return missing;
  const cap = state.frequencyCaps[accountId];
  return cap ? { ...cap } : null;
}

/**
 * `Desk::set_frequency_cap`: a cap out of bounds is refused before the account is looked at;
 * null removes the cap. (The core's `u32` fields cannot hold a fraction or a negative number:
 * Tauri refuses those arguments before the command runs. The fake refuses them as out of bounds.)
 */
export function setFrequencyCap(state: SuppressionState, accountId: number, cap: FrequencyCap | null): null | AppError {
  if (cap !== null) {
    const inBounds = (value: number, max: number) => Number.isInteger(value) && value >= 1 && value <= max;
    if (!inBounds(cap.maxMessages, MAX_CAP_MESSAGES) || !inBounds(cap.perDays, MAX_CAP_DAYS)) {
      return frequencyCapOutOfRange(MAX_CAP_MESSAGES, MAX_CAP_DAYS);
    }
  }
  const missing = accountProblem(state, accountId);
  if (missing) return missing;
  if (cap === null) delete state.frequencyCaps[accountId];
  else state.frequencyCaps[accountId] = { maxMessages: cap.maxMessages, perDays: cap.perDays };
  return null;
}

/**
 * `store/contact_rules.rs` `capped_openids`: the openids that already got `cap.maxMessages`
 * messages (`sent` or `unknown`) from the account within the `cap.perDays` days ending `now`,
 * every template and every kind of send counted except test sends.
 */
export function cappedOpenids(logEntries: readonly LogEntry[], accountId: number, cap: FrequencyCap, now = Date.now()): Set<string> {
  const since = now - cap.perDays * DAY_MS;
  const counts = new Map<string, number>();
  for (const e of logEntries) {
    if (e.accountId !== accountId || e.startedAt < since || e.campaignKind === "test") continue;
    if (e.status !== "sent" && e.status !== "unknown") continue;
    counts.set(e.openid, (counts.get(e.openid) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, count]) => count >= cap.maxMessages).map(([openid]) => openid));
}

/** `FrequencyCap::why`: why a row over the cap is not sent, in Chinese and English. */
export function capWhy({ maxMessages: n, perDays: d }: FrequencyCap): [zh: string, en: string] {
  return [`已达到频次上限：${d} 天内最多 ${n} 条`, `frequency cap reached: at most ${n} in ${d} days`];
}

/** `FrequencyCap::reason`: a skipped row's reason, in both languages. */
export function capReason(cap: FrequencyCap): string {
  const [zh, en] = capWhy(cap);
  return `${zh}（已跳过） / ${en} (skipped)`;
}

/** What a draft's rows are checked against besides themselves (`desk/drafts.rs` `prepare`). */
export type FakeHistory = {
  /** Openids that answered 43101 (43004 / 43019 for a template message) to this template (`unsubscribed_openids`). */
  unsubscribed: ReadonlySet<string>;
  /** Openids this template went to in the last `recentDays` days (`recent_recipients`). */
  recentlySent: ReadonlySet<string>;
  /** The account's suppression list (`suppressed_openids`). */
  suppressed: ReadonlySet<string>;
  /** The account's frequency cap and the openids that reached it (`capped_openids`); null without a cap. */
  cap: { cap: FrequencyCap; capped: ReadonlySet<string> } | null;
  /**
   * What the subscription ledger knows of the template's users (`grant_book`, built by
   * `fakeLedger`'s `grantBook`): every openid in neither set is "no data". Null or left out when
   * the ledger knows nobody and the options do not ask for granted rows only.
   */
  grants?: FakeGrantBook | null;
  /** The account's channel, for what a "not subscribed" answer meant; a subscribe message when left out. */
  channel?: MessageChannel;
};

/** `audience::GrantBook`: the openids of one template the ledger has a state for. */
export type FakeGrantBook = { granted: ReadonlySet<string>; noGrant: ReadonlySet<string> };

export const NO_HISTORY: FakeHistory = { unsubscribed: new Set(), recentlySent: new Set(), suppressed: new Set(), cap: null };

/** The options as the core reads them: a field left out takes its default (`AudienceOptions::default`). */
export function audienceOptions(options: AudienceOptions): Required<AudienceOptions> {
  return {
    skipDuplicates: options.skipDuplicates ?? true,
    skipUnsubscribed: options.skipUnsubscribed ?? false,
    skipRecent: options.skipRecent ?? true,
    recentDays: options.recentDays ?? DEFAULT_RECENT_DAYS,
    onlyGranted: options.onlyGranted ?? false,
  };
}

/**
 * `desk/drafts.rs` `prepare`, from the fake's own record of sends (`logEntries`): the
 * unsubscribed of the template (every 43101 ever, any kind of send), the openids the template
 * went to (`sent` or `unknown`, test sends aside) since `recentDays` days ago — none when it is
 * 0 — the suppression list, and the frequency cap with the openids that reached it.
 */
export function historyOf(
  state: SuppressionState,
  accountId: number,
  templateId: string,
  options: AudienceOptions,
  now = Date.now(),
): FakeHistory {
  const { recentDays } = audienceOptions(options);
  const since = now - recentDays * DAY_MS;
  const ofTemplate = state.logEntries.filter((e) => e.accountId === accountId && e.templateId === templateId);
  const cap = state.frequencyCaps[accountId];
  return {
    unsubscribed: new Set(ofTemplate.filter((e) => e.status === "not_subscribed").map((e) => e.openid)),
    recentlySent: new Set(
      recentDays === 0
        ? []
        : ofTemplate
            .filter((e) => e.startedAt >= since && (e.status === "sent" || e.status === "unknown") && e.campaignKind !== "test")
            .map((e) => e.openid),
    ),
    suppressed: new Set((state.suppressed[accountId] ?? []).map((e) => e.openid)),
    cap: cap ? { cap: { ...cap }, capped: cappedOpenids(state.logEntries, accountId, cap, now) } : null,
  };
}
