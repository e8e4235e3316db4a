import { describe, expect, it } from "vitest";
import type { LogTotals } from "../../ipc";
import { dayAndWeekStart } from "../../test/fakeDashboard";
import { campaign, counts } from "../campaigns/testing/fixtures";
import { countOf, hasRunning, patchActive, periodRange, quotaPercent, topErrcodes } from "./model";

const TOTALS: LogTotals = {
  total: 12,
  byStatus: [
    { status: "sent", count: 6 },
    { status: "failed", count: 3 },
    { status: "retry", count: 2 },
    { status: "sending", count: 1 },
  ],
  byErrcode: [
    { errcode: 43101, count: 1, explanation: null },
    { errcode: null, count: 1, explanation: null },
    { errcode: 47003, count: 3, explanation: null },
    { errcode: -2, count: 2, explanation: null },
  ],
  delivery: { delivered: 0, deliveryFailed: 0, noReceipt: 6 },
};

describe("dashboard model", () => {
  it("counts one status or several", () => {
    expect(countOf(TOTALS, "sent")).toBe(6);
    expect(countOf(TOTALS, "unknown")).toBe(0);
    expect(countOf(TOTALS, ["sending", "retry"])).toBe(3);
  });

  it("ends both periods at tomorrow's midnight, so today is the log's own Today", () => {
    const { todayFromMs, weekFromMs } = dayAndWeekStart(new Date(2026, 2, 4, 10, 30));
    expect(periodRange({ todayFromMs, weekFromMs }, "today")).toEqual({ fromMs: new Date(2026, 2, 4).getTime(), toMs: new Date(2026, 2, 5).getTime() });
    expect(periodRange({ todayFromMs, weekFromMs }, "week")).toEqual({ fromMs: new Date(2026, 2, 2).getTime(), toMs: new Date(2026, 2, 5).getTime() });
  });

  it("starts the fake's week on Monday, a Sunday's six days before, a Monday's today", () => {
    expect(dayAndWeekStart(new Date(2027, 0, 3, 23, 59)).weekFromMs).toBe(new Date(2026, 11, 28).getTime());
    const monday = dayAndWeekStart(new Date(2026, 11, 28, 0, 1));
    expect(monday.weekFromMs).toBe(monday.todayFromMs);
  });

  it("lists the most frequent errcodes, without the group that has none", () => {
    expect(topErrcodes(TOTALS).map((g) => g.errcode)).toEqual([47003, -2, 43101]);
    expect(topErrcodes(TOTALS, 1).map((g) => g.errcode)).toEqual([47003]);
  });

  it("says how much of the quota is used, an exhausted quota full", () => {
    expect(quotaPercent({ dailyLimit: 1000, used: 250, remain: 750 })).toBe(25);
    expect(quotaPercent({ dailyLimit: 1000, used: 1200, remain: 0 })).toBe(100);
    expect(quotaPercent({ dailyLimit: 0, used: 0, remain: 0 })).toBe(100);
  });

  it("moves a listed campaign with a progress event, and tells when the campaign is not listed", () => {
    const active = [campaign({ id: 1, status: "running" }), campaign({ id: 2, status: "paused" })];
    expect(hasRunning({ active })).toBe(true);
    const moved = patchActive(active, { id: 1, status: "finished", counts: counts({ total: 100, sent: 100 }) });
    expect(moved?.[0]).toMatchObject({ id: 1, status: "finished", counts: { sent: 100 } });
    expect(hasRunning({ active: moved ?? [] })).toBe(false);
    expect(patchActive(active, { id: 9, status: "running", counts: counts({}) })).toBeUndefined();
  });
});
