import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Explanation, LogEntry, LogFilter, SendQuota } from "../../ipc";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { emitEvent, resetEvents } from "../../test/fakeEvents";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { campaign, counts, progress } from "../campaigns/testing/fixtures";
import { PROGRESS_EVENT } from "../campaigns/useCampaigns";
import { OFFICIAL_ACCOUNT } from "../accounts/testing/accountsPage";
import { BAD_DATA, NOT_SUBSCRIBED, entry } from "../sendlog/testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));

/** Wednesday 4 March 2026, 10:30 local time: the week began on Monday the 2nd. */
const NOW = new Date(2026, 2, 4, 10, 30);
/** A time in March 2026 (day 0 and below: the end of February). */
const at = (day: number, hour: number) => new Date(2026, 2, day, hour).getTime();
/** Thursday of last week. */
const LAST_WEEK = -2;
const TODAY = at(4, 0);
const TOMORROW = at(5, 0);
const MONDAY = at(2, 0);

beforeEach(() => {
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  resetEvents();
});

const TRANSPORT: Explanation = {
  title_zh: "网络中断，不确定微信是否收到",
  title_en: "The connection broke: WeChat may or may not have the message",
  action_zh: "先在日志中核对，再决定是否重发。",
  action_en: "Check the log before deciding to send again.",
};

let nextId = 1;
function attempt(day: number, partial: Partial<LogEntry> = {}): LogEntry {
  const id = nextId++;
  return entry({ id, startedAt: at(day, 9) + id * 1000, finishedAt: at(day, 9) + id * 1000 + 200, ...partial });
}
const notSubscribed = { status: "not_subscribed", errcode: 43101, msgid: null, explanation: NOT_SUBSCRIBED } as const;
const badData = { status: "failed", errcode: 47003, msgid: null, explanation: BAD_DATA } as const;
const transport = { status: "unknown", errcode: -2, msgid: null, explanation: TRANSPORT } as const;

/**
 * The real account's log: today 5 sent, 2 not subscribed, 1 failed, 1 unknown, 1 in flight;
 * Monday 3 sent and 2 failed more; last week's and the sandbox account's sends do not count.
 */
function theLog(): LogEntry[] {
  nextId = 1;
  return [
    ...Array.from({ length: 5 }, () => attempt(4)),
    attempt(4, notSubscribed),
    attempt(4, notSubscribed),
    attempt(4, badData),
    attempt(4, transport),
    attempt(4, { status: "sending", msgid: null }),
    ...Array.from({ length: 3 }, () => attempt(2)),
    attempt(2, badData),
    attempt(2, badData),
    ...Array.from({ length: 4 }, () => attempt(LAST_WEEK, { status: "failed", errcode: 40037, msgid: null })),
    ...Array.from({ length: 6 }, () => attempt(4, { accountId: SANDBOX_ACCOUNT.id, accountName: SANDBOX_ACCOUNT.name })),
  ];
}

const RUNNING = campaign({ id: 21, name: "三月会员日", status: "running", counts: counts({ total: 200, sent: 60, failed: 2, pending: 138 }) });
const PAUSED = campaign({ id: 22, name: "新品上架提醒", status: "paused", counts: counts({ total: 50, sent: 10, pending: 40 }) });
const READY = campaign({ id: 23, name: "周末预约提醒", status: "ready" });
const FINISHED = campaign({ id: 11, name: "二月账单通知", status: "finished", counts: counts({ total: 80, sent: 76, failed: 4 }), finishedAt: at(LAST_WEEK, 12) });
const CANCELLED = campaign({ id: 12, name: "试发活动", status: "cancelled", counts: counts({ total: 30, sent: 5, cancelled: 25 }), finishedAt: at(2, 15) });
const TEST_SEND = campaign({ id: 13, name: "测试发送", kind: "test", status: "finished" });
const SANDBOX_RUN = campaign({ id: 31, accountId: SANDBOX_ACCOUNT.id, name: "沙箱试发", status: "running" });

