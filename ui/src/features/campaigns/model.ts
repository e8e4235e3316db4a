import { ARCHIVABLE_STATUSES, type Campaign, type CampaignStatus, type CatalogueEntry, type Counts, type Failure, type MessageChannel } from "../../ipc";

/**
 * Statuses a run ends in: the engine does nothing more until someone acts (or, waiting for its
 * send window, until the window opens). A progress event with one of them means the campaign
 * and what it allows must be read again.
 */
export const FINAL_STATUSES: readonly CampaignStatus[] = ["paused", "stopped", "cancelled", "finished", "waiting_window"];

export function isFinalStatus(status: CampaignStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/**
 * Whether a campaign in `status` may be archived: the core's rule (`ARCHIVABLE_STATUSES`, a
 * finished or cancelled campaign), which it checks again. Bringing one back is always allowed.
 */
export function canArchive(status: CampaignStatus): boolean {
  return (ARCHIVABLE_STATUSES as readonly CampaignStatus[]).includes(status);
}

/** Text as the search compares it: full-width folded, no case, no outer spaces. */
const foldForSearch = (text: string) => text.normalize("NFKC").trim().toLowerCase();

/**
 * Whether a campaign matches what was typed in the list's search box: part of its name, of its
 * template's title or private id, or its whole id (`12` or `#12`). Nothing typed matches all.
 */
export function matchesSearch(campaign: Pick<Campaign, "id" | "name" | "templateTitle" | "templateId">, search: string): boolean {
  const needle = foldForSearch(search);
  if (needle === "") return true;
  const id = needle.replace(/^#\s*/, "");
  if (/^\d+$/.test(id) && String(campaign.id) === String(Number(id))) return true;
  return [campaign.name, campaign.templateTitle, campaign.templateId].some((text) => foldForSearch(text).includes(needle));
}

/** antd Tag colour per status. */
export const STATUS_COLOR: Record<CampaignStatus, string> = {
  ready: "default",
  scheduled: "blue",
  waiting_window: "purple",
  missed: "orange",
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

/**
 * An outcome's name for a campaign of `channel`: a template message's `notSubscribed` rows are
 * people who do not follow the Official Account or blocked it (43004 / 43019), not people
 * without a subscription.
 */
export function outcomeLabelKey(key: OutcomeKey, channel: MessageChannel): `outcome.${OutcomeKey}` | "outcome.notFollowing" {
  return key === "notSubscribed" && channel === "template_message" ? "outcome.notFollowing" : `outcome.${key}`;
}

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

/** The longest campaign name the wizard's name field takes. */
export const CAMPAIGN_NAME_MAX = 80;

/**
 * `name` put into `format` (a copy's "{{name}} 副本"), within `max` characters: when it would
 * be longer, the name is shortened (never cut inside a character) and the wording kept whole.
 */
export function nameWithin(name: string, format: (name: string) => string, max: number = CAMPAIGN_NAME_MAX): string {
  const full = format(name);
  if (full.length <= max) return full;
  const room = Math.max(0, max - (full.length - name.length));
  let shortened = "";
  for (const char of name) {
    if (shortened.length + char.length > room) break;
    shortened += char;
  }
  return format(shortened.trimEnd());
}
