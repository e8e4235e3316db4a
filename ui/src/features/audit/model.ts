import { DEFAULT_LANGUAGE, LANGUAGES } from "../../i18n";
import type { AuditAction, AuditFilter, Language } from "../../ipc";
import { ALL_TIME, withExtension, type TimeRange } from "../sendlog/model";

/**
 * antd Tag colour per action: what changes the accounts (or the team), what makes and steers a
 * campaign, and what stops one apart at a glance.
 */
export const AUDIT_ACTION_COLOR: Record<AuditAction, string> = {
  account_added: "blue",
  account_changed: "blue",
  account_removed: "volcano",
  templates_synced: "cyan",
  campaign_created: "purple",
  campaign_approved: "lime",
  campaign_started: "green",
  campaign_resumed: "green",
  campaign_resent: "green",
  campaign_paused: "gold",
  campaign_cancelled: "red",
  campaign_rescheduled: "geekblue",
  campaign_unscheduled: "geekblue",
  campaign_skipped: "orange",
  series_stopped: "orange",
  suppression_added: "magenta",
  suppression_removed: "magenta",
  log_exported: "default",
  team_member_set: "blue",
  approval_threshold_set: "blue",
};

/**
 * Every action, in the order the core lists them (`AuditAction::ALL`): accounts, templates,
 * campaigns, series, the do-not-contact list, exports, the team. Taken from the colours, which
 * the type makes name every action.
 */
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_COLOR) as readonly AuditAction[];

/** The actions whose subject is a campaign (`campaignId` names it); an export's subject is its file. */
export function isCampaignAction(action: AuditAction): boolean {
  return action.startsWith("campaign_");
}

/** What the filter bar holds; `toAuditFilter` turns it into the backend's filter. */
export type AuditFilterState = {
  range: TimeRange;
  actions: AuditAction[];
  /** The person, as applied (trimmed; empty = everyone). */
  actor: string;
};

export const EMPTY_AUDIT_FILTER: AuditFilterState = { range: ALL_TIME, actions: [], actor: "" };

/** The backend filter for a filter state: every field present; the core matches the person exactly. */
export function toAuditFilter(state: AuditFilterState): AuditFilter {
  const actor = state.actor.trim();
  return {
    fromMs: state.range.fromMs,
    toMs: state.range.toMs,
    actions: [...state.actions],
    actor: actor === "" ? null : actor,
  };
}

/** Whether anything narrows the trail. */
export function isNarrowed(state: AuditFilterState): boolean {
  return state.range.preset !== "all" || state.actions.length > 0 || state.actor.trim() !== "";
}

/** The language an export's headers and action names are written in: the UI's. */
export function exportLanguage(language: string): Language {
  return (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : DEFAULT_LANGUAGE;
}

/**
 * The file an audit export writes. The core always writes CSV whatever the name, and the save
 * dialog also offers `.xlsx`: a CSV under that name would not open, so the name is made `.csv`.
 */
export function auditExportPath(picked: string): string {
  return withExtension(picked, "csv");
}
