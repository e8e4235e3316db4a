import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DraftSettings, LogEntry, SuppressedEntry } from "../../ipc";
import { REAL_ACCOUNT, type FakeBackend } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import type { FakeTable } from "../../test/fakeDrafts";
import { NO_RECEIPT } from "../../test/fakeSendLog";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";
import { OPENID_A, OPENID_B } from "./testing/fixtures";
import { readPickedList } from "./testing/wizardSteps";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/**
 * Issue: "a second campaign to the same 992 people went out with no word". Before the start,
 * the wizard says how many recipients got this template lately, what happens to them, and lets
 * the user switch; the do-not-contact list's people are counted out.
 */

const OPENID_C = "oPtYgjmUhBel31iEl2hpChYgCccC";
const OPENID_D = "oPtYgjmUhBel31iEl2hpChYgDddD";
const PATH = "/home/test/复购名单.csv";
const DAY = 24 * 60 * 60 * 1000;

/** Four rows, every keyword in a column named by its key (mapped automatically). */
const LIST: FakeTable = {
  format: "csv",
  encoding: "utf8",
  delimiter: ",",
  headers: ["openid", ...ORDER_SHIPPED.keywords.map((k) => k.key)],
  rows: [OPENID_A, OPENID_B, OPENID_C, OPENID_D].map((openid) => [openid, "拿铁咖啡", "20261124000123", "已发货", "2026-11-24 10:00", "￥32.00"]),
};

/** A and C got this template from this account two days ago. */
function sentTwoDaysAgo(id: number, openid: string): LogEntry {
  return {
    id,
    channel: "subscribe_message",
    startedAt: Date.now() - 2 * DAY,
    finishedAt: null,
    accountId: REAL_ACCOUNT.id,
    accountName: REAL_ACCOUNT.name,
    campaignId: 7,
    campaignName: "上周的复购提醒",
    campaignKind: "campaign",
    templateId: ORDER_SHIPPED.templateId,
    templateTitle: ORDER_SHIPPED.title,
    openid,
    status: "sent",
    errcode: null,
    errmsg: null,
    rid: null,
    msgid: "1",
    attemptNo: 1,
    page: null,
    values: [],
    miniprogramState: "formal",
    lang: "zh_CN",
    explanation: null,
    ...NO_RECEIPT,
  };
}

/** B asked not to be contacted. */
const B_SUPPRESSED: SuppressedEntry = { openid: OPENID_B, source: "manual", note: "工单 1234", addedBy: "xiaowang", addedAt: Date.now() - DAY };

async function openReport(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp(
    "/campaigns/new",
    {
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      files: { [PATH]: LIST },
      pickedFile: PATH,
      testRecipients: { [REAL_ACCOUNT.id]: [{ openid: OPENID_A, note: "小王的手机" }] },
      logEntries: [sentTwoDaysAgo(1, OPENID_A), sentTwoDaysAgo(2, OPENID_C)],
      suppressed: { [REAL_ACCOUNT.id]: [B_SUPPRESSED] },
      ...overrides,
    },
    FAST_USER,
  );
  const { user } = view;
  await appReady();
  await readPickedList(user, PATH);
  return view;
}

const updates = (backend: FakeBackend) => backend.callsTo("update_draft").map((call) => (call.args as { settings: DraftSettings }).settings);
const value = (testId: string) => screen.getByTestId(testId).getAttribute("data-value");

