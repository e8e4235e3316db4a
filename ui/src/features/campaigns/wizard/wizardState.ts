import {
  CONCURRENCY_LIMITS,
  RATE_LIMITS,
  type AudienceOptions,
  type AudienceSource,
  type Campaign,
  type ColumnMapping,
  type DraftSettings,
  type Keyword,
  type Lang,
  type MessageSpec,
  type MiniprogramState,
} from "../../../ipc";
import { jumpFormOf, jumpMessage, type JumpKind } from "../../compose/jump";
import { placeholdersInAll } from "../../compose/text";
import { ALL_FOLLOWERS, followersSourceOf, type FollowersChoice } from "./followersChoice";
import { initialScheduleForm, type ScheduleForm } from "./schedule";

/** What a new campaign starts with; the bounds are the core's (`RATE_LIMITS`, `CONCURRENCY_LIMITS`). */
export const DEFAULT_RATE = 20;
export const DEFAULT_CONCURRENCY = 8;
export { CONCURRENCY_LIMITS, RATE_LIMITS };

/** The repeat-send check's default reach, in days (the core's `DEFAULT_RECENT_DAYS`); 0 turns it off. */
export const DEFAULT_RECENT_DAYS = 7;
/** How far back the check may look: the core refuses more when the campaign is made (`MAX_RECENT_DAYS`). */
export const MAX_RECENT_DAYS = 365;

/** Whether a speed is inside the bounds the core accepts. */
export function speedInBounds(rate: number, concurrency: number): boolean {
  return rate >= RATE_LIMITS[0] && rate <= RATE_LIMITS[1] && concurrency >= CONCURRENCY_LIMITS[0] && concurrency <= CONCURRENCY_LIMITS[1];
}

/** Where one keyword's value comes from: a column of the file, or a typed value (may hold `{{column}}`). */
export type FieldSource = { column: number | null; value: string };

/** A file, a paste, or (an Official Account only) its followers fetched from WeChat. */
export type SourceKind = "file" | "paste" | "followers";

/** Everything the wizard holds. */
export type WizardState = {
  name: string;
  templateId: string | null;
  sourceKind: SourceKind;
  filePath: string;
  pasteText: string;
  /** Which followers, when the source is an Official Account's followers. */
  followers: FollowersChoice;
  openidColumn: number;
  fields: Record<string, FieldSource>;
  placeholderColumns: Record<string, number>;
  page: string;
  miniprogramState: MiniprogramState;
  lang: Lang;
  skipDuplicates: boolean;
  skipUnsubscribed: boolean;
  /** Skip people the template went to in the last `recentDays` days (they are flagged either way). */
  skipRecent: boolean;
  /** How far back the repeat-send check looks, 0–365 days; 0 turns it off. */
  recentDays: number;
  /** Skip people the subscription ledger knows no grant left for (or nothing of). */
  onlyGranted: boolean;
  rate: number;
  concurrency: number;
  /** When it sends: now, at a time or by a rule, and in which hours (the confirm step). */
  schedule: ScheduleForm;
  /**
   * An Official Account's card: what it opens (`JumpForm`, with `page`). The message takes
   * `url`, `miniprogramAppid` and `page` as they stand: the jump fields empty what their choice
   * does not use. A mini program's state keeps them empty.
   */
  jump: JumpKind;
  /** The web page the card opens, or with a mini program the fallback for old WeChat versions. */
  url: string;
  /** The bound mini program whose `page` the card opens. */
  miniprogramAppid: string;
};

