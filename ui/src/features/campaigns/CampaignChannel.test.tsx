import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { OFFICIAL_ACCOUNT } from "../accounts/testing/accountsPage";
import { campaign, counts } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/** Which kind of message a campaign sends, where its template is named. */

const ACCOUNTS = [SANDBOX_ACCOUNT, REAL_ACCOUNT, OFFICIAL_ACCOUNT];
const prefs = (selectedAccountId: number) => ({ language: "zh-CN" as const, theme: "light" as const, showSandbox: true, selectedAccountId });

const monthly = campaign({
  id: 20,
  accountId: OFFICIAL_ACCOUNT.id,
  name: "积分月报",
  channel: "template_message",
  templateTitle: "会员积分变动提醒",
  status: "finished",
  counts: counts({ total: 10, sent: 9, notSubscribed: 1 }),
});

describe("a campaign's message type", () => {
  it("is beside the template in the list: 订阅消息 for a mini program's, 模板消息 for an Official Account's", async () => {
    const view = renderApp("/campaigns", { accounts: ACCOUNTS, prefs: prefs(OFFICIAL_ACCOUNT.id), campaigns: [monthly, campaign({ id: 7 })] }, FAST_USER);
    await appReady();
    const row = await screen.findByTestId("campaign-row-20");
    const tag = within(row).getByTestId("campaign-row-channel-20");
    expect(tag).toHaveTextContent("模板消息");
    expect(tag).toHaveAttribute("data-channel", "template_message");
    expect(row).toHaveTextContent("会员积分变动提醒");
    view.unmount();

    renderApp("/campaigns", { campaigns: [campaign({ id: 7 })] }, FAST_USER);
    await appReady();
    expect(await screen.findByTestId("campaign-row-channel-7")).toHaveTextContent("订阅消息");
  });

  it("is in the campaign's page and its report", async () => {
    const { user } = renderApp("/campaigns/20", { accounts: ACCOUNTS, prefs: prefs(OFFICIAL_ACCOUNT.id), campaigns: [monthly] }, FAST_USER);
    await appReady();
    const meta = await screen.findByTestId("campaign-meta");
    expect(within(meta).getByTestId("campaign-channel")).toHaveTextContent("模板消息");
    expect(meta).toHaveTextContent("模板「会员积分变动提醒」");
    // Its people who did not get it do not follow the account or blocked it: no subscription is involved.
    expect(screen.getByTestId("campaign-counter-not-subscribed").closest(".pd-campaign-counter")).toHaveTextContent("未关注/已拉黑");
    expect(screen.getByTestId("campaign-outcome")).toHaveTextContent("未关注/已拉黑 1");
    expect(screen.getByTestId("campaign-outcome-bar")).toHaveAttribute("aria-label", expect.stringContaining("未关注或已拉黑 1") as string);

    await user.click(screen.getByTestId("campaign-open-report"));
    expect(await screen.findByTestId("report-channel")).toHaveTextContent("模板消息");
    expect(screen.getByTestId("campaign-report")).toHaveTextContent("未关注/已拉黑");
  });

  it("reads in English", async () => {
    renderApp("/campaigns/20", { accounts: ACCOUNTS, prefs: { ...prefs(OFFICIAL_ACCOUNT.id), language: "en" }, campaigns: [monthly] }, FAST_USER);
    await appReady();
    expect(await screen.findByTestId("campaign-channel")).toHaveTextContent("Template message");
  });
});