describe("the repeat-send warning", () => {
  it("says before the start how many got the template lately and that they are skipped; one click sends to them anyway", async () => {
    const { user, backend } = await openReport();
    // The wizard asks for the check by default: 7 days, skipped.
    expect(updates(backend)[0]?.options).toEqual({ skipDuplicates: true, skipUnsubscribed: false, skipRecent: true, recentDays: 7, onlyGranted: false });

    const warning = await screen.findByTestId("campaign-repeat-warning");
    expect(warning).toHaveAttribute("data-value", "2");
    expect(warning).toHaveAttribute("data-skipped", "true");
    expect(warning).toHaveTextContent("有 2 人在最近 7 天内已收到、或在未完成的任务中将收到这个模板");
    expect(warning).toHaveTextContent("他们已被跳过，这次不会再收到");
    expect(value("campaign-report-valid")).toBe("1");
    expect(value("campaign-report-recent")).toBe("2");
    expect(value("campaign-report-suppressed")).toBe("1");
    expect(screen.getByTestId("campaign-report-summary")).toHaveTextContent("免打扰名单中的 1 人不会收到。");
    // Each flag is labelled by its kind in the problems.
    const kinds = within(screen.getByTestId("campaign-problems")).getAllByTestId("campaign-problem-kind");
    expect(kinds.map((tag) => [tag.getAttribute("data-kind"), tag.textContent])).toEqual([
      ["recently_sent", "最近发过"],
      ["suppressed", "免打扰"],
      ["recently_sent", "最近发过"],
    ]);
    expect(screen.getAllByText("最近 7 天内已给该用户发过这个模板，或未完成的任务中有他（已跳过）", { selector: "td" })).toHaveLength(2);

    // One click: validated again at once, with the recently sent kept.
    await user.click(within(warning).getByTestId("campaign-repeat-warning-switch"));
    await waitFor(() => expect(value("campaign-report-valid")).toBe("3"));
    expect(updates(backend).at(-1)?.options).toMatchObject({ skipRecent: false, recentDays: 7 });
    const kept = screen.getByTestId("campaign-repeat-warning");
    expect(kept).toHaveAttribute("data-value", "2");
    expect(kept).toHaveAttribute("data-skipped", "false");
    expect(kept).toHaveTextContent("他们会再收到一次这条消息");
    expect(screen.getByTestId("campaign-skip-recent")).not.toBeChecked();
    expect(screen.queryByTestId("campaign-report-stale")).not.toBeInTheDocument();
    // The suppressed stay out whatever the option.
    expect(value("campaign-report-suppressed")).toBe("1");

    // And back.
    await user.click(within(kept).getByTestId("campaign-repeat-warning-switch"));
    await waitFor(() => expect(value("campaign-report-valid")).toBe("1"));
    expect(screen.getByTestId("campaign-skip-recent")).toBeChecked();
  }, 60_000);

  it("checks as many days back as typed, 0 turning it off, from the keyboard, within 0–365", async () => {
    const { user, backend } = await openReport();
    await screen.findByTestId("campaign-repeat-warning");
    const days = screen.getByTestId("campaign-recent-days");
    expect(days).toHaveValue("7");
    expect(days).toHaveAccessibleName("检查最近多少天（0 到 365 天，0 表示不检查）");
    // The checkbox reads as the whole sentence.
    expect(screen.getByRole("checkbox", { name: /跳过最近.*天内已收到、或在未完成的任务中将收到这个模板的人/ })).toBe(screen.getByTestId("campaign-skip-recent"));

    // Sent two days ago: one day back finds nobody.
    await user.clear(days);
    await user.type(days, "1");
    await user.tab();
    expect(await screen.findByTestId("campaign-report-stale")).toBeInTheDocument();
    await user.click(screen.getByTestId("campaign-validate"));
    await waitFor(() => expect(updates(backend).at(-1)?.options).toMatchObject({ recentDays: 1 }));
    await waitFor(() => expect(screen.queryByTestId("campaign-repeat-warning")).not.toBeInTheDocument());
    expect(value("campaign-report-recent")).toBe("0");
    expect(value("campaign-report-valid")).toBe("3");
    expect(screen.getByTestId("campaign-report-summary")).toHaveTextContent("没有人在最近 1 天内收到过、或在未完成的任务中将收到这个模板。");

    // The arrow keys step it: 1 → 0, the check off.
    days.focus();
    await user.keyboard("{ArrowDown}");
    expect(days).toHaveValue("0");
    expect(screen.getByTestId("campaign-recent-hint")).toHaveTextContent("0 天：不检查是否重复发送");
    await user.click(screen.getByTestId("campaign-validate"));
    await waitFor(() => expect(updates(backend).at(-1)?.options).toMatchObject({ recentDays: 0 }));
    await waitFor(() => expect(screen.getByTestId("campaign-report-summary")).toHaveTextContent("没有检查是否重复发送（天数为 0）。"));

    // More than the core allows is brought back to 365 when the box is left; a cleared box keeps the number.
    await user.clear(days);
    await user.type(days, "400");
    await user.tab();
    expect(days).toHaveValue("365");
    await user.clear(days);
    await user.tab();
    expect(days).toHaveValue("365");
    await user.click(screen.getByTestId("campaign-validate"));
    await waitFor(() => expect(updates(backend).at(-1)?.options).toMatchObject({ recentDays: 365 }));
    expect(await screen.findByTestId("campaign-repeat-warning")).toHaveTextContent("有 2 人在最近 365 天内已收到、或在未完成的任务中将收到这个模板");
  }, 60_000);

  it("warns again on the send step and in the confirmation, where one click changes the count to start", async () => {
    const { user, backend } = await openReport();
    await screen.findByTestId("campaign-repeat-warning");
    await user.click(screen.getByTestId("campaign-next"));

    const warning = await screen.findByTestId("campaign-repeat-warning");
    expect(warning).toHaveTextContent("有 2 人在最近 7 天内已收到、或在未完成的任务中将收到这个模板");
    expect(screen.getByTestId("campaign-send-suppressed")).toHaveTextContent("免打扰名单中的 1 人不会收到。");
    await user.click(screen.getByTestId("campaign-start"));
    const confirm = await screen.findByTestId("campaign-confirm");
    expect(within(confirm).getByTestId("campaign-confirm-count")).toHaveTextContent("1 人");
    expect(within(confirm).getByTestId("campaign-confirm-suppressed")).toHaveTextContent("1 人不会收到");
    const inConfirm = within(confirm).getByTestId("campaign-confirm-repeat");
    expect(inConfirm).toHaveAttribute("data-value", "2");

    await user.click(within(inConfirm).getByTestId("campaign-confirm-repeat-switch"));
    await waitFor(() => expect(within(confirm).getByTestId("campaign-confirm-count")).toHaveTextContent("3 人"));
    expect(within(confirm).getByTestId("campaign-confirm-repeat")).toHaveTextContent("他们会再收到一次这条消息");
    expect(screen.getByTestId("campaign-confirm-ok")).toHaveTextContent("开始发送给 3 人");
    await user.click(screen.getByTestId("campaign-confirm-ok"));
    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    expect(backend.campaigns[0]?.counts.total).toBe(3);
  }, 60_000);

  it("speaks English", async () => {
    const view = await openReport({ prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null } });
    const warning = await screen.findByTestId("campaign-repeat-warning");
    expect(warning).toHaveTextContent("2 recipients got this template in the last 7 days or will get it from an unfinished campaign");
    expect(warning).toHaveTextContent("They are skipped and will not get it again.");
    expect(within(warning).getByTestId("campaign-repeat-warning-switch")).toHaveTextContent("Send to these 2 anyway");
    expect(screen.getByTestId("campaign-report-summary")).toHaveTextContent("1 recipients on the do-not-contact list will not get it.");
    const days = screen.getByTestId("campaign-recent-days");
    await view.user.clear(days);
    await view.user.type(days, "1");
    await view.user.tab();
    await view.user.click(screen.getByTestId("campaign-validate"));
    await waitFor(() => expect(screen.getByTestId("campaign-report-summary")).toHaveTextContent("Nobody here got this template in the last 1 day or will get it from an unfinished campaign."));
  }, 60_000);
});
