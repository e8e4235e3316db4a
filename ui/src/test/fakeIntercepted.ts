import type { AccountSummary, AppError, Campaign, InterceptedSummary, LogEntry } from "../bindings";
import { officialAccount } from "./fakeFollowers";

/**
 * `check_intercepted` of the fake backend, as `desk/intercepted.rs` and `store/intercepted.rs`
 * do it: ask about every template of the account's template-message campaigns made in the last
 * 30 days, and mark the sent attempt closest to each interception (within two minutes) as not
 * delivered, status `intercepted` — once.
 */

/** A template message WeChat's `queryblocktmplmsg` lists as intercepted. */
export type FakeInterception = { templateId: string; openid: string; sentAt: number };

/** What the fake backend holds for interceptions. */
export type InterceptedFields = {
  /** What WeChat lists as intercepted, by account id. */
  interceptions: Record<number, FakeInterception[]>;
  /** Awaited before WeChat answers the check: a test holds it to see the check running. Default: at once. */
  beforeInterceptedCheck: () => Promise<void>;
};

export function noInterceptions(): InterceptedFields {
  return { interceptions: {}, beforeInterceptedCheck: () => Promise.resolve() };
}

/** `LOOK_BACK_DAYS`. */
const LOOK_BACK_MS = 30 * 24 * 60 * 60 * 1000;
/** `MATCH_WINDOW_MS`: WeChat's seconds against our milliseconds and a clock a little off. */
const MATCH_WINDOW_MS = 2 * 60 * 1000;
/** `INTERCEPTED_STATUS`. */
export const INTERCEPTED_STATUS = "intercepted";

type InterceptedState = InterceptedFields & { accounts: AccountSummary[]; campaigns: Campaign[]; logEntries: LogEntry[] };

export function checkIntercepted(state: InterceptedState, accountId: number, now = Date.now()): InterceptedSummary | AppError {
  const account = officialAccount(state, accountId);
  if ("code" in account) return account;
  const templates = [
    ...new Set(
      state.campaigns
        .filter((c) => c.accountId === accountId && c.channel === "template_message" && c.createdAt >= now - LOOK_BACK_MS)
        .map((c) => c.templateId),
    ),
  ];
  const summary: InterceptedSummary = { templates: templates.length, found: 0, marked: 0 };
  for (const blocked of state.interceptions[accountId] ?? []) {
    if (!templates.includes(blocked.templateId)) continue;
    summary.found += 1;
    if (mark(state, accountId, blocked)) summary.marked += 1;
  }
  return summary;
}

/** `mark_intercepted`: the closest sent attempt not marked yet; its campaign counts one more delivery failure. */
function mark(state: InterceptedState, accountId: number, blocked: FakeInterception): boolean {
  const candidates = state.logEntries.filter(
    (e) =>
      e.accountId === accountId &&
      e.templateId === blocked.templateId &&
      e.openid === blocked.openid &&
      e.status === "sent" &&
      Math.abs(e.startedAt - blocked.sentAt) <= MATCH_WINDOW_MS &&
      e.deliveryStatus !== INTERCEPTED_STATUS,
  );
  const closest = candidates.sort((a, b) => Math.abs(a.startedAt - blocked.sentAt) - Math.abs(b.startedAt - blocked.sentAt))[0];
  if (!closest) return false;
  const wasDelivered = closest.delivery === "delivered";
  const hadFailed = closest.delivery === "delivery_failed";
  closest.delivery = "delivery_failed";
  closest.deliveryStatus = INTERCEPTED_STATUS;
  closest.deliveryAt = blocked.sentAt;
  state.campaigns = state.campaigns.map((c) =>
    c.id !== closest.campaignId || hadFailed
      ? c
      : {
          ...c,
          counts: {
            ...c.counts,
            delivered: c.counts.delivered - (wasDelivered ? 1 : 0),
            deliveryFailed: c.counts.deliveryFailed + 1,
          },
        },
  );
  return true;
}
