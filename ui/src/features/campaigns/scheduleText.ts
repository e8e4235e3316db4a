import type { Dayjs } from "dayjs";
import type { SendWindow } from "../../ipc";

/**
 * Times of a campaign's schedule as people read them. A send window is local wall-clock
 * minutes after midnight (the core's `SendWindow`); a window whose start is after its end runs
 * over midnight (22:00–06:00 closes the next morning).
 */

const pad = (n: number) => String(n).padStart(2, "0");

/** Minutes after midnight → `08:00`. */
export function clockText(minutes: number): string {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** A window's two ends as clock text, and whether it closes the next day. */
export function windowParts(window: SendWindow): { start: string; end: string; overnight: boolean } {
  return { start: clockText(window.start), end: clockText(window.end), overnight: window.start > window.end };
}

/** The time of day of an instant (local time), in minutes after midnight. */
export function minuteOfDay(ms: number): number {
  const date = new Date(ms);
  return date.getHours() * 60 + date.getMinutes();
}

/** How a date and time is shown and typed in pickers: the same in both languages, so typing works alike. */
export const AT_FORMAT = "YYYY-MM-DD HH:mm";
/** A time of day in pickers. */
export const CLOCK_FORMAT = "HH:mm";

/** A picked date and time as unix ms, on the whole minute. */
export function msOf(value: Dayjs | null): number | null {
  return value ? value.second(0).millisecond(0).valueOf() : null;
}
