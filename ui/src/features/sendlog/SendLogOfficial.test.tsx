import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogEntry, LogFilter } from "../../ipc";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import type { FakeInterception } from "../../test/fakeIntercepted";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED } from "../../test/templateFixtures";
import { OFFICIAL_ACCOUNT } from "../accounts/testing/accountsPage";
import { BLOCKED_ACCOUNT, NOT_FOLLOWING, campaign, entry } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/** An Official Account's template messages in the log, beside a mini program's subscribe messages. */

const OA_TEMPLATE = { templateId: "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY", templateTitle: "会员积分变动提醒" };
const FOLLOWER_A = "oFans0000000000000000000007";
const FOLLOWER_B = "oFans0000000000000000000014";
const FOLLOWER_C = "oFans0000000000000000000021";
const FOLLOWER_D = "oFans0000000000000000000028";
/** An hour ago: the interception check looks at the last 30 days. */
const SENT_AT = Date.now() - 60 * 60 * 1000;

/** One of the Official Account's template messages, of campaign 20. */
function templateMessage(partial: Partial<LogEntry> & { id: number }): LogEntry {
  return entry({
    accountId: OFFICIAL_ACCOUNT.id,
    accountName: OFFICIAL_ACCOUNT.name,
    campaignId: 20,
    campaignName: "积分月报",
    channel: "template_message",
    ...OA_TEMPLATE,
    startedAt: SENT_AT + partial.id * 1000,
    finishedAt: SENT_AT + partial.id * 1000 + 150,
    miniprogramState: null,
    lang: null,
    ...partial,
  });
}

/** A mini program's send (1), the Official Account's: sent (2, 6), not a follower (3), blocked (4), intercepted (5). */
function log(): LogEntry[] {
  return [
    entry({ id: 1, startedAt: SENT_AT, finishedAt: SENT_AT + 100 }),
    templateMessage({ id: 2, openid: FOLLOWER_A }),
    templateMessage({ id: 3, openid: FOLLOWER_B, status: "not_subscribed", errcode: 43004, errmsg: "require subscribe", msgid: null, explanation: NOT_FOLLOWING }),
    templateMessage({ id: 4, openid: FOLLOWER_C, status: "not_subscribed", errcode: 43019, errmsg: "in blacklist", msgid: null, explanation: BLOCKED_ACCOUNT }),
    templateMessage({ id: 5, openid: FOLLOWER_D, delivery: "delivery_failed", deliveryStatus: "intercepted", deliveryAt: SENT_AT + 5000 }),
    templateMessage({ id: 6, openid: FOLLOWER_C }),
  ];
}

const oaCampaign = () =>
  campaign({ id: 20, accountId: OFFICIAL_ACCOUNT.id, name: "积分月报", channel: "template_message", ...OA_TEMPLATE, createdAt: SENT_AT - 60_000 });

async function openLog(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp(
    "/log",
    {
      accounts: [SANDBOX_ACCOUNT, REAL_ACCOUNT, OFFICIAL_ACCOUNT],
      prefs: { language: "zh-CN", theme: "light", showSandbox: true, selectedAccountId: OFFICIAL_ACCOUNT.id },
      logEntries: log(),
      campaigns: [campaign({ id: 7 }), oaCampaign()],
      templates: { [REAL_ACCOUNT.id]: [ORDER_SHIPPED] },
      ...overrides,
    },
    FAST_USER,
  );
  await appReady();
  await screen.findByTestId("log-row-2");
  return view;
}

function lastFilter(backend: ReturnType<typeof renderApp>["backend"]): LogFilter {
  const calls = backend.callsTo("log_page").filter((c) => (c.args as { cursor: unknown }).cursor === null);
  return (calls[calls.length - 1]?.args as { filter: LogFilter }).filter;
}

const rowIds = () => screen.getAllByTestId(/^log-row-\d+$/).map((row) => row.dataset.testid);
const headers = () => within(screen.getByTestId("log-table")).getAllByRole("columnheader").map((th) => th.textContent);

