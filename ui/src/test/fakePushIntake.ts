import type { AppError, Campaign, IntakeProblem, IntakeSummary, LogEntry } from "../bindings";
import { notFound } from "./coreErrors";

/**
 * Taking in WeChat's event pushes as the core does (`desk/events.rs`, `events/read.rs`,
 * `store/events.rs`), for the fake backends: files are not parsed here, a test says what each
 * one holds. Each function names the Rust it mirrors; change them together.
 */

/** One event of a push, as the core stores it (`events::PushEvent`). */
export type FakePush = {
  /** `sent`: a delivery receipt; the others are subscription events for the ledger. */
  kind: "sent" | "popup_accept" | "popup_reject" | "change_reject";
  openid: string;
  templateId: string | null;
  msgid?: string | null;
  /** A receipt's `ErrorCode`: 0 = delivered, anything else (or none) = failed after WeChat accepted it. */
  code?: number | null;
  /** `ErrorStatus`, `SubscribeStatusString` or `Status`, as pushed. */
  status?: string | null;
  /** `CreateTime`, unix ms (WeChat sends whole seconds). */
  createdAt: number;
  /** A safe-mode push: it opens only with the account's EncodingAESKey (else `no_key`). */
  sealed?: boolean;
};

/** A push as the store keeps it: the attempt its receipt matched, if any. */
export type StoredPush = FakePush & { attemptId: number | null };

/** What `import_events` reads at a path: its events, the broken pushes in it and pushes of other kinds. */
export type FakePushFile = {
  pushes: FakePush[];
  problems?: Omit<IntakeProblem, "file">[];
  /** Pushes of other kinds (messages, menu clicks). */
  other?: number;
};

/** What the fake store holds for an intake (a part of `FakeBackend`). */
export type IntakeState = {
  accounts: readonly { id: number; isSandbox: boolean }[];
  /** Files of pushes by path; a path not listed does not exist. */
  pushFiles: Record<string, FakePushFile>;
  /** Every push taken in, by account id. */
  pushEvents: Record<number, StoredPush[]>;
  /** The account's push keys (`pushKeys` of the fake keyring): what a sealed push needs. */
  pushKeys: Record<number, { token: string; aesKey: string }>;
  logEntries: LogEntry[];
  campaigns: Campaign[];
};

/** `store/events.rs`: how long before a receipt an `unknown` attempt it may confirm left. */
export const RESOLVE_WINDOW_MS = 10 * 60 * 1000;
/** `store/events.rs`: how far after a receipt's time its attempt may have left (clocks differ). */
const CLOCK_SKEW_MS = 60 * 1000;
/** `store/events.rs` `LATE_MATCH_MS`: receipts this recent that found no send are tried again. */
export const LATE_MATCH_MS = 60 * 60 * 1000;
/** `events::LISTED_PROBLEMS`. */
const LISTED_PROBLEMS = 100;

/** What a missing file's read says (`File::open`'s error, in the parser's English). */
const NO_SUCH_FILE = "No such file or directory (os error 2)";

/** `PushEvent::digest`: what makes two events the same push (WeChat retries; a file may be imported twice). */
function digest(push: FakePush): string {
  const seconds = Math.floor(push.createdAt / 1000);
  return JSON.stringify([push.kind, push.openid, push.templateId ?? "", push.msgid ?? "", push.status ?? "", seconds, push.code ?? null]);
}

function emptySummary(): IntakeSummary {
  return { read: 0, new: 0, duplicates: 0, matched: 0, resolved: 0, unmatched: 0, lateMatches: 0, subscriptionEvents: 0, other: 0, malformed: 0, problems: [] };
}

/** `IntakeSummary::problem`: every broken push counted, the first ones listed. */
function problem(summary: IntakeSummary, found: IntakeProblem) {
  summary.malformed += 1;
  if (summary.problems.length < LISTED_PROBLEMS) summary.problems.push(found);
}

/**
 * `Desk::import_sandbox_events`: only the sandbox account has the sandbox's pushes; the fake
 * sandbox keeps none, so there is nothing new.
 */
export function importSandboxEvents(state: IntakeState, accountId: number): IntakeSummary | AppError {
  const account = state.accounts.find((a) => a.id === accountId);
  if (!account) return notFound("account", accountId);
  if (!account.isSandbox) {
    return { code: "invalid_input", message: "only the sandbox account has the sandbox's pushes", messageZh: "只有沙箱账号能读取沙箱的事件推送" };
  }
  return emptySummary();
}

/**
 * `Desk::import_events`: each file read in turn (one that cannot be opened is one problem, not
 * an error), each new event stored once and each receipt matched to its send, then the recent
 * receipts that found none tried again.
 */
