import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogFilter } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { campaignFilter } from "./CampaignReportPage";
import { resetEvents } from "../../test/fakeEvents";
import { BAD_DATA, NOT_SUBSCRIBED, campaign, counts, entry } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

const BLOCKED = { title_zh: "用户已拒收", title_en: "Blocked", action_zh: "无需处理。", action_en: "Nothing to do." };

function entries() {
  const failed = [
    ...[1, 2, 3].map((i) => entry({ id: i, status: "failed", errcode: 47003, msgid: null, explanation: BAD_DATA })),
    entry({ id: 4, status: "failed", errcode: 43107, msgid: null, explanation: BLOCKED }),
  ];
  const notSub = [5, 6].map((i) => entry({ id: i, status: "not_subscribed", errcode: 43101, msgid: null, explanation: NOT_SUBSCRIBED }));
  const sent = Array.from({ length: 10 }, (_, i) => entry({ id: 10 + i }));
  return [...failed, ...notSub, ...sent];
}

async function openReport(id = 7) {
  const view = renderApp(
    `/log/campaign/${id}`,
    {
      campaigns: [
        campaign({ id: 7, counts: counts({ total: 20, sent: 10, notSubscribed: 2, failed: 4, unknown: 1, skipped: 3 }) }),
      ],
      logEntries: entries(),
      campaignReports: {
        7: {
          durationMs: 125_000,
          rate: [
            { second: 0, perSecond: 18 },
            { second: 5, perSecond: 20 },
            { second: 10, perSecond: null },
            { second: 15, perSecond: 19.5 },
          ],
        },
      },
    },
    FAST_USER,
  );
  await appReady();
  await screen.findByTestId("campaign-report");
  return view;
}

describe("campaign report", () => {
  it("shows who started it, when, how long it took and the outcome split by failure reason", async () => {
    const { backend } = await openReport();
    expect(await screen.findByTestId("report-name")).toHaveTextContent("双十一会员提醒");
    expect(screen.getByTestId("report-template")).toHaveTextContent("订单发货通知");
    expect(screen.getByTestId("report-created-by")).toHaveTextContent("xiaowang");
    expect(screen.getByTestId("report-duration")).toHaveTextContent("2 分 5 秒");
    expect(backend.callsTo("campaign_report")[0]?.args).toEqual({ id: 7 });

    const outcome = screen.getByTestId("report-outcome");
    expect(within(outcome).getByTestId("report-outcome-sent")).toHaveAttribute("data-count", "10");
    expect(within(outcome).getByTestId("report-outcome-notSubscribed")).toHaveAttribute("data-count", "2");
    await waitFor(() => expect(within(outcome).getByTestId("report-outcome-failed-47003")).toHaveAttribute("data-count", "3"));
    expect(within(outcome).getByTestId("report-outcome-failed-47003")).toHaveTextContent("模板参数不符合要求");
    expect(within(outcome).getByTestId("report-outcome-failed-43107")).toHaveAttribute("data-count", "1");
    expect(within(outcome).getByTestId("report-outcome-unknown")).toHaveAttribute("data-count", "1");
    expect(within(outcome).getByTestId("report-outcome-skipped")).toHaveAttribute("data-count", "3");
    const bar = screen.getByTestId("report-outcome-bar");
    expect([...bar.querySelectorAll("[data-segment]")].map((s) => s.getAttribute("data-segment"))).toEqual([
      "sent",
      "notSubscribed",
      "failed-47003",
      "failed-43107",
      "unknown",
      "skipped",
    ]);
    const failedCall = backend.callsTo("log_totals").find((c) => (c.args as { filter: LogFilter }).filter.status !== null);
    expect((failedCall?.args as { filter: LogFilter }).filter).toEqual({ ...campaignFilter(7), status: ["failed"] });
  });

  it("draws the send rate over time, with gaps for empty buckets", async () => {
    await openReport();
    const chart = await screen.findByTestId("report-rate-chart");
    const bars = [...chart.querySelectorAll("rect.pd-rate-bar")];
    expect(bars.map((b) => b.getAttribute("data-x"))).toEqual(["0", "5", "15"]);
    expect(bars.map((b) => b.getAttribute("data-y"))).toEqual(["18", "20", "19.5"]);
    expect(chart).toHaveAttribute("aria-label", "发送速率随时间变化，最高 20 条/秒");
    expect(chart).toHaveTextContent("0:00");
    expect(chart).toHaveTextContent("0:15");
  });

  it("exports the campaign's sends and links to the log filtered by it", async () => {
    const { user, backend } = await openReport();
    await user.click(await screen.findByTestId("report-export"));
    const modal = await screen.findByTestId("log-export-modal");
    await waitFor(() => expect(within(modal).getByTestId("log-export-path")).not.toHaveValue(""));
    await user.click(within(modal).getByTestId("log-export-start"));
    expect(await within(modal).findByTestId("log-export-done")).toHaveTextContent("已导出 16 行");
    expect((backend.callsTo("export_log")[0]?.args as { filter: LogFilter }).filter).toEqual(campaignFilter(7));
    await user.click(within(modal).getByTestId("log-export-close"));

    await user.click(screen.getByTestId("report-open-log"));
    await screen.findByTestId("page-log");
    await waitFor(() => expect(screen.getAllByTestId(/^log-row-/)).toHaveLength(16));
    const first = backend.callsTo("log_page")[0]?.args as { filter: LogFilter };
    expect(first.filter).toMatchObject({ accountId: REAL_ACCOUNT.id, campaignId: 7 });
  });

  it("says so when the campaign does not exist", async () => {
    await openReport(404);
    expect(await screen.findByTestId("report-error")).toHaveTextContent("找不到这个任务");
  });
});
