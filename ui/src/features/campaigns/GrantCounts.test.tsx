import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DraftSettings } from "../../ipc";
import { REAL_ACCOUNT, type FakeBackend } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import type { FakeTable } from "../../test/fakeDrafts";
import { popupPush, type StoredPush } from "../../test/fakePushIntake";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";
import { OPENID_A, OPENID_B } from "./testing/fixtures";
import { readPickedList } from "./testing/wizardSteps";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/**
 * The subscription ledger in the wizard: how many of the list have a grant left for the
 * template, and the switch that sends only to them.
 */

const OPENID_C = "oPtYgjmUhBel31iEl2hpChYgCccC";
const OPENID_D = "oPtYgjmUhBel31iEl2hpChYgDddD";
const PATH = "/home/test/会员名单.csv";
const HOUR = 60 * 60 * 1000;

const LIST: FakeTable = {
  format: "csv",
  encoding: "utf8",
  delimiter: ",",
  headers: ["openid", ...ORDER_SHIPPED.keywords.map((k) => k.key)],
  rows: [OPENID_A, OPENID_B, OPENID_C, OPENID_D].map((openid) => [openid, "拿铁咖啡", "20261124000123", "已发货", "2026-11-24 10:00", "￥32.00"]),
};

/** A accepted the template's popup, B rejected it; nothing is known of C and D. */
function ledger(): StoredPush[] {
  return [
    { ...popupPush(OPENID_A, ORDER_SHIPPED.templateId, true, Date.now() - 2 * HOUR), attemptId: null },
    { ...popupPush(OPENID_B, ORDER_SHIPPED.templateId, false, Date.now() - HOUR), attemptId: null },
  ];
}

async function openReport(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp(
    "/campaigns/new",
    {
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      files: { [PATH]: LIST },
      pickedFile: PATH,
      testRecipients: { [REAL_ACCOUNT.id]: [{ openid: OPENID_A, note: "小王的手机" }] },
      pushEvents: { [REAL_ACCOUNT.id]: ledger() },
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

describe("the subscription ledger in the wizard", () => {
  it("counts the list by grants left, and the switch validates again sending only to those with one", async () => {
    const { user, backend } = await openReport();
    const counts = await screen.findByTestId("wizard-grant-counts");
    expect(counts).toHaveTextContent("订阅台账：1 人有订阅次数，1 人没有，2 人无记录。");
    expect(counts).toHaveTextContent("没有订阅次数的人和台账中没有记录的人也会发送。");
    expect(value("campaign-report-valid")).toBe("4");
    const toggle = within(counts).getByTestId("wizard-only-granted");
    expect(toggle).toHaveAttribute("data-checked", "false");
    expect(toggle).toHaveAccessibleName("只发给有订阅次数的人");

    // One click: validated again at once, only A left.
    await user.click(toggle);
    await waitFor(() => expect(value("campaign-report-valid")).toBe("1"));
    expect(updates(backend).at(-1)?.options).toMatchObject({ onlyGranted: true });
    expect(screen.getByTestId("wizard-only-granted")).toHaveAttribute("data-checked", "true");
    const skipped = screen.getByTestId("wizard-grant-skipped");
    expect(skipped).toHaveAttribute("data-value", "3");
    expect(skipped).toHaveTextContent("3 人因为没有订阅次数（或台账中没有记录）被跳过。");
    expect(screen.queryByTestId("campaign-report-stale")).not.toBeInTheDocument();
    // Each skipped row is labelled by its kind, as a flag rather than an error.
    const kinds = within(screen.getByTestId("campaign-problems")).getAllByTestId("campaign-problem-kind");
    expect(kinds.map((tag) => [tag.getAttribute("data-kind"), tag.textContent])).toEqual([
      ["no_grant", "无订阅次数"],
      ["no_grant", "无订阅次数"],
      ["no_grant", "无订阅次数"],
    ]);
    expect(screen.getByText("订阅台账显示该用户的这个模板已没有订阅次数（已跳过）", { selector: "td" })).toBeInTheDocument();

    // The start says who is left out.
    await user.click(screen.getByTestId("campaign-next"));
    expect(await screen.findByTestId("wizard-grant-skipped")).toHaveAttribute("data-value", "3");
    await user.click(screen.getByTestId("campaign-start"));
    const confirm = await screen.findByTestId("campaign-confirm");
    expect(within(confirm).getByTestId("campaign-confirm-count")).toHaveTextContent("1 人");
    expect(within(confirm).getByTestId("campaign-confirm-no-grant")).toHaveTextContent("3 人不会收到");
    expect(confirm).toHaveTextContent("无订阅次数");
  }, 60_000);

  it("says nothing of a ledger that knows nothing of the template", async () => {
    await openReport({ pushEvents: {} });
    await waitFor(() => expect(value("campaign-report-valid")).toBe("4"));
    expect(screen.queryByTestId("wizard-grant-counts")).not.toBeInTheDocument();
  }, 60_000);
});