async function openDashboard(overrides: Parameters<typeof renderApp>[1] = {}, path = "/dashboard") {
  const view = renderApp(path, { logEntries: theLog(), campaigns: [FINISHED, CANCELLED, TEST_SEND, SANDBOX_RUN], ...overrides }, FAST_USER);
  await appReady();
  await screen.findByTestId("page-dashboard");
  return view;
}

const value = (testId: string) => screen.getByTestId(testId).getAttribute("data-value");

/** The filter of the last `log_page` call for a first page. */
function lastLogFilter(backend: ReturnType<typeof renderApp>["backend"]): LogFilter | undefined {
  const calls = backend.callsTo("log_page").filter((c) => (c.args as { cursor: unknown }).cursor === null);
  return (calls[calls.length - 1]?.args as { filter: LogFilter } | undefined)?.filter;
}

describe("dashboard", () => {
  it("is where the app opens, and shows today's and this week's sends of the current account by outcome", async () => {
    const { backend } = await openDashboard({}, "/");
    expect(window.location.hash).toBe("#/dashboard");
    expect(screen.getByTestId("nav-dashboard")).toHaveClass("ant-menu-item-selected");
    await screen.findByTestId("dashboard-today");
    expect(backend.callsTo("dashboard")[0]?.args).toEqual({ accountId: REAL_ACCOUNT.id });

    const today = screen.getByTestId("dashboard-today");
    expect(today).toHaveTextContent("今天");
    // The same words as the send log's total, which this number opens.
    expect(today).toHaveTextContent("共 10 次发送");
    expect(screen.getByTestId("dashboard-today-sent")).toHaveTextContent("已发送5");
    expect(screen.getByTestId("dashboard-today-not_subscribed")).toHaveTextContent("未订阅2");
    expect(screen.getByTestId("dashboard-today-failed")).toHaveTextContent("失败1");
    expect(screen.getByTestId("dashboard-today-unknown")).toHaveTextContent("结果未知1");
    expect(screen.getByTestId("dashboard-today-unsettled")).toHaveTextContent("另有 1 次正在发送或等待重试");
    expect(
      ["total", "sent", "not_subscribed", "failed", "unknown", "unsettled"].map((k) => value(`dashboard-today-${k}`)),
    ).toEqual(["10", "5", "2", "1", "1", "1"]);

    expect(screen.getByTestId("dashboard-week")).toHaveTextContent("2026-03-02 起");
    expect(
      ["total", "sent", "not_subscribed", "failed", "unknown", "unsettled"].map((k) => value(`dashboard-week-${k}`)),
    ).toEqual(["15", "8", "2", "3", "1", "1"]);
  });

  // Regression (issue 16 review): an Official Account's dashboard called 43004 / 43019 "未订阅".
  it("calls an Official Account's not-subscribed answers not following or blocked", async () => {
    const official = (e: LogEntry) => ({ ...e, accountId: OFFICIAL_ACCOUNT.id, accountName: OFFICIAL_ACCOUNT.name, channel: "template_message" as const });
    await openDashboard({
      accounts: [SANDBOX_ACCOUNT, OFFICIAL_ACCOUNT],
      prefs: { language: "zh-CN", theme: "light", showSandbox: true, selectedAccountId: OFFICIAL_ACCOUNT.id },
      logEntries: theLog().map(official),
    });
    await waitFor(() => expect(screen.getByTestId("dashboard-today-not_subscribed")).toHaveTextContent("未关注/已拉黑2"));
  });

  it("opens the send log filtered to the outcome and period of the number clicked", async () => {
    const { user, backend } = await openDashboard();
    const failedToday = await screen.findByTestId("dashboard-today-failed");
    expect(failedToday).toHaveAttribute("href", `#/log?account=${REAL_ACCOUNT.id}&status=failed&from=${TODAY}&to=${TOMORROW}`);
    await user.click(failedToday);

    await screen.findByTestId("page-log");
    const filter: LogFilter = {
      accountId: REAL_ACCOUNT.id,
      campaignId: null,
      templateId: null,
      status: ["failed"],
      errcode: null,
      openid: null,
      openidPrefix: false,
      fromMs: TODAY,
      toMs: TOMORROW,
      delivery: null,
      channel: null,
    };
    await waitFor(() => expect(lastLogFilter(backend)).toEqual(filter));
    // Exactly the one failure of today, shown with the filter bar saying so.
    await screen.findByTestId("log-row-8");
    expect(screen.getAllByTestId(/^log-row-\d+$/)).toHaveLength(1);
    expect(screen.getByTestId("log-range-today").closest(".ant-segmented-item")).toHaveClass("ant-segmented-item-selected");
    expect(screen.getByTestId("log-status")).toHaveTextContent("失败");

    // This week's: a custom range from Monday, its days in the picker.
    await user.click(screen.getByTestId("nav-dashboard"));
    await user.click(await screen.findByTestId("dashboard-week-sent"));
    await screen.findByTestId("page-log");
    await waitFor(() => expect(lastLogFilter(backend)).toEqual({ ...filter, status: ["sent"], fromMs: MONDAY }));
    expect(screen.getByTestId("log-range-custom").closest(".ant-segmented-item")).toHaveClass("ant-segmented-item-selected");
    const picker = screen.getByTestId("page-log").querySelector(".ant-picker-range");
    expect([...(picker?.querySelectorAll("input") ?? [])].map((input) => input.value)).toEqual(["2026-03-02", "2026-03-04"]);
    await waitFor(() => expect(screen.getAllByTestId(/^log-row-\d+$/)).toHaveLength(8));
  });

  it("shows today's quota: used, left and the daily limit, with when WeChat was asked", async () => {
    const { backend } = await openDashboard({ dailyQuota: { [REAL_ACCOUNT.id]: 1000 } });
    const quota = screen.getByTestId("dashboard-quota");
    await within(quota).findByTestId("dashboard-quota-remain");
    expect(backend.callsTo("send_quota")[0]?.args).toEqual({ accountId: REAL_ACCOUNT.id });
    // Every attempt of the account today reached WeChat: 10 used.
    expect(value("dashboard-quota-used")).toBe("10");
    expect(value("dashboard-quota-remain")).toBe("990");
    expect(value("dashboard-quota-limit")).toBe("1000");
    expect(value("dashboard-quota-checked-at")).toBe(String(NOW.getTime()));
    expect(quota).toHaveTextContent("今日剩余990");
    expect(quota).toHaveTextContent("已用 10");
    expect(quota).toHaveTextContent("每日上限 1,000");
    expect(within(quota).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "1");
  });

  it("shows a quota that cannot be checked in place, in the user's language, and checks again on request", async () => {
    const { user, backend } = await openDashboard({
      failures: {
        send_quota: {
          code: "wechat",
          message: "WeChat answered 48001: the account may not call this API. Check the mini program's permissions (rid: 64f0c1d2-1a2b3c4d-5e6f7a8b)",
          messageZh: "微信返回错误 48001：没有调用这个接口的权限。请检查小程序的接口权限（rid：64f0c1d2-1a2b3c4d-5e6f7a8b）",
        },
      },
    });
    const error = await screen.findByTestId("dashboard-quota-error");
    expect(error).toHaveAttribute("data-code", "wechat");
    expect(error).toHaveTextContent("无法查询今日额度 · 微信接口返回错误");
    expect(error).toHaveTextContent("微信返回错误 48001：没有调用这个接口的权限");
    expect(error).not.toHaveTextContent("WeChat answered");
    expect(screen.queryByTestId("dashboard-quota-remain")).not.toBeInTheDocument();
    // Everything else is there all the same, and no notification pops up: the card says it.
    expect(value("dashboard-today-sent")).toBe("5");
    expect(screen.getByTestId("dashboard-active-empty")).toBeInTheDocument();
    expect(screen.queryByTestId("error-notification")).not.toBeInTheDocument();

    backend.failures = {};
    await user.click(screen.getByTestId("dashboard-quota-refresh"));
    await waitFor(() => expect(screen.queryByTestId("dashboard-quota-error")).not.toBeInTheDocument());
    expect(value("dashboard-quota-remain")).toBe(String(10_000_000 - 10));
    expect(backend.callsTo("send_quota")).toHaveLength(2);
  });

  it("speaks English when the app does, the quota's failure included", async () => {
    await openDashboard({
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null },
      failures: { send_quota: { code: "network", message: "Could not reach api.weixin.qq.com: connection timed out", messageZh: "无法连接 api.weixin.qq.com：连接超时" } },
    });
    const error = await screen.findByTestId("dashboard-quota-error");
    expect(error).toHaveTextContent("Could not check today's quota · Network connection failed");
    expect(error).toHaveTextContent("Could not reach api.weixin.qq.com: connection timed out");
    expect(screen.getByTestId("page-dashboard")).toHaveTextContent("Overview");
    expect(screen.getByTestId("dashboard-today")).toHaveTextContent("Today");
    expect(screen.getByTestId("dashboard-today-not_subscribed")).toHaveTextContent("Not subscribed2");
    expect(screen.getByTestId("dashboard-week")).toHaveTextContent("since Mar 2, 2026");
    for (const card of ["dashboard-today", "dashboard-week", "dashboard-quota", "dashboard-active"]) {
      expect(screen.getByTestId(card)).not.toHaveTextContent(/[\u4e00-\u9fff]/);
    }
  });

  it("never waits for WeChat's quota to show the rest", async () => {
    await openDashboard({ sendQuota: () => new Promise<SendQuota>(() => {}) });
    expect(await screen.findByTestId("dashboard-today-sent")).toHaveAttribute("data-value", "5");
    expect(screen.getByTestId("dashboard-quota-loading")).toHaveTextContent("正在向微信查询…");
  });

  it("lists the unfinished campaigns with status and progress, the last ended ones, and opens a campaign", async () => {
    const { user } = await openDashboard({ campaigns: [FINISHED, CANCELLED, TEST_SEND, SANDBOX_RUN, RUNNING, PAUSED, READY] });
    const active = await screen.findByTestId("dashboard-active");
    const rows = within(active).getAllByTestId(/^dashboard-active-\d+$/);
    expect(rows.map((row) => [row.dataset.testid, row.dataset.status])).toEqual([
      ["dashboard-active-23", "ready"],
      ["dashboard-active-22", "paused"],
      ["dashboard-active-21", "running"],
    ]);
    expect(screen.getByTestId("dashboard-active-21-status")).toHaveTextContent("发送中");
    expect(screen.getByTestId("dashboard-active-21")).toHaveTextContent("已处理 62 / 共 200 人");
    expect(screen.getByTestId("dashboard-active-21-outcome").querySelector("[data-segment=sent]")).toHaveAttribute("data-value", "60");

    const recent = screen.getByTestId("dashboard-recent");
    expect(within(recent).getAllByTestId(/^dashboard-recent-\d+$/).map((row) => row.dataset.testid)).toEqual([
      "dashboard-recent-12",
      "dashboard-recent-11",
    ]);
    expect(screen.getByTestId("dashboard-recent-11")).toHaveTextContent("已发送 76 / 共 80 人");
    expect(screen.getByTestId("page-dashboard")).not.toHaveTextContent("测试发送");
    expect(screen.getByTestId("page-dashboard")).not.toHaveTextContent("沙箱试发");

    await user.click(screen.getByTestId("dashboard-active-22-open"));
    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    expect(window.location.hash).toBe("#/campaigns/22");
  });

  it("lists this week's reasons a send did not go through, in plain words, each a way into the log", async () => {
    const { user, backend } = await openDashboard();
    const card = await screen.findByTestId("dashboard-errcodes");
    const items = within(card).getAllByTestId(/^dashboard-errcode--?\d+$/);
    expect(items.map((item) => [item.dataset.testid, item.dataset.count])).toEqual([
      ["dashboard-errcode-47003", "3"],
      ["dashboard-errcode-43101", "2"],
      ["dashboard-errcode--2", "1"],
    ]);
    expect(items[0]).toHaveTextContent(BAD_DATA.title_zh);
    expect(items[0]).toHaveTextContent(BAD_DATA.action_zh);
    expect(items[2]).toHaveTextContent(TRANSPORT.title_zh);

    await user.click(within(card).getByTestId("dashboard-errcode-47003-link"));
    await screen.findByTestId("page-log");
    await waitFor(() => expect(lastLogFilter(backend)).toMatchObject({ errcode: 47003, status: null, fromMs: MONDAY, toMs: TOMORROW }));
    await waitFor(() => expect(screen.getAllByTestId(/^log-row-\d+$/)).toHaveLength(3));
  });

  it("shows no reasons when nothing failed this week", async () => {
    nextId = 1;
    await openDashboard({ logEntries: [attempt(4), attempt(3)] });
    expect(await screen.findByTestId("dashboard-today-sent")).toHaveAttribute("data-value", "1");
    expect(value("dashboard-week-sent")).toBe("2");
    expect(screen.queryByTestId("dashboard-today-unsettled")).not.toBeInTheDocument();
    expect(screen.queryByTestId("dashboard-errcodes")).not.toBeInTheDocument();
  });

  it("follows a running campaign: its bar moves with progress, and the numbers are read again", async () => {
    const { backend } = await openDashboard({ campaigns: [RUNNING] });
    await screen.findByTestId("dashboard-active-21");
    const calls = backend.callsTo("dashboard").length;

    emitEvent(PROGRESS_EVENT, progress({ campaignId: 21, counts: counts({ total: 200, sent: 120, failed: 2, pending: 78 }) }));
    await waitFor(() =>
      expect(screen.getByTestId("dashboard-active-21-outcome").querySelector("[data-segment=sent]")).toHaveAttribute("data-value", "120"),
    );

    // While it runs, the page reads the store again by itself: new sends show up.
    backend.logEntries = [...backend.logEntries, attempt(4), attempt(4)];
    await waitFor(() => expect(value("dashboard-today-sent")).toBe("7"), { timeout: 10_000 });
    expect(backend.callsTo("dashboard").length).toBeGreaterThan(calls);

    // The run ends: read again at once, and the quota too (the run used some).
    const quotaCalls = backend.callsTo("send_quota").length;
    backend.campaigns = [{ ...RUNNING, status: "finished", counts: counts({ total: 200, sent: 198, failed: 2 }) }];
    emitEvent(PROGRESS_EVENT, progress({ campaignId: 21, status: "finished", counts: counts({ total: 200, sent: 198, failed: 2 }) }));
    await waitFor(() => expect(screen.getByTestId("dashboard-recent-21")).toBeInTheDocument());
    expect(screen.getByTestId("dashboard-active-empty")).toBeInTheDocument();
    await waitFor(() => expect(backend.callsTo("send_quota").length).toBeGreaterThan(quotaCalls));
  });

  it("shows why the overview cannot be read, with the quota beside it", async () => {
    const { user, backend } = await openDashboard({
      failures: { dashboard: { code: "store", message: "database is locked", messageZh: "数据库被占用" } },
    });
    const error = await screen.findByTestId("dashboard-error");
    expect(error).toHaveTextContent("无法读取概览 · 本地数据读写失败");
    expect(error).toHaveTextContent("数据库被占用");
    expect(await screen.findByTestId("dashboard-quota-remain")).toBeInTheDocument();

    backend.failures = {};
    await user.click(screen.getByTestId("dashboard-retry"));
    expect(await screen.findByTestId("dashboard-today-sent")).toHaveAttribute("data-value", "5");
  });

  it("without an account, sends the user to Accounts", async () => {
    const { user, backend } = await openDashboard({ accounts: [] });
    const empty = await screen.findByTestId("dashboard-no-account");
    expect(empty).toHaveTextContent("还没有选择账号");
    expect(backend.callsTo("dashboard")).toHaveLength(0);
    expect(backend.callsTo("send_quota")).toHaveLength(0);
    await user.click(within(empty).getByRole("button", { name: /前往账号页/ }));
    expect(await screen.findByTestId("page-accounts")).toBeInTheDocument();
  });
});
