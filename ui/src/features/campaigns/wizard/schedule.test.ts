import { describe, expect, it } from "vitest";
import { DEFAULT_GRACE_MINUTES, DEFAULT_WINDOW, IpcError, MAX_GRACE_MINUTES } from "../../../ipc";
import {
  chooseWhen,
  firstWeeklyRun,
  initialScheduleForm,
  repeatOf,
  rereadableOf,
  scheduleBlocker,
  scheduleFieldError,
  scheduleRequestOf,
  setWindowOn,
  type ScheduleForm,
} from "./schedule";

const AT = new Date(2030, 11, 12, 10, 0).getTime(); // Thursday 12 December 2030, 10:00 local
const FILE = { rereadable: true };
const form = (patch: Partial<ScheduleForm>): ScheduleForm => ({ ...initialScheduleForm(), ...patch });

describe("the wizard's schedule → ScheduleRequest", () => {
  it("sends now at any hour by default, or in the window when asked", () => {
    expect(scheduleRequestOf(initialScheduleForm(), FILE)).toEqual({ at: null, repeat: null, window: null, graceMinutes: null, audience: null });
    const inWindow = setWindowOn(initialScheduleForm(), true);
    expect(scheduleRequestOf(inWindow, FILE)).toEqual({ at: null, repeat: null, window: DEFAULT_WINDOW, graceMinutes: null, audience: null });
  });

  it("sends at a time in the default window with the default grace period", () => {
    const at = { ...chooseWhen(initialScheduleForm(), "at"), at: AT };
    expect(scheduleRequestOf(at, FILE)).toEqual({ at: AT, repeat: null, window: DEFAULT_WINDOW, graceMinutes: DEFAULT_GRACE_MINUTES, audience: null });
    expect(scheduleRequestOf({ ...at, graceMinutes: null }, FILE)?.graceMinutes).toBeNull();
  });

  it("turns the window on for a time or a rule and off for now, unless the person set it", () => {
    const start = initialScheduleForm();
    expect(start.windowOn).toBe(false);
    expect(chooseWhen(start, "at").windowOn).toBe(true);
    expect(chooseWhen(chooseWhen(start, "repeat"), "now").windowOn).toBe(false);
    const off = setWindowOn(chooseWhen(start, "at"), false);
    expect(chooseWhen(off, "repeat").windowOn).toBe(false);
    const on = setWindowOn(start, true);
    expect(chooseWhen(chooseWhen(on, "at"), "now").windowOn).toBe(true);
  });

  it("writes the repeat rule as the CLI's --repeat takes it", () => {
    expect(repeatOf({ repeatKind: "daily", days: ["MON"], cron: "" })).toBe("daily");
    expect(repeatOf({ repeatKind: "weekly", days: ["THU", "MON"], cron: "" })).toBe("weekly:MON,THU");
    expect(repeatOf({ repeatKind: "cron", days: [], cron: "  0  10 *   * 1 " })).toBe("cron 0 10 * * 1");
  });

  it("sends a daily or weekly rule with its first run, the window, the grace period and the audience", () => {
    const daily = form({ when: "repeat", at: AT, repeatKind: "daily", windowOn: true });
    expect(scheduleRequestOf(daily, FILE)).toEqual({ at: AT, repeat: "daily", window: DEFAULT_WINDOW, graceMinutes: 60, audience: "reread" });
    const weekly = form({
      when: "repeat",
      at: AT,
      repeatKind: "weekly",
      days: ["MON", "THU"],
      audience: "reuse",
      windowOn: true,
      window: { start: 1320, end: 360 },
      graceMinutes: 30,
    });
    expect(scheduleRequestOf(weekly, FILE)).toEqual({
      at: AT,
      repeat: "weekly:MON,THU",
      window: { start: 1320, end: 360 },
      graceMinutes: 30,
      audience: "reuse",
    });
  });

  it("sends a cron rule from now when no start is given", () => {
    const cron = form({ when: "repeat", repeatKind: "cron", cron: "0 10 * * 1" });
    expect(scheduleRequestOf(cron, FILE)).toEqual({ at: null, repeat: "cron 0 10 * * 1", window: null, graceMinutes: 60, audience: "reread" });
  });

  it("reuses a pasted list's recipients: it cannot be read again", () => {
    const daily = form({ when: "repeat", at: AT, repeatKind: "daily", audience: "reread" });
    expect(scheduleRequestOf(daily, { rereadable: false })?.audience).toBe("reuse");
  });

  it("reads a file or an Official Account's followers again, never a paste", () => {
    const followers = { tags: [{ id: "100", name: "VIP", count: 1786 }], matchAll: false };
    expect(rereadableOf({ path: "/home/test/会员.csv", followers: null })).toBe("file");
    expect(rereadableOf({ path: null, followers })).toBe("followers");
    expect(rereadableOf({ path: null, followers: null })).toBeNull();
    expect(rereadableOf({ path: null })).toBeNull();
  });

  it("makes no request while something is missing, and says what", () => {
    const cases: [Partial<ScheduleForm>, ReturnType<typeof scheduleBlocker>][] = [
      [{ when: "at" }, "at"],
      [{ when: "repeat", repeatKind: "daily" }, "at"],
      [{ when: "repeat", repeatKind: "weekly", at: AT, days: [] }, "days"],
      [{ when: "repeat", repeatKind: "cron", cron: "  " }, "cron"],
      [{ when: "now", windowOn: true, window: { start: 600, end: 600 } }, "window"],
      [{ when: "at", at: AT, graceMinutes: MAX_GRACE_MINUTES + 1 }, "grace"],
    ];
    for (const [patch, blocker] of cases) {
      expect(scheduleBlocker(form(patch)), JSON.stringify(patch)).toBe(blocker);
      expect(scheduleRequestOf(form(patch), FILE), JSON.stringify(patch)).toBeNull();
    }
    // A time chosen earlier does not matter for now.
    expect(scheduleBlocker(form({ when: "now", at: null }))).toBeNull();
  });

  it("finds a weekly rule's first run: the first chosen day from the given date, at its time", () => {
    // 12 December 2030 is a Thursday.
    expect(firstWeeklyRun(AT, ["THU"])).toBe(AT);
    expect(firstWeeklyRun(AT, ["MON", "FRI"])).toBe(new Date(2030, 11, 13, 10, 0).getTime());
    expect(firstWeeklyRun(AT, ["WED"])).toBe(new Date(2030, 11, 18, 10, 0).getTime());
    expect(firstWeeklyRun(AT, [])).toBeNull();
  });

  it("places the core's refusals by their field key, in the UI's language", () => {
    const passed = new IpcError("invalid_input", "at: this time has already passed; choose a later one", "at: 这个时间已经过去了，请选择以后的时间");
    expect(scheduleFieldError(passed)).toEqual({ field: "at", message: "这个时间已经过去了，请选择以后的时间" });
    expect(scheduleFieldError(new IpcError("invalid_input", "repeat: x", "repeat: 甲"))?.field).toBe("repeat");
    expect(scheduleFieldError(new IpcError("invalid_input", "rate: too fast", "rate: 太快"))).toBeNull();
    expect(scheduleFieldError(new IpcError("conflict", "at: busy"))).toBeNull();
  });
});
