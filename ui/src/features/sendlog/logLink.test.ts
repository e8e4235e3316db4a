import { describe, expect, it } from "vitest";
import { logLinkPath, viewFromLink } from "./logLink";
import { EMPTY_FILTER, localMidnight } from "./model";

/** Wednesday 4 March 2026, 10:30 local time. */
const NOW = new Date(2026, 2, 4, 10, 30);
const TODAY = localMidnight(NOW);
const TOMORROW = localMidnight(NOW, 1);
const MONDAY = localMidnight(NOW, -2);

const paramsOf = (path: string) => new URLSearchParams(path.slice(path.indexOf("?") + 1));

describe("links into the send log", () => {
  it("keep a campaign's link as the campaign report writes it", () => {
    expect(logLinkPath({ accountId: 2, campaignId: 7 })).toBe("/log?campaign=7&account=2");
    expect(viewFromLink(paramsOf("/log?campaign=7&account=2"), 2, NOW)).toEqual({ filter: { ...EMPTY_FILTER, campaignId: 7 }, customDays: null });
    // Another account's campaign: the campaign narrows the rows, so every account is looked at.
    expect(viewFromLink(paramsOf("/log?campaign=7&account=2"), 1, NOW)?.filter.scope).toBe("all");
  });

  it("open today's rows of one outcome on the log's own Today preset", () => {
    const path = logLinkPath({ accountId: 2, status: ["failed"], fromMs: TODAY, toMs: TOMORROW });
    expect(path).toBe(`/log?account=2&status=failed&from=${TODAY}&to=${TOMORROW}`);
    const view = viewFromLink(paramsOf(path), 2, NOW);
    expect(view?.filter).toEqual({ ...EMPTY_FILTER, status: ["failed"], range: { preset: "today", fromMs: TODAY, toMs: TOMORROW } });
    expect(view?.customDays).toBeNull();
  });

  it("open this week as a custom range whose picker shows Monday to today", () => {
    const path = logLinkPath({ accountId: 2, status: ["sending", "retry"], fromMs: MONDAY, toMs: TOMORROW });
    const view = viewFromLink(paramsOf(path), 2, NOW);
    expect(view?.filter).toEqual({ ...EMPTY_FILTER, status: ["retry", "sending"], range: { preset: "custom", fromMs: MONDAY, toMs: TOMORROW } });
    const [first, last] = view?.customDays ?? [];
    expect(first?.format("YYYY-MM-DD")).toBe("2026-03-02");
    expect(last?.format("YYYY-MM-DD")).toBe("2026-03-04");
  });

  it("carry an errcode, and stay on the current account when the link is not a campaign's", () => {
    const path = logLinkPath({ accountId: 2, errcode: -2, fromMs: MONDAY, toMs: TOMORROW });
    const view = viewFromLink(paramsOf(path), 5, NOW);
    expect(view?.filter).toMatchObject({ scope: "account", errcode: -2, status: [], campaignId: null });
  });

  it("ignore what is not a filter", () => {
    expect(viewFromLink(new URLSearchParams(""), 2, NOW)).toBeNull();
    expect(viewFromLink(new URLSearchParams("account=2"), 2, NOW)).toBeNull();
    expect(viewFromLink(new URLSearchParams("campaign=abc&status=nonsense&errcode=4x&from=yesterday"), 2, NOW)).toBeNull();
    expect(viewFromLink(new URLSearchParams("campaign=-3"), 2, NOW)).toBeNull();
  });
});