describe("an Official Account's sends in the log", () => {
  it("shows each send's message type, filters by it, and keeps the filter while the user is away", async () => {
    const { user, backend } = await openLog();
    await user.click(screen.getByTestId("log-scope-all"));
    await screen.findByTestId("log-row-1");
    expect(headers()).toEqual(["时间", "账号", "任务", "消息类型", "模板", "openid", "状态", "送达", "原因", "第几次"]);
    expect(screen.getByTestId("log-channel-1")).toHaveTextContent("订阅消息");
    expect(screen.getByTestId("log-channel-2")).toHaveTextContent("模板消息");
    expect(screen.getByTestId("log-channel-2")).toHaveAttribute("data-channel", "template_message");

    fireEvent.mouseDown(within(screen.getByTestId("log-channel")).getByRole("combobox"));
    fireEvent.click(await screen.findByTestId("log-channel-option-template_message"));
    await waitFor(() => expect(lastFilter(backend).channel).toBe("template_message"));
    await waitFor(() => expect(rowIds()).toEqual(["log-row-6", "log-row-5", "log-row-4", "log-row-3", "log-row-2"]));
    // The totals (and an export) are of the same rows.
    await waitFor(() => expect(screen.getByTestId("log-totals-total")).toHaveAttribute("data-count", "5"));

    fireEvent.mouseDown(within(screen.getByTestId("log-channel")).getByRole("combobox"));
    fireEvent.click(await screen.findByTestId("log-channel-option-subscribe_message"));
    await waitFor(() => expect(rowIds()).toEqual(["log-row-1"]));

    await user.click(screen.getByTestId("nav-campaigns"));
    await screen.findByTestId("page-campaigns");
    await user.click(screen.getByTestId("nav-log"));
    await screen.findByTestId("page-log");
    expect(screen.getByTestId("log-channel")).toHaveTextContent("订阅消息");
    await waitFor(() => expect(rowIds()).toEqual(["log-row-1"]));
    expect(lastFilter(backend).channel).toBe("subscribe_message");

    // The column is one of the chooser's.
    await user.click(screen.getByTestId("log-columns"));
    await user.click(within(await screen.findByTestId("log-columns-panel")).getByTestId("log-column-channel"));
    expect(headers()).not.toContain("消息类型");
  });

  // Regression (issue 16 review): the totals and the status filter called an Official Account's
  // 43004 / 43019 "未订阅", a subscribe message's word.
  it("names the not-subscribed status by the channels the log shows", async () => {
    const { user } = await openLog();
    const statusTag = () => screen.getByTestId("log-totals-status-not_subscribed");
    await waitFor(() => expect(statusTag()).toHaveTextContent("未关注/已拉黑 2"));
    fireEvent.mouseDown(within(screen.getByTestId("log-status")).getByRole("combobox"));
    expect(await screen.findByTestId("log-status-option-not_subscribed")).toHaveTextContent("未关注/已拉黑");

    await user.click(screen.getByTestId("log-scope-all"));
    await screen.findByTestId("log-row-1");
    await waitFor(() => expect(statusTag()).toHaveTextContent("未订阅/未关注"));

    fireEvent.mouseDown(within(screen.getByTestId("log-channel")).getByRole("combobox"));
    fireEvent.click(await screen.findByTestId("log-channel-option-subscribe_message"));
    await waitFor(() => expect(rowIds()).toEqual(["log-row-1"]));
    fireEvent.mouseDown(within(screen.getByTestId("log-status")).getByRole("combobox"));
    await waitFor(() => expect(screen.getByTestId("log-status-option-not_subscribed")).toHaveTextContent(/^未订阅$/));
  });

  it("says who does not follow or blocked the account, and which messages WeChat intercepted", async () => {
    const { user } = await openLog();
    expect(within(screen.getByTestId("log-row-3")).getByText("未关注")).toHaveAttribute("data-status", "not_subscribed");
    expect(within(screen.getByTestId("log-row-4")).getByText("已拉黑")).toHaveAttribute("data-status", "not_subscribed");
    expect(screen.getByTestId("log-row-3")).toHaveTextContent("用户未关注公众号");
    const intercepted = screen.getByTestId("log-delivery-5");
    expect(intercepted).toHaveTextContent("被拦截");
    expect(intercepted).toHaveAttribute("data-intercepted", "true");
    expect(intercepted).toHaveAttribute("data-delivery", "delivery_failed");
    expect(screen.getByTestId("log-delivery-2")).toHaveTextContent("无回执");
    // The tooltip says what an interception is.
    fireEvent.mouseEnter(intercepted);
    expect(await screen.findByText(/纯营销内容/)).toBeInTheDocument();

    await user.click(screen.getByTestId("log-row-5"));
    const drawer = await screen.findByTestId("log-detail-fields");
    expect(within(drawer).getByTestId("log-detail-channel")).toHaveTextContent("模板消息");
    expect(await screen.findByTestId("log-detail-intercepted")).toHaveTextContent("这条消息被微信拦截了");
    expect(screen.getByTestId("log-detail-delivery")).toHaveTextContent("被拦截");
    // The card as the Official Account's chat shows a template message.
    expect(within(screen.getByTestId("log-detail-card")).getByTestId("wx-chat")).toHaveAttribute("data-channel", "template_message");

    await user.click(screen.getByTestId("log-row-4"));
    await waitFor(() => expect(screen.getByTestId("log-detail-status")).toHaveTextContent("已拉黑"));
    expect(screen.getByTestId("log-detail-explanation")).toHaveTextContent("不要再发给他");
  });

  it("checks for intercepted messages, marks them, and shows them at once", async () => {
    const interceptions: FakeInterception[] = [
      { ...OA_TEMPLATE, openid: FOLLOWER_A, sentAt: SENT_AT + 2000 + 800 },
      { ...OA_TEMPLATE, openid: FOLLOWER_C, sentAt: SENT_AT + 6000 + 300 },
    ];
    const { user, backend } = await openLog({ interceptions: { [OFFICIAL_ACCOUNT.id]: interceptions } });
    expect(screen.getByTestId("log-delivery-2")).toHaveTextContent("无回执");

    await user.click(screen.getByTestId("log-check-intercepted"));
    const summary = await screen.findByTestId("log-intercepted-summary");
    expect(summary).toHaveTextContent("找到 2 条被拦截的消息，已标记 2 条");
    expect(backend.callsTo("check_intercepted").map((call) => call.args)).toEqual([{ accountId: OFFICIAL_ACCOUNT.id }]);
    // The log is read again: the two sends are not delivered after all.
    await waitFor(() => expect(screen.getByTestId("log-delivery-2")).toHaveTextContent("被拦截"));
    expect(screen.getByTestId("log-delivery-6")).toHaveTextContent("被拦截");
    expect(screen.queryByTestId("log-delivery-3")).not.toBeInTheDocument();

    // Asked again, WeChat lists the same two: marked before, nothing new.
    await user.click(screen.getByTestId("log-check-intercepted"));
    await waitFor(() => expect(screen.getByTestId("log-intercepted-summary")).toHaveAttribute("data-marked", "0"));
    expect(screen.getByTestId("log-intercepted-summary")).toHaveTextContent("找到 2 条被拦截的消息，已标记 0 条");
    expect(screen.getByTestId("log-intercepted-summary")).toHaveTextContent("另外 2 条之前已经标记过");

    await user.click(within(screen.getByTestId("log-intercepted-summary")).getByRole("button", { name: "关闭" }));
    await waitFor(() => expect(screen.queryByTestId("log-intercepted-summary")).not.toBeInTheDocument());
  });

  it("spins while WeChat is asked, takes no second click, and says plainly when the check fails", async () => {
    let answer!: () => void;
    const held = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const { user, backend } = await openLog({ beforeInterceptedCheck: () => held });
    const button = screen.getByTestId("log-check-intercepted");
    await user.click(button);
    await waitFor(() => expect(button).toHaveTextContent("正在向微信查询…"));
    expect(button).toBeDisabled();
    await user.click(button);
    expect(backend.callsTo("check_intercepted")).toHaveLength(1);
    answer();
    // WeChat lists nothing for the account's one template.
    expect(await screen.findByTestId("log-intercepted-summary")).toHaveTextContent("检查了 1 个模板：没有找到被拦截的消息。");
    expect(button).toHaveTextContent("检查被拦截的消息");

    backend.failures.check_intercepted = { code: "network", message: "cannot reach api.weixin.qq.com", messageZh: "无法连接 api.weixin.qq.com" };
    await user.click(button);
    const error = await screen.findByTestId("log-intercepted-error");
    expect(error).toHaveTextContent("无法检查被拦截的消息");
    expect(error).toHaveTextContent("无法连接 api.weixin.qq.com");
    expect(screen.queryByTestId("log-intercepted-summary")).not.toBeInTheDocument();
  });

  it("offers no check, message type column or filter for a mini program alone", async () => {
    renderApp("/log", { logEntries: [entry({ id: 1 })] }, FAST_USER);
    await appReady();
    await screen.findByTestId("log-row-1");
    expect(screen.queryByTestId("log-check-intercepted")).not.toBeInTheDocument();
    expect(screen.queryByTestId("log-channel")).not.toBeInTheDocument();
    expect(headers()).not.toContain("消息类型");
  });
});
