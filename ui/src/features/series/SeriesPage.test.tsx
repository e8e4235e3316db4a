import { screen, waitFor, within } from "@testing-library/react";
import dayjs from "dayjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Series } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { AT_FORMAT } from "../campaigns/scheduleText";
import { campaign, counts } from "../campaigns/testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/** 10:00 on the day `days` from today, local time. */
const day = (days: number) => dayjs().startOf("day").add(days, "day").hour(10).valueOf();
const text = (ms: number) => dayjs(ms).format(AT_FORMAT);

const SERIES: Series = {
  id: 31,
  accountId: REAL_ACCOUNT.id,
  name: "每日会员提醒",
  repeat: "daily 10:00",
  repeatEn: "every day at 10:00",
  repeatZh: "每天 10:00",
  timezone: "Asia/Shanghai",
  audience: "reread",
  sourceFile: "/home/test/会员.csv",
  firstCampaignId: 41,
  nextRunAt: day(1),
  stoppedAt: null,
  createdBy: "xiaowang",
  createdAt: day(-3),
};

const RUNS = [
  campaign({ id: 41, name: SERIES.name, seriesId: 31, status: "finished", scheduledAt: day(-2), counts: counts({ total: 10, sent: 8, failed: 1, unknown: 1 }) }),
  campaign({ id: 42, name: SERIES.name, seriesId: 31, status: "missed", scheduledAt: day(-1), counts: counts({ total: 10, pending: 10 }) }),
  campaign({ id: 43, name: SERIES.name, seriesId: 31, status: "running", scheduledAt: day(0), counts: counts({ total: 10, sent: 3, pending: 7 }) }),
];

describe("series page", () => {
  it("shows the rule, the zone, the file read before each run, the next runs and the runs so far", async () => {
    const { user } = renderApp("/series/31", { series: [SERIES], campaigns: [...RUNS, campaign({ id: 50 })] }, FAST_USER);
    await appReady();
    expect(await screen.findByTestId("series-rule")).toHaveTextContent("每天 10:00");
    expect(screen.getByTestId("series-timezone")).toHaveTextContent("Asia/Shanghai");
    expect(screen.getByTestId("series-audience")).toHaveTextContent("每次发送前重新读取这个文件");
    expect(screen.getByTestId("series-audience")).toHaveTextContent("/home/test/会员.csv");

    const upcoming = screen.getByTestId("series-upcoming");
    expect([...upcoming.querySelectorAll("li")].map((li) => li.textContent)).toEqual([1, 2, 3, 4, 5].map((n) => text(day(n))));

    const runs = screen.getByTestId("series-runs");
    // Newest first, this series' runs only.
    expect([...runs.querySelectorAll("[data-testid^='series-run-'][href]")].map((a) => a.getAttribute("data-testid"))).toEqual([
      "series-run-43",
      "series-run-42",
      "series-run-41",
    ]);
    const first = within(runs).getByTestId("series-run-41").closest("tr") as HTMLElement;
    expect(first).toHaveTextContent(text(day(-2)));
    expect(within(first).getByTestId("series-run-41-status")).toHaveTextContent("已完成");
    expect(within(first).getByTestId("series-run-41-counts")).toHaveTextContent("成功 8 · 失败 1 · 结果未知 1");
    expect(within(runs).getByTestId("series-run-42-status")).toHaveTextContent("已错过");

    await user.click(within(runs).getByTestId("series-run-42"));
    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    expect(window.location.hash).toBe("#/campaigns/42");
  });

  it("stops after asking: no next run, the stop is gone", async () => {
    const { user, backend } = renderApp("/series/31", { series: [SERIES], campaigns: RUNS }, FAST_USER);
    await appReady();
    await user.click(await screen.findByTestId("series-stop"));
    const dialog = await screen.findByTestId("series-stop-confirm");
    expect(dialog).toHaveTextContent("停止「每日会员提醒」的周期发送？");
    await user.click(within(dialog).getByTestId("series-stop-ok"));
    await waitFor(() => expect(backend.callsTo("stop_series")).toEqual([{ cmd: "stop_series", args: { id: 31 } }]));
    await waitFor(() => expect(screen.getByTestId("series-state")).toHaveAttribute("data-stopped", "true"));
    expect(screen.getByTestId("series-upcoming")).toHaveTextContent("周期发送已停止，不会再发送");
    expect(screen.queryByTestId("series-stop")).not.toBeInTheDocument();
    expect(backend.series[0]?.stoppedAt).toEqual(expect.any(Number));
  });

  it("lists a first run made but not started among the next sends, and says a cron rule in words, in English", async () => {
    const cron: Series = { ...SERIES, repeat: "cron 0 10 * * 1", repeatEn: "cron 0 10 * * 1", repeatZh: "cron 0 10 * * 1", audience: "reuse", sourceFile: null, nextRunAt: null };
    const first = campaign({ id: 44, seriesId: 31, status: "scheduled", scheduledAt: day(2) });
    renderApp("/series/31", {
      series: [cron],
      campaigns: [first],
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null },
    }, FAST_USER);
    await appReady();
    expect(await screen.findByTestId("series-rule")).toHaveTextContent("By the cron expression “0 10 * * 1” (minute hour day month weekday)");
    expect(screen.getByTestId("series-audience")).toHaveTextContent("The recipients read for the first run");
    expect(screen.getByTestId("series-upcoming")).toHaveAttribute("data-count", "1");
  });

  it("says when there is no such series", async () => {
    renderApp("/series/99", {}, FAST_USER);
    await appReady();
    expect(await screen.findByTestId("series-error")).toHaveTextContent("找不到周期任务 99");
  });
});
