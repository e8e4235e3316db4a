import type { CampaignStatus, CatalogueEntry, Counts, Failure } from "../../ipc";

/** Statuses after which the engine does nothing more until someone acts. */
export const FINAL_STATUSES: readonly CampaignStatus[] = ["paused", "stopped", "cancelled", "finished"];

export function isFinalStatus(status: CampaignStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** antd Tag colour per status. */
export const STATUS_COLOR: Record<CampaignStatus, string> = {
  ready: "default",
  running: "processing",
  paused: "warning",
  stopped: "error",
  cancelled: "default",
  finished: "success",
};

/** Segment colours of the outcome bar; fixed so they read the same in both themes. */
export const OUTCOME_COLOR = {
  sent: "#52c41a",
  notSubscribed: "#7d9cc0",
  failed: "#ff4d4f",
  unknown: "#fa8c16",
  skipped: "#d0d0d0",
  cancelled: "#a6a6a6",
} as const;

export type OutcomeKey = keyof typeof OUTCOME_COLOR;
export const OUTCOME_KEYS: readonly OutcomeKey[] = ["sent", "notSubscribed", "failed", "unknown", "skipped", "cancelled"];

/** Rows that still have to be sent (not sent yet, or in flight). */
export function remaining(counts: Counts): number {
  return counts.pending + counts.sending;
}

/** Rows that reached a final state. */
export function done(counts: Counts): number {
  return Math.max(0, counts.total - remaining(counts));
}

/** Whole seconds → hours, minutes, seconds (for the `duration` strings). */
export function splitDuration(totalSeconds: number): { h: number; m: number; s: number } {
  const secs = Math.max(0, Math.ceil(totalSeconds));
  return { h: Math.floor(secs / 3600), m: Math.floor((secs % 3600) / 60), s: secs % 60 };
}

/** Seconds a send of `count` messages takes at `rate` messages per second. */
export function estimateSeconds(count: number, rate: number): number {
  return rate > 0 ? Math.ceil(count / rate) : 0;
}

/** A catalogue key as one comparable string: `errcode:45009` and `token_errcode:45009` differ. */
function failureKey(failure: Failure): string {
  return Object.entries(failure)
    .map(([kind, value]) => `${kind}:${String(value)}`)
    .join("|");
}

/**
 * The catalogue entry for a failure, looked up by the whole key: a token endpoint's 45009 (its
 * own call quota) is not the send quota 45009.
 */
export function catalogueEntryFor(catalogue: readonly CatalogueEntry[] | undefined, failure: Failure | null): CatalogueEntry | undefined {
  if (failure === null || !catalogue) return undefined;
  const key = failureKey(failure);
  return catalogue.find((entry) => failureKey(entry.failure) === key);
}

/** What the core records when the request failed in transport: not one of WeChat's errcodes. */
export const TRANSPORT_ERRCODE = -2;
/** What the core records when Pushdesk stopped while the request may have been on its way. */
export const INTERRUPTED_ERRCODE = -3;

/** The catalogue entry for an errcode the send call answered with (the send log's breakdown). */
export function catalogueForErrcode(catalogue: readonly CatalogueEntry[] | undefined, errcode: number): CatalogueEntry | undefined {
  return catalogueEntryFor(catalogue, errcode === INTERRUPTED_ERRCODE ? { local: "interrupted" } : { errcode });
}

/** Unix milliseconds → RFC 3339 (what `<DateTime>` takes). */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}
