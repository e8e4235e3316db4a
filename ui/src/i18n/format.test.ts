import { describe, expect, it } from "vitest";
import { datePickerFormat, formatCardDate, formatDate, formatDateTime, formatNumber, formatPercent } from "./format";

// Local time, as the app shows it: 5 December 2026, 10:00:07 on this computer's clock.
const AT = new Date(2026, 11, 5, 10, 0, 7);

describe("the one date rule", () => {
  it("writes Chinese dates as year-month-day in numbers with a 24-hour clock", () => {
    expect(formatDateTime(AT, "zh-CN")).toBe("2026-12-05 10:00");
    expect(formatDateTime(AT, "zh-CN", { seconds: true })).toBe("2026-12-05 10:00:07");
    expect(formatDate(AT, "zh-CN")).toBe("2026-12-05");
    expect(formatDateTime(new Date(2026, 0, 2, 21, 5), "zh-CN")).toBe("2026-01-02 21:05");
  });

  it("writes English dates the English locale's way, month by name, 24-hour clock", () => {
    expect(formatDateTime(AT, "en")).toBe("Dec 5, 2026, 10:00");
    expect(formatDateTime(AT, "en", { seconds: true })).toBe("Dec 5, 2026, 10:00:07");
    expect(formatDate(AT, "en")).toBe("Dec 5, 2026");
    expect(formatDateTime(new Date(2026, 0, 2, 0, 5), "en")).toBe("Jan 2, 2026, 00:05");
  });

  it("takes Unix milliseconds, RFC 3339 text and dates alike", () => {
    const ms = AT.getTime();
    expect(formatDateTime(ms, "zh-CN")).toBe("2026-12-05 10:00");
    expect(formatDateTime(AT.toISOString(), "zh-CN")).toBe("2026-12-05 10:00");
    expect(formatDate(ms, "en")).toBe("Dec 5, 2026");
  });

  it("leaves text that is no instant as it is", () => {
    expect(formatDateTime("not a date", "zh-CN")).toBe("not a date");
    expect(formatDate("", "en")).toBe("");
  });

  it("gives the date picker the same day format", () => {
    expect(datePickerFormat("zh-CN")).toBe("YYYY-MM-DD");
    expect(datePickerFormat("en")).toBe("MMM D, YYYY");
  });
});

describe("counts", () => {
  it("group thousands the locale's way", () => {
    expect(formatNumber(1234567, "zh-CN")).toBe("1,234,567");
    expect(formatNumber(1234567, "en")).toBe("1,234,567");
    expect(formatNumber(0, "zh-CN")).toBe("0");
    expect(formatNumber(999, "en")).toBe("999");
  });

  it("give shares at most one decimal, and never round a non-zero count to 0% or 100%", () => {
    expect(formatPercent(9, 10, "zh-CN")).toBe("90%");
    expect(formatPercent(1, 40, "en")).toBe("2.5%");
    expect(formatPercent(1, 3, "zh-CN")).toBe("33.3%");
    expect(formatPercent(0, 10, "zh-CN")).toBe("0%");
    expect(formatPercent(10, 10, "en")).toBe("100%");
    expect(formatPercent(1, 5000, "zh-CN")).toBe("<0.1%");
    expect(formatPercent(4999, 5000, "zh-CN")).toBe(">99.9%");
    expect(formatPercent(3, 0, "en")).toBe("0%");
  });
});

describe("the WeChat card's date", () => {
  it("follows the card's language, not the UI's", () => {
    expect(formatCardDate(AT, "zh_CN")).toBe("12月5日");
    expect(formatCardDate(AT, "zh_TW")).toBe("12月5日");
    expect(formatCardDate(AT.getTime(), "en_US")).toBe("Dec 5");
  });
});
