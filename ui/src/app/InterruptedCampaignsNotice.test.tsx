import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StatusReason } from "../ipc";
import { campaign, counts } from "../features/campaigns/testing/fixtures";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../test/fakeBackend";
import { resetEvents } from "../test/fakeEvents";
import { FAST_USER, appReady, renderApp } from "../test/renderApp";

vi.mock("@tauri-apps/api/event", () => import("../test/fakeEvents"));
afterEach(resetEvents);

const INTERRUPTED: StatusReason = { kind: "interrupted", errcode: null, failure: null, message: "Pushdesk stopped while this campaign was sending" };

/** Paused by the crash on the real account: 200 sent, 2 unknown, 298 still to send. */
const MEMBER_DAY = campaign({
  id: 12,
  name: "会员日提醒",
  status: "paused",
  statusReason: INTERRUPTED,
  counts: counts({ total: 500, sent: 200, unknown: 2, pending: 298 }),
});

/** Paused by the crash on the sandbox account. */
const SANDBOX_TRIAL = campaign({
  id: 13,
  accountId: SANDBOX_ACCOUNT.id,
  name: "沙箱试发",
  status: "paused",
  statusReason: INTERRUPTED,
  counts: counts({ total: 10, sent: 3, pending: 7 }),
});

// Bug 3: after a crash the app said nothing at start-up; only the Campaigns page mentioned it.
describe("campaigns interrupted when Pushdesk last stopped (bug 3)", () => {
  it("are announced at launch on the page the app opens, each with its account, progress and a way to open it", async () => {
    const { user, backend } = renderApp("/", { campaigns: [MEMBER_DAY, SANDBOX_TRIAL], interruptedIds: [12, 13] }, FAST_USER);
    await appReady();
    const notice = await screen.findByTestId("interrupted-notice");
    // The page the app opens on, not Campaigns.
    expect(await screen.findByTestId("page-dashboard", {}, { timeout: 10_000 })).toBeInTheDocument();

    expect(notice).toHaveTextContent("上次退出时有任务未完成");
    const memberDay = within(notice).getByTestId("interrupted-notice-12");
    expect(memberDay).toHaveTextContent("会员日提醒");
    expect(memberDay).toHaveTextContent(REAL_ACCOUNT.name);
    expect(memberDay).toHaveTextContent("已处理 202 / 共 500 人");
    expect(memberDay).toHaveTextContent("2 人结果未知");
    const trial = within(notice).getByTestId("interrupted-notice-13");
    expect(trial).toHaveTextContent("沙箱试发");
    expect(trial).toHaveTextContent(SANDBOX_ACCOUNT.name);
    expect(trial).toHaveTextContent("已处理 3 / 共 10 人");

    // The sandbox campaign is not the current account's: opening it switches the account too.
    await waitFor(() => expect(screen.getByTestId("account-switcher")).toHaveTextContent(REAL_ACCOUNT.name));
    await user.click(within(trial).getByRole("button", { name: "打开任务「沙箱试发」" }));
    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    expect(window.location.hash).toBe("#/campaigns/13");
    await waitFor(() => expect(screen.getByTestId("account-switcher")).toHaveTextContent(SANDBOX_ACCOUNT.name));
    await waitFor(() => expect(backend.prefs.selectedAccountId).toBe(SANDBOX_ACCOUNT.id));
  });

  it("once dismissed, stays away on every other page", async () => {
    const { user } = renderApp("/templates", { campaigns: [MEMBER_DAY], interruptedIds: [12] }, FAST_USER);
    await appReady();
    const notice = await screen.findByTestId("interrupted-notice");
    await user.click(within(notice).getByRole("button", { name: "关闭提醒" }));
    await waitFor(() => expect(screen.queryByTestId("interrupted-notice")).not.toBeInTheDocument());

    for (const nav of ["nav-campaigns", "nav-accounts", "nav-log"]) {
      await user.click(screen.getByTestId(nav));
      expect(await screen.findByTestId(nav.replace("nav-", "page-"))).toBeInTheDocument();
      expect(screen.queryByTestId("interrupted-notice")).not.toBeInTheDocument();
    }
    expect(screen.queryByText("上次退出时有任务未完成")).not.toBeInTheDocument();
  });

  it("goes away by itself once the campaign is resumed", async () => {
    const { user, backend } = renderApp("/", { campaigns: [MEMBER_DAY], interruptedIds: [12] }, FAST_USER);
    await appReady();
    const notice = await screen.findByTestId("interrupted-notice");
    // Everything is on the current account: no account to name.
    expect(notice).not.toHaveTextContent(REAL_ACCOUNT.name);
    await user.click(within(notice).getByTestId("interrupted-notice-open-12"));
    await screen.findByTestId("campaign-detail");

    await user.click(await screen.findByTestId("campaign-resume"));
    await waitFor(() => expect(backend.callsTo("resume_campaign")).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId("interrupted-notice")).not.toBeInTheDocument());
  });

  it("speaks English when the app does", async () => {
    renderApp(
      "/log",
      {
        prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null },
        campaigns: [MEMBER_DAY],
        interruptedIds: [12],
      },
      FAST_USER,
    );
    await appReady();
    const notice = await screen.findByTestId("interrupted-notice");
    expect(notice).toHaveTextContent("Some campaigns did not finish last time");
    expect(notice).toHaveTextContent("202 of 500 done");
    expect(within(notice).getByRole("button", { name: "Open the campaign “会员日提醒”" })).toHaveTextContent("Open campaign");
    expect(within(notice).getByRole("button", { name: "Dismiss" })).toBeInTheDocument();
  });
});