export function initialWizardState(now: Date): WizardState {
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    name: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`,
    templateId: null,
    sourceKind: "file",
    filePath: "",
    pasteText: "",
    followers: ALL_FOLLOWERS,
    openidColumn: 0,
    fields: {},
    placeholderColumns: {},
    page: "",
    miniprogramState: "formal",
    lang: "zh_CN",
    skipDuplicates: true,
    skipUnsubscribed: false,
    skipRecent: true,
    recentDays: DEFAULT_RECENT_DAYS,
    onlyGranted: false,
    rate: DEFAULT_RATE,
    concurrency: DEFAULT_CONCURRENCY,
    schedule: initialScheduleForm(),
    jump: "none",
    url: "",
    miniprogramAppid: "",
  };
}

/**
 * What "Copy" hands the wizard, as the router state of `/campaigns/new`: a campaign's choices,
 * never its recipients (the user reads a new list). The core validates the copy as any new
 * campaign.
 */
export type CampaignCopy = {
  /** The campaign copied. */
  from: { id: number; name: string; accountId: number; templateTitle: string };
  /** The new campaign's name ("<name> 副本"). */
  name: string;
  templateId: string;
  /** The typed values (may hold `{{column}}`), page, version to open, card language; an Official Account's jump. */
  message: MessageSpec;
  rate: number;
  concurrency: number;
};

/** A campaign's choices for a new campaign named `name`. */
export function copyOf(campaign: Campaign, name: string): CampaignCopy {
  return {
    from: { id: campaign.id, name: campaign.name, accountId: campaign.accountId, templateTitle: campaign.templateTitle },
    name,
    templateId: campaign.templateId,
    message: structuredClone(campaign.message),
    rate: campaign.rate,
    concurrency: campaign.concurrency,
  };
}

/** The router state that opens the wizard on a copy. */
export type NewCampaignLocationState = { copy: CampaignCopy };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** The copy a location's state carries, or null (no state, or not one the wizard made). */
export function copyFromLocation(state: unknown): CampaignCopy | null {
  if (!isRecord(state) || !isRecord(state.copy)) return null;
  const copy = state.copy;
  const from = copy.from;
  const message = copy.message;
  const ok =
    isRecord(from) &&
    typeof from.id === "number" &&
    typeof from.name === "string" &&
    typeof from.accountId === "number" &&
    typeof from.templateTitle === "string" &&
    typeof copy.name === "string" &&
    typeof copy.templateId === "string" &&
    typeof copy.rate === "number" &&
    typeof copy.concurrency === "number" &&
    isRecord(message) &&
    isRecord(message.values) &&
    Object.values(message.values).every((value) => typeof value === "string") &&
    (message.page === null || typeof message.page === "string") &&
    typeof message.miniprogramState === "string" &&
    typeof message.lang === "string" &&
    (message.url === undefined || message.url === null || typeof message.url === "string") &&
    (message.miniprogramAppid === undefined || message.miniprogramAppid === null || typeof message.miniprogramAppid === "string");
  return ok ? (copy as CampaignCopy) : null;
}

/** Typed values as the mapping step holds them: no column, the value. */
export function typedFields(values: Readonly<Record<string, string>>): Record<string, FieldSource> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { column: null, value }]));
}

/**
 * The wizard's state for a copy: the campaign's name (as given), template (unless this account
 * no longer has it), typed values, page, version to open, card language, an Official Account's
 * jump, and speed; the list options are the defaults, and the recipients are for the user to choose.
 */
export function wizardStateFromCopy(copy: CampaignCopy, now: Date, templateKnown: boolean): WizardState {
  return {
    ...initialWizardState(now),
    name: copy.name,
    templateId: templateKnown ? copy.templateId : null,
    fields: typedFields(copy.message.values),
    miniprogramState: copy.message.miniprogramState,
    lang: copy.message.lang,
    rate: copy.rate,
    concurrency: copy.concurrency,
    ...jumpFormOf(copy.message),
  };
}

/** The source as typed, or null when nothing is given yet. */
export function sourceOf(state: WizardState): AudienceSource | null {
  if (state.sourceKind === "file") {
    const path = state.filePath.trim();
    return path === "" ? null : { kind: "file", path };
  }
  if (state.sourceKind === "followers") return followersSourceOf(state.followers);
  return state.pasteText.trim() === "" ? null : { kind: "paste", text: state.pasteText };
}

/** Placeholders used by the typed values and the page, in order. */
export function usedPlaceholders(keywords: readonly Keyword[], fields: Record<string, FieldSource>, page: string): string[] {
  const values = keywords.map((k) => (fields[k.key]?.column == null ? (fields[k.key]?.value ?? "") : ""));
  return placeholdersInAll([...values, page]);
}

/** Header index whose name matches (ignoring case and spaces), as the Rust auto-mapping does. */
export function findHeader(headers: readonly string[], name: string): number | undefined {
  const fold = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  const wanted = fold(name);
  if (wanted === "") return undefined;
  const index = headers.findIndex((h) => fold(h) === wanted);
  return index < 0 ? undefined : index;
}

/** The mapping the user sees, from the planner's (auto or previous) mapping. */
export function fieldsFromMapping(keywords: readonly Keyword[], mapping: ColumnMapping, previous: Record<string, FieldSource>) {
  const fields: Record<string, FieldSource> = {};
  for (const keyword of keywords) {
    const column = mapping.keywordColumns[keyword.key];
    fields[keyword.key] = { column: column ?? null, value: column === undefined ? (previous[keyword.key]?.value ?? "") : "" };
  }
  return fields;
}

/**
 * The mapping sent to the planner: the chosen columns, and a column for every placeholder used
 * (the user's choice, else the header of the same name).
 */
export function mappingOf(state: WizardState, keywords: readonly Keyword[], headers: readonly string[]): ColumnMapping {
  const keywordColumns: Record<string, number> = {};
  for (const keyword of keywords) {
    const column = state.fields[keyword.key]?.column;
    if (column !== null && column !== undefined) keywordColumns[keyword.key] = column;
  }
  const placeholderColumns: Record<string, number> = {};
  for (const name of usedPlaceholders(keywords, state.fields, state.page)) {
    const column = state.placeholderColumns[name] ?? findHeader(headers, name);
    if (column !== undefined) placeholderColumns[name] = column;
  }
  const used = new Set([state.openidColumn, ...Object.values(keywordColumns), ...Object.values(placeholderColumns)]);
  return {
    openidColumn: state.openidColumn,
    keywordColumns,
    placeholderColumns,
    unmapped: headers.filter((_, index) => !used.has(index)),
  };
}

/** Fixed values of the keywords that have no column. */
export function valuesOf(state: WizardState, keywords: readonly Keyword[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const keyword of keywords) {
    const field = state.fields[keyword.key];
    if (field && field.column === null && field.value.trim() !== "") values[keyword.key] = field.value;
  }
  return values;
}

/**
 * The wizard's choices as the draft stores them. `auto` asks the core for its automatic
 * mapping (no mapping): what the mapping step starts from. Its only typed values are `typed`
 * (a copied campaign's), which the core leaves out of the automatic mapping and whose
 * placeholders it maps.
 */
export function settingsOf(
  state: WizardState,
  keywords: readonly Keyword[],
  headers: readonly string[],
  auto = false,
  typed: Readonly<Record<string, string>> = {},
): DraftSettings {
  const { page, ...jump } = jumpMessage(state);
  return {
    name: state.name.trim(),
    templateId: state.templateId,
    message: {
      values: auto ? valuesOf({ ...state, fields: typedFields(typed) }, keywords) : valuesOf(state, keywords),
      page,
      miniprogramState: state.miniprogramState,
      lang: state.lang,
      ...jump,
    },
    mapping: auto ? null : mappingOf(state, keywords, headers),
    options: optionsOf(state),
    rate: state.rate,
    concurrency: state.concurrency,
  };
}

/**
 * What to do with flagged rows. A state saved before the repeat-send check (or the ledger) existed
 * has no `skipRecent` / `recentDays` (`onlyGranted`): it gets the core's defaults, as the core
 * gives an options object without them.
 */
export function optionsOf(state: WizardState): Required<AudienceOptions> {
  const saved = state as Partial<Pick<WizardState, "skipRecent" | "recentDays" | "onlyGranted">>;
  const options = withDefaults({
    skipDuplicates: state.skipDuplicates,
    skipUnsubscribed: state.skipUnsubscribed,
    skipRecent: saved.skipRecent,
    recentDays: saved.recentDays,
    onlyGranted: saved.onlyGranted,
  });
  return { ...options, recentDays: clampDays(options.recentDays) };
}

/** Options as the core reads them: a field left out takes its default (`AudienceOptions::default`). */
export function withDefaults(options: AudienceOptions): Required<AudienceOptions> {
  return {
    skipDuplicates: options.skipDuplicates ?? true,
    skipUnsubscribed: options.skipUnsubscribed ?? false,
    skipRecent: options.skipRecent ?? true,
    recentDays: options.recentDays ?? DEFAULT_RECENT_DAYS,
    onlyGranted: options.onlyGranted ?? false,
  };
}

/** A whole number of days the core accepts (0–365). */
export function clampDays(days: number): number {
  if (!Number.isFinite(days)) return DEFAULT_RECENT_DAYS;
  return Math.min(MAX_RECENT_DAYS, Math.max(0, Math.round(days)));
}

/** What makes a plan current: the settings without name and speed (they only change the estimate). */
export function planKeyOf(settings: DraftSettings): string {
  return JSON.stringify({ ...settings, name: "", rate: 0, concurrency: 0 });
}
