import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FrequencyCap, LogEntry } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
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
 * The account's frequency cap in the wizard: the people who already got as many messages as the
 * cap allows (any template, any campaign or single send, test sends aside) are counted beside
 * the do-not-contact list's, and left out of the campaign.
 */

const OPENID_C = "oPtYgjmUhBel31iEl2hpChYgCccC";
const OPENID_D = "oPtYgjmUhBel31iEl2hpChYgDddD";
const PATH = "/home/test/会员名单.csv";
const DAY = 24 * 60 * 60 * 1000;
const CAP: FrequencyCap = { maxMessages: 2, perDays: 7 };

const LIST: FakeTable = {
  format: "csv",
  encoding: "utf8",
  delimiter: ",",
  headers: ["openid", ...ORDER_SHIPPED.keywords.map((k) => k.key)],
  rows: [OPENID_A, OPENID_B, OPENID_C, OPENID_D].map((openid) => [openid, "拿铁咖啡", "20261124000123", "已发货", "2026-11-24 10:00", "￥32.00"]),
};

let nextId = 1;

/** An attempt of another template (so the repeat-send check finds nobody), `daysAgo` days ago. */
function attempt(openid: string, daysAgo: number, partial: Partial<LogEntry> = {}): LogEntry {
  return {
    id: nextId++,
    channel: "subscribe_message",
    startedAt: Date.now() - daysAgo * DAY,
    finishedAt: null,
    accountId: REAL_ACCOUNT.id,
    accountName: REAL_ACCOUNT.name,
    campaignId: 7,
    campaignName: "会员日",
    campaignKind: "campaign",
    templateId: "another-template",
    templateTitle: "会员日提醒",
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
    ...partial,
  };
}

/**
 * A got two messages this week (a campaign, and a single send whose outcome is unknown): at the
 * cap. B got one (and one that failed), C one and a test send, D two, but ten days ago.
 */
const LOG: LogEntry[] = [
  attempt(OPENID_A, 1),
  attempt(OPENID_A, 3, { campaignKind: "single", campaignId: 8, status: "unknown", msgid: null }),
  attempt(OPENID_B, 2),
  attempt(OPENID_B, 2, { status: "failed", errcode: 40003, msgid: null }),
  attempt(OPENID_C, 2),
  attempt(OPENID_C, 1, { campaignKind: "test", campaignId: 9 }),
  attempt(OPENID_D, 10),
  attempt(OPENID_D, 10),
];

async function openReport(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp(
    "/campaigns/new",
    {
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      files: { [PATH]: LIST },
      pickedFile: PATH,
      testRecipients: { [REAL_ACCOUNT.id]: [{ openid: OPENID_A, note: "小王的手机" }] },
      logEntries: [...LOG],
      frequencyCaps: { [REAL_ACCOUNT.id]: CAP },
      ...overrides,
    },
    FAST_USER,
  );
  const { user } = view;
  await appReady();
  await readPickedList(user, PATH);
  return view;
}

const value = (testId: string) => screen.getByTestId(testId).getAttribute("data-value");

describe("the frequency cap in the campaign wizard", () => {
  it("counts the people at the cap beside the suppressed, skips them, and says so up to the confirmation", async () => {
    const { user, backend } = await openReport();
    await waitFor(() => expect(value("campaign-report-valid")).toBe("3"));
    expect(value("campaign-report-capped")).toBe("1");
    expect(screen.getByTestId("campaign-report-capped")).toHaveTextContent("频次上限");
    expect(value("campaign-report-suppressed")).toBe("0");
    expect(value("campaign-report-recent")).toBe("0");
    expect(screen.getByTestId("campaign-report-capped-note")).toHaveTextContent("已达到频次上限的 1 人不会收到。");
    const kinds = within(screen.getByTestId("campaign-problems")).getAllByTestId("campaign-problem-kind");
    expect(kinds.map((tag) => [tag.getAttribute("data-kind"), tag.textContent])).toEqual([["frequency_capped", "频次上限"]]);
    expect(screen.getByText("已达到频次上限：7 天内最多 2 条（已跳过）", { selector: "td" })).toBeInTheDocument();
    expect(screen.getByTestId("campaign-preview-row")).toHaveAttribute("data-state", "skipped");
    expect(screen.getByTestId("campaign-preview-reason")).toHaveTextContent("已达到频次上限：7 天内最多 2 条（已跳过）");

    await user.click(screen.getByTestId("campaign-next"));
    const note = await screen.findByTestId("campaign-send-capped");
    expect(note).toHaveAttribute("data-value", "1");
    expect(note).toHaveTextContent("已达到频次上限的 1 人不会收到。");
    expect(screen.queryByTestId("campaign-send-suppressed")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("campaign-start"));
    const confirm = await screen.findByTestId("campaign-confirm");
    expect(within(confirm).getByTestId("campaign-confirm-count")).toHaveTextContent("3 人");
    expect(within(confirm).getByTestId("campaign-confirm-capped")).toHaveAttribute("data-value", "1");
    expect(within(confirm).getByTestId("campaign-confirm-capped")).toHaveTextContent("已达到上限的 1 人不会收到");
    expect(confirm).toHaveTextContent("频次上限");
    await user.click(screen.getByTestId("campaign-confirm-ok"));
    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    expect(backend.campaigns[0]?.counts.total).toBe(3);
  }, 60_000);

  it("counts nobody without a cap: the same history sends to all four", async () => {
    const { user } = await openReport({ frequencyCaps: {} });
    await waitFor(() => expect(value("campaign-report-valid")).toBe("4"));
    expect(value("campaign-report-capped")).toBe("0");
    expect(screen.queryByTestId("campaign-report-capped-note")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("campaign-next"));
    await screen.findByTestId("campaign-start");
    expect(screen.queryByTestId("campaign-send-capped")).not.toBeInTheDocument();
  }, 60_000);

  it("speaks English", async () => {
    await openReport({ prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null } });
    await waitFor(() => expect(value("campaign-report-capped")).toBe("1"));
    expect(screen.getByTestId("campaign-report-capped")).toHaveTextContent("Frequency cap");
    expect(screen.getByTestId("campaign-report-capped-note")).toHaveTextContent("1 recipients at the frequency cap will not get it.");
    expect(within(screen.getByTestId("campaign-problems")).getByTestId("campaign-problem-kind")).toHaveTextContent("Frequency cap");
    expect(screen.getByText("frequency cap reached: at most 2 in 7 days (skipped)", { selector: "td" })).toBeInTheDocument();
  }, 60_000);
});
