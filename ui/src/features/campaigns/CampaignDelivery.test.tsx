import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { resetEvents } from "../../test/fakeEvents";
import { CATALOGUE, campaign, counts } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/** What the delivery receipts say of a campaign, on its page and in its report. */

const FINISHED = { status: "finished", startedAt: Date.UTC(2026, 10, 11, 1, 31), finishedAt: Date.UTC(2026, 10, 11, 1, 36) } as const;
const WITH_RECEIPTS = campaign({
  id: 31,
  ...FINISHED,
  counts: counts({ total: 100, sent: 90, notSubscribed: 6, failed: 4, delivered: 80, deliveryFailed: 5 }),
});
const WITHOUT_RECEIPTS = campaign({ id: 32, ...FINISHED, counts: counts({ total: 10, sent: 10 }) });

async function open(path: string, ready: string) {
  const view = renderApp(path, { catalogue: CATALOGUE, campaigns: [WITH_RECEIPTS, WITHOUT_RECEIPTS] }, FAST_USER);
  await appReady();
  await screen.findByTestId(ready);
  return view;
}

describe("delivery on a campaign", () => {
  it("shows on the campaign's page how many arrived and the delivery rate of the sent", async () => {
    await open("/campaigns/31", "campaign-status");
    const delivery = await screen.findByTestId("campaign-delivery");
    expect(within(delivery).getByTestId("campaign-delivery-delivered")).toHaveTextContent("80");
    // 80 of the 90 sent, by the one percent rule.
    expect(within(delivery).getByTestId("campaign-delivery-rate")).toHaveTextContent("88.9%");
    expect(within(delivery).getByTestId("campaign-delivery-failed")).toHaveTextContent("5");
    expect(within(delivery).getByTestId("campaign-delivery-no-receipt")).toHaveTextContent("5");
    expect(delivery).toHaveTextContent("送达率 = 已送达 ÷ 已发送（90 条）");
    expect(screen.queryByTestId("campaign-delivery-none")).not.toBeInTheDocument();
  });

  it("says quietly where receipts come from when there is none", async () => {
    await open("/campaigns/32", "campaign-status");
    const none = await screen.findByTestId("campaign-delivery-none");
    expect(none).toHaveTextContent("送达回执来自微信的事件推送");
    expect(within(none).getByRole("link", { name: "去导入事件推送" })).toHaveAttribute("href", "#/ledger");
    expect(screen.queryByTestId("campaign-delivery")).not.toBeInTheDocument();
  });

  it("shows the same in the campaign's report", async () => {
    await open("/log/campaign/31", "report-outcome");
    const delivery = await screen.findByTestId("report-delivery");
    expect(within(delivery).getByTestId("report-delivery-delivered")).toHaveAttribute("data-value", "80");
    expect(within(delivery).getByTestId("report-delivery-rate")).toHaveTextContent("88.9%");
    expect(within(delivery).getByTestId("report-delivery-failed")).toHaveTextContent("5");
  });
});
