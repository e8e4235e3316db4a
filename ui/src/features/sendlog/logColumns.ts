import { useCallback, useState } from "react";

/**
 * Which columns of the send log are shown. The time always is (it is what a row is found by);
 * the others are the user's choice, remembered across restarts in the webview's localStorage
 * (the backend's preferences hold app-wide settings, not one table's layout).
 */
export const OPTIONAL_COLUMNS = ["account", "campaign", "channel", "template", "openid", "status", "delivery", "errcode", "msgid", "rid", "attempt"] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

/** Columns for technical questions (WeChat's message and request ids), shown on request. */
export const TECHNICAL_COLUMNS: readonly OptionalColumn[] = ["msgid", "rid"];

/**
 * What a marketer reads first: who got what, when, whether it arrived, and why not. With these
 * the table fits a 1280 px window without scrolling sideways; msgid and rid are one click away.
 * The account and channel columns are offered only where they tell rows apart: every account's
 * rows, and once an Official Account sends template messages beside the subscribe messages.
 */
export const DEFAULT_SHOWN: Readonly<Record<OptionalColumn, boolean>> = {
  account: true,
  campaign: true,
  channel: true,
  template: true,
  openid: true,
  status: true,
  delivery: true,
  errcode: true,
  msgid: false,
  rid: false,
  attempt: true,
};

export type ColumnChoices = Record<OptionalColumn, boolean>;

export const COLUMNS_STORAGE_KEY = "pushdesk.sendlog.columns";

/**
 * The stored choices over the defaults. Stored as `{column: shown}`; a column the stored text
 * does not name (added in a later version) keeps its default, anything unreadable is ignored.
 */
export function parseChoices(text: string | null): ColumnChoices {
  const choices: ColumnChoices = { ...DEFAULT_SHOWN };
  if (!text) return choices;
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return choices;
  }
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return choices;
  for (const column of OPTIONAL_COLUMNS) {
    const value = (stored as Record<string, unknown>)[column];
    if (typeof value === "boolean") choices[column] = value;
  }
  return choices;
}

function readStored(): ColumnChoices {
  try {
    return parseChoices(window.localStorage.getItem(COLUMNS_STORAGE_KEY));
  } catch {
    // Storage switched off: the defaults, and nothing remembered.
    return { ...DEFAULT_SHOWN };
  }
}

function store(choices: ColumnChoices | null): void {
  try {
    if (choices === null) window.localStorage.removeItem(COLUMNS_STORAGE_KEY);
    else window.localStorage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(choices));
  } catch (error) {
    console.warn("could not remember the log's columns", error);
  }
}

/** Whether the choices are the defaults (then "restore defaults" has nothing to do). */
export function isDefault(choices: ColumnChoices): boolean {
  return OPTIONAL_COLUMNS.every((column) => choices[column] === DEFAULT_SHOWN[column]);
}

/** The log's column choices, read once and written on every change. */
export function useLogColumns() {
  const [choices, setChoices] = useState(readStored);
  const show = useCallback((column: OptionalColumn, shown: boolean) => {
    setChoices((current) => {
      const next = { ...current, [column]: shown };
      store(next);
      return next;
    });
  }, []);
  const reset = useCallback(() => {
    store(null);
    setChoices({ ...DEFAULT_SHOWN });
  }, []);
  return { choices, show, reset };
}

/**
 * Widths (px) of the columns whose content does not wrap well (ids, a number). The text columns
 * (account, campaign, template, reason) share what is left, at least `TEXT_COLUMN_MIN` each, and
 * wrap: at 1280 px the default columns fit without scrolling sideways in both languages.
 */
export const COLUMN_WIDTH = {
  openid: 170,
  msgid: 184,
  rid: 150,
  attempt: 84,
} as const;

export const TEXT_COLUMN_MIN = 120;

/**
 * The widths that depend on the language: the time (`Dec 25, 2026, 23:59:59`), status tags
 * (`Not subscribed`), delivery tags (`Delivery failed`, with the receipt's code after it) and
 * channel tags (`Subscribe message`).
 */
export function languageWidths(language: string): { time: number; status: number; delivery: number; channel: number } {
  const english = language.toLowerCase().startsWith("en");
  return { time: english ? 186 : 168, status: english ? 128 : 96, delivery: english ? 150 : 112, channel: english ? 156 : 96 };
}