export function importEvents(state: IntakeState, accountId: number, files: readonly string[], now = Date.now()): IntakeSummary | AppError {
  if (!state.accounts.some((account) => account.id === accountId)) return notFound("account", accountId);
  const summary = emptySummary();
  const stored = (state.pushEvents[accountId] ??= []);
  const keys = state.pushKeys[accountId];
  for (const file of files) {
    const content = state.pushFiles[file];
    if (!content) {
      problem(summary, { file, line: 0, offset: 0, kind: "file_unreadable", detail: NO_SUCH_FILE });
      continue;
    }
    for (const found of content.problems ?? []) problem(summary, { file, ...found });
    summary.other += content.other ?? 0;
    content.pushes.forEach((pushed, index) => {
      // `CreateTime` is whole seconds: the store keeps it as such, in ms.
      const push: FakePush = { ...pushed, createdAt: Math.floor(pushed.createdAt / 1000) * 1000 };
      // `Opener::open`: a safe-mode envelope without the key is skipped where it is.
      if (push.sealed && !keys?.aesKey) {
        problem(summary, { file, line: index + 1, offset: 0, kind: "no_key", detail: "" });
        return;
      }
      summary.read += 1;
      if (stored.some((old) => digest(old) === digest(push))) {
        summary.duplicates += 1;
        return;
      }
      summary.new += 1;
      const kept: StoredPush = { ...push, attemptId: null };
      stored.push(kept);
      if (push.kind !== "sent") {
        summary.subscriptionEvents += 1;
        return;
      }
      const matched = matchReceipt(state, accountId, kept);
      if (matched === null) summary.unmatched += 1;
      else {
        summary.matched += 1;
        if (matched === "resolved") summary.resolved += 1;
      }
    });
  }
  // `Store::match_late_receipts`.
  for (const push of stored) {
    if (push.kind !== "sent" || push.attemptId !== null || push.createdAt < now - LATE_MATCH_MS) continue;
    const matched = matchReceipt(state, accountId, push);
    if (matched !== null) {
      summary.lateMatches += 1;
      if (matched === "resolved") summary.resolved += 1;
    }
  }
  return summary;
}

/**
 * `store/events.rs` `match_receipt`: the sent attempt with the receipt's msgid, else the latest
 * `unknown` attempt to the same user (and template) that left shortly before, which the receipt
 * proves WeChat accepted: it becomes `sent`, confirmed by the receipt.
 */
function matchReceipt(state: IntakeState, accountId: number, push: StoredPush): "send" | "resolved" | null {
  const entries = state.logEntries;
  let index = push.msgid
    ? entries.findIndex((e) => e.accountId === accountId && e.openid === push.openid && e.msgid === push.msgid && e.status === "sent")
    : -1;
  const matched = index >= 0 ? "send" : "resolved";
  if (index < 0) {
    let latest: number | null = null;
    entries.forEach((e, i) => {
      const near = e.startedAt >= push.createdAt - RESOLVE_WINDOW_MS && e.startedAt <= push.createdAt + CLOCK_SKEW_MS;
      const same = e.accountId === accountId && e.openid === push.openid && (push.templateId === null || e.templateId === push.templateId);
      if (same && near && e.status === "unknown" && (latest === null || e.startedAt > (entries[latest]?.startedAt ?? 0))) latest = i;
    });
    if (latest === null) return null;
    index = latest;
  }
  const before = entries[index];
  if (!before) return null;
  const delivery = push.code === 0 ? "delivered" : "delivery_failed";
  const after: LogEntry = {
    ...before,
    delivery,
    deliveryCode: push.code ?? null,
    deliveryStatus: push.status ?? null,
    deliveryAt: push.createdAt,
    ...(matched === "resolved" ? { status: "sent", msgid: push.msgid ?? null, confirmedByReceipt: true, explanation: null } : {}),
  };
  entries[index] = after;
  push.attemptId = before.id;
  followInCampaign(state, before, after);
  return matched;
}

/**
 * The campaign's row follows its attempt (`recipients.delivery`, and `state` for a confirmed
 * `unknown` when no resend came after it). Fake campaigns keep counts, not rows: they move.
 */
function followInCampaign(state: IntakeState, before: LogEntry, after: LogEntry) {
  const at = state.campaigns.findIndex((c) => c.id === before.campaignId);
  const campaign = state.campaigns[at];
  if (!campaign) return;
  const resent = state.logEntries.some((e) => e.campaignId === before.campaignId && e.openid === before.openid && e.attemptNo > before.attemptNo);
  if (resent) return;
  const counts = { ...campaign.counts };
  if (before.status === "unknown" && after.status === "sent") {
    counts.unknown = Math.max(0, counts.unknown - 1);
    counts.sent += 1;
  }
  const count = (delivery: LogEntry["delivery"]) => (delivery === "delivered" ? "delivered" : "deliveryFailed");
  if (before.delivery !== null) counts[count(before.delivery)] = Math.max(0, counts[count(before.delivery)] - 1);
  counts[count(after.delivery)] += 1;
  state.campaigns[at] = { ...campaign, counts };
}

/** A delivery receipt (`subscribe_msg_sent_event`) of a message with `msgid`. */
export function receiptPush(openid: string, templateId: string, msgid: string | null, createdAt: number, code = 0): FakePush {
  return { kind: "sent", openid, templateId, msgid, code, status: code === 0 ? "success" : "fail", createdAt };
}

/** A subscription popup answer (`subscribe_msg_popup_event`). */
export function popupPush(openid: string, templateId: string, accept: boolean, createdAt: number): FakePush {
  return { kind: accept ? "popup_accept" : "popup_reject", openid, templateId, status: accept ? "accept" : "reject", createdAt };
}
