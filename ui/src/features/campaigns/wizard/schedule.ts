import {
  DEFAULT_GRACE_MINUTES,
  DEFAULT_WINDOW,
  MAX_GRACE_MINUTES,
  type DraftSource,
  type IpcError,
  type ScheduleRequest,
  type SendWindow,
  type SeriesAudience,
} from "../../../ipc";

/**
 * The wizard's "when" choices (send now, at a time, or by a repeat rule; in a send window or at
 * any hour) and the `ScheduleRequest` the core's `start_draft` takes for them. The core checks
 * everything again (a time in the past, a rule it cannot read): this only leaves out what is
 * not chosen yet.
 */

/** Weekdays as the core's repeat rule writes them, Monday first. */
export const WEEK_DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

export type WhenKind = "now" | "at" | "repeat";
export type RepeatKind = "daily" | "weekly" | "cron";

export type ScheduleForm = {
  when: WhenKind;
  /**
   * Unix ms. At a time: when. Repeat: the first run (its time of day is every run's), or for a
   * cron rule the earliest start (none: from now).
   */
  at: number | null;
  repeatKind: RepeatKind;
  /** The weekly rule's days. */
  days: WeekDay[];
  /** The cron expression (minute hour day-of-month month day-of-week). */
  cron: string;
  /** Where a series' runs find their recipients (a pasted list can only be reused). */
  audience: SeriesAudience;
  windowOn: boolean;
  /** The person set the window switch: choosing another "when" leaves it as they set it. */
  windowTouched: boolean;
  window: SendWindow;
  /** Minutes a run may start late by itself; null (emptied) is the core's default. */
  graceMinutes: number | null;
};

/** Send now, at any hour: the person is here and asks for now. */
export function initialScheduleForm(): ScheduleForm {
  return {
    when: "now",
    at: null,
    repeatKind: "daily",
    days: [],
    cron: "",
    audience: "reread",
    windowOn: false,
    windowTouched: false,
    window: { start: DEFAULT_WINDOW.start, end: DEFAULT_WINDOW.end },
    graceMinutes: DEFAULT_GRACE_MINUTES,
  };
}

/**
 * Another "when": a time or a rule sends in the default window (nobody is there to see a
 * message go out at 3 a.m.); now sends at any hour — unless the person set the switch.
 */
export function chooseWhen(form: ScheduleForm, when: WhenKind): ScheduleForm {
  return { ...form, when, windowOn: form.windowTouched ? form.windowOn : when !== "now" };
}

/** The window switch, set by the person. */
export function setWindowOn(form: ScheduleForm, windowOn: boolean): ScheduleForm {
  return { ...form, windowOn, windowTouched: true };
}

/** The repeat rule as the CLI's `--repeat` takes it: `daily`, `weekly:MON,THU`, `cron 0 10 * * 1`. */
export function repeatOf(form: Pick<ScheduleForm, "repeatKind" | "days" | "cron">): string {
  switch (form.repeatKind) {
    case "daily":
      return "daily";
    case "weekly":
      return `weekly:${WEEK_DAYS.filter((day) => form.days.includes(day)).join(",")}`;
    case "cron":
      return `cron ${form.cron.trim().split(/\s+/).join(" ")}`;
  }
}

/** What is still to choose before the campaign can be made, as the field it is about. */
export type ScheduleBlocker = "at" | "days" | "cron" | "window" | "grace";

/** The first thing missing, or null when the form says everything the core needs. */
export function scheduleBlocker(form: ScheduleForm): ScheduleBlocker | null {
  if (form.when !== "now") {
    const atNeeded = form.when === "at" || form.repeatKind !== "cron";
    if (atNeeded && form.at === null) return "at";
    if (form.when === "repeat" && form.repeatKind === "weekly" && form.days.length === 0) return "days";
    if (form.when === "repeat" && form.repeatKind === "cron" && form.cron.trim() === "") return "cron";
    if (form.graceMinutes !== null && (form.graceMinutes < 0 || form.graceMinutes > MAX_GRACE_MINUTES)) return "grace";
  }
  if (form.windowOn && form.window.start === form.window.end) return "window";
  return null;
}

/**
 * What a series' runs may read again before each run: the file the draft was read from, or the
 * Official Account's followers (fetched again, with the same tags); a pasted list nothing.
 */
export type Rereadable = "file" | "followers" | null;

/** What a draft's source lets a series read again (`desk/schedule.rs` refuses `reread` for a paste only). */
export function rereadableOf(source: Pick<DraftSource, "path" | "followers">): Rereadable {
  if (source.followers) return "followers";
  return source.path !== null ? "file" : null;
}

/**
 * The request for `start_draft`, or null while something is missing (`scheduleBlocker`).
 * `rereadable`: the draft's recipients can be read again before each run of a series (a file,
 * followers); a pasted list can only be reused.
 */
export function scheduleRequestOf(form: ScheduleForm, { rereadable }: { rereadable: boolean }): ScheduleRequest | null {
  if (scheduleBlocker(form) !== null) return null;
  const window = form.windowOn ? { start: form.window.start, end: form.window.end } : null;
  switch (form.when) {
    case "now":
      return { at: null, repeat: null, window, graceMinutes: null, audience: null };
    case "at":
      return { at: form.at, repeat: null, window, graceMinutes: form.graceMinutes, audience: null };
    case "repeat":
      return {
        at: form.at,
        repeat: repeatOf(form),
        window,
        graceMinutes: form.graceMinutes,
        audience: rereadable ? form.audience : "reuse",
      };
  }
}

/**
 * A weekly rule's first run: the first chosen weekday at or after `at`, at `at`'s time of day
 * (local time), as the core's `first_at_or_after` finds it. Daily runs start at `at`.
 */
export function firstWeeklyRun(at: number, days: readonly WeekDay[]): number | null {
  if (days.length === 0) return null;
  const date = new Date(at);
  for (let ahead = 0; ahead < 7; ahead += 1) {
    const day = new Date(date.getFullYear(), date.getMonth(), date.getDate() + ahead, date.getHours(), date.getMinutes());
    // getDay: Sunday 0 … Saturday 6; WEEK_DAYS: Monday first.
    const code = WEEK_DAYS[(day.getDay() + 6) % 7];
    if (code && days.includes(code)) return day.getTime();
  }
  return null;
}

/** The fields of the "when" section a refusal of the core can be about. */
export type ScheduleField = "at" | "repeat" | "window" | "grace" | "audience";
const FIELDS: readonly string[] = ["at", "repeat", "window", "grace", "audience"] satisfies readonly ScheduleField[];

/**
 * The field an `invalid_input` refusal of `start_draft` is about, and its message without the
 * field key: the core starts such messages with the key and a colon ("at: …"), which only
 * places the message. Read when shown, so it follows a language switch.
 */
export function scheduleFieldError(error: IpcError): { field: ScheduleField; message: string } | null {
  if (error.code !== "invalid_input") return null;
  const match = /^([A-Za-z]+):\s*([\s\S]*)$/.exec(error.message);
  const field = match?.[1];
  return match && field && FIELDS.includes(field) ? { field: field as ScheduleField, message: match[2] || error.message } : null;
}
