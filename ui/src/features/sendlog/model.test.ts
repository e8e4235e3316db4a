import { describe, expect, it } from "vitest";
import { parseMessageParam } from "../compose/composeState";
import {
  EMPTY_FILTER,
  dayRange,
  localMidnight,
  parseErrcode,
  presetRange,
  sendAgainPath,
  splitByReason,
  toLogFilter,
  withExtension,
} from "./model";

describe("date ranges", () => {
  const now = new Date(2026, 2, 15, 14, 30, 5);

  it("today is [local midnight, next local midnight)", () => {
    expect(presetRange("today", now)).toEqual({
      preset: "today",
      fromMs: new Date(2026, 2, 15).getTime(),
      toMs: new Date(2026, 2, 16).getTime(),
    });
  });

  it("the last 7 and 30 days include today", () => {
    expect(presetRange("7d", now).fromMs).toBe(new Date(2026, 2, 9).getTime());
    expect(presetRange("30d", now).fromMs).toBe(new Date(2026, 1, 14).getTime());
    expect(presetRange("30d", now).toMs).toBe(new Date(2026, 2, 16).getTime());
  });

  it("a custom range covers both whole days", () => {
    expect(dayRange(new Date(2026, 0, 31, 9), new Date(2026, 1, 1, 23))).toEqual({
      preset: "custom",
      fromMs: new Date(2026, 0, 31).getTime(),
      toMs: new Date(2026, 1, 2).getTime(),
    });
    expect(localMidnight(new Date(2026, 11, 31, 23, 59), 1)).toBe(new Date(2027, 0, 1).getTime());
  });
});

describe("toLogFilter", () => {
  it("leaves everything open by default, scoped to the account", () => {
    expect(toLogFilter(EMPTY_FILTER, 2)).toEqual({
      accountId: 2,
      campaignId: null,
      templateId: null,
      status: null,
      errcode: null,
      openid: null,
      openidPrefix: false,
      fromMs: null,
      toMs: null,
      delivery: null,
      channel: null,
    });
    expect(toLogFilter({ ...EMPTY_FILTER, scope: "all" }, 2).accountId).toBeNull();
  });

  it("trims the openid and ignores the prefix flag without one", () => {
    expect(toLogFilter({ ...EMPTY_FILTER, openid: "  oAbc ", openidPrefix: true }, 1)).toMatchObject({ openid: "oAbc", openidPrefix: true });
    expect(toLogFilter({ ...EMPTY_FILTER, openid: "  ", openidPrefix: true }, 1)).toMatchObject({ openid: null, openidPrefix: false });
  });
});

describe("helpers", () => {
  it("parses errcodes", () => {
    expect(parseErrcode("")).toBeNull();
    expect(parseErrcode(" 43101 ")).toBe(43101);
    expect(parseErrcode("-2")).toBe(-2);
    expect(parseErrcode("4x")).toBeUndefined();
    expect(parseErrcode("1.5")).toBeUndefined();
  });

  it("builds the send-again link that Compose reads back", () => {
    const path = sendAgainPath({
      templateId: "tpl-1",
      values: [{ key: "thing1", value: "拿铁 & 摩卡" }],
      openid: "oAbc",
      page: "pages/order/detail?id=1&from=push",
      miniprogramState: "trial",
      lang: "en_US",
    });
    const params = new URLSearchParams(path.split("?")[1]);
    expect(path.startsWith("/compose?")).toBe(true);
    expect(params.get("template")).toBe("tpl-1");
    expect(params.get("openid")).toBe("oAbc");
    expect(parseMessageParam(params.get("values"))).toEqual({
      values: { thing1: "拿铁 & 摩卡" },
      page: "pages/order/detail?id=1&from=push",
      miniprogramState: "trial",
      lang: "en_US",
    });
  });

  it("leaves out what an old log row does not say", () => {
    const path = sendAgainPath({ templateId: "tpl-1", values: [], openid: "oAbc", page: null, miniprogramState: null, lang: null });
    const message = parseMessageParam(new URLSearchParams(path.split("?")[1]).get("values"));
    expect(message).toEqual({ values: {}, page: null });
  });

  it("swaps export extensions", () => {
    expect(withExtension("/a/b.csv", "xlsx")).toBe("/a/b.xlsx");
    expect(withExtension("/a/b", "csv")).toBe("/a/b.csv");
  });

  it("splits failed rows by reason so the parts add up", () => {
    const groups = [
      { errcode: 47003, count: 6 },
      { errcode: 43107, count: 3 },
    ];
    expect(splitByReason(9, groups).map((p) => p.count)).toEqual([6, 3]);
    expect(splitByReason(11, groups).map((p) => [p.group?.errcode ?? null, p.count])).toEqual([
      [47003, 6],
      [43107, 3],
      [null, 2],
    ]);
    const scaled = splitByReason(4, groups);
    expect(scaled.reduce((sum, p) => sum + p.count, 0)).toBe(4);
    expect(splitByReason(0, groups)).toEqual([]);
  });
});
