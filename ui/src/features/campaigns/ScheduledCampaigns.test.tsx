import { screen, waitFor, within } from "@testing-library/react";
import dayjs from "dayjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Series } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { emitEvent, resetEvents } from "../../test/fakeEvents";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { AT_FORMAT } from "./scheduleText";
import { campaign, counts } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

const at = (days: number, hour = 10) => dayjs().startOf("day").add(days, "day").hour(hour).valueOf();
const text = (ms: number) => dayjs(ms).format(AT_FORMAT);
const offered = (testId: string) => [...screen.getByTestId(testId).querySelectorAll("[data-action]")].map((el) => el.getAttribute("data-action"));

const SERIES: Series = {
  id: 31,
  accountId: REAL_ACCOUNT.id,
  name: "周一会员提醒",
  repeat: "weekly MON 10:00",
  repeatEn: "every Monday at 10:00",
  repeatZh: "每周一 10:00",
  timezone: "Asia/Shanghai",
  audience: "reread",
  sourceFile: "/home/test/会员.csv",
  firstCampaignId: 21,
  nextRunAt: at(8),
  stoppedAt: null,
  createdBy: "xiaowang",
  createdAt: at(-7),
};

const scheduled = () =>
  campaign({ id: 21, name: "周一会员提醒", status: "scheduled", scheduledAt: at(1), window: { start: 480, end: 1260 }, timezone: "Asia/Shanghai", seriesId: 31, nextRunAt: at(8) });
const missed = () =>
  campaign({
    id: 22,
    name: "周末促销",
    status: "missed",
    scheduledAt: at(-1),
    statusReason: { kind: "missed", errcode: null, failure: null, message: "its time passed while Pushdesk was not running" },
    counts: counts({ total: 40, pending: 40 }),
  });

describe("scheduled campaigns on the campaigns page", () => {
  it("shows a scheduled campaign's time and offers exactly start, reschedule, unschedule and cancel", async () => {
    const { user, backend } = renderApp("/campaigns", { campaigns: [scheduled()], series: [SERIES] }, FAST_USER);
    await appReady();
    const row = await screen.findByTestId("campaign-row-21");
    expect(within(row).getByTestId("campaign-row-status-21")).toHaveTextContent("已定时");
    expect(within(row).getByTestId("campaign-scheduled-at-21")).toHaveTextContent(`定时 ${text(at(1))}`);
    expect(offered("campaign-row-21")).toEqual(["start", "reschedule", "unschedule", "cancel"]);

    // Unscheduling does not send or throw anything away: no question.
    await user.click(screen.getByTestId("campaign-row-21-unschedule"));
    await waitFor(() => expect(backend.callsTo("unschedule_campaign")).toEqual([{ cmd: "unschedule_campaign", args: { id: 21 } }]));
    await waitFor(() => expect(screen.getByTestId("campaign-row-21")).toHaveAttribute("data-status", "ready"));
    expect(screen.queryByTestId("campaign-scheduled-at-21")).not.toBeInTheDocument();
    expect(offered("campaign-row-21")).toEqual(["start", "reschedule", "cancel"]);
    expect(window.location.hash).toBe("#/campaigns");
  });

  it("reschedules from a dialog with a typed time; a time that passed is refused under the field", async () => {
    const { user, backend } = renderApp("/campaigns", { campaigns: [scheduled()] }, FAST_USER);
    await appReady();
    await screen.findByTestId("campaign-row-21");
    await user.click(screen.getByTestId("campaign-row-21-reschedule"));
    const dialog = await screen.findByTestId("campaign-reschedule");
    const input = within(dialog).getByTestId("campaign-reschedule-at");
    expect(input).toHaveValue(text(at(1)));

    await user.click(input);
    await user.clear(input);
    await user.type(input, text(at(-1)));
    await user.keyboard("{Enter}");
    await user.click(screen.getByTestId("campaign-reschedule-ok"));
    expect(await screen.findByTestId("campaign-reschedule-error")).toHaveTextContent("这个时间已经过去了，请选择以后的时间");

    await user.click(input);
    await user.clear(input);
    await user.type(input, text(at(3, 9)));
    await user.keyboard("{Enter}");
    expect(screen.queryByTestId("campaign-reschedule-error")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("campaign-reschedule-ok"));
    await waitFor(() => expect(backend.callsTo("reschedule_campaign")).toHaveLength(2));
    expect(backend.callsTo("reschedule_campaign")[1]?.args).toEqual({ id: 21, at: at(3, 9) });
    await waitFor(() => expect(screen.getByTestId("campaign-scheduled-at-21")).toHaveTextContent(text(at(3, 9))));
    expect(window.location.hash).toBe("#/campaigns");
  });

  it("announces missed campaigns, offers start, reschedule and skip, and skips one after asking", async () => {
    const { user, backend } = renderApp("/campaigns", { campaigns: [missed(), scheduled()] }, FAST_USER);
    await appReady();
    const row = await screen.findByTestId("campaign-row-22");
    expect(within(row).getByTestId("campaign-row-status-22")).toHaveTextContent("已错过");
    expect(within(row).getByTestId("campaign-scheduled-at-22")).toHaveTextContent(`原定 ${text(at(-1))}`);
    expect(offered("campaign-row-22")).toEqual(["start", "reschedule", "skip"]);

    const notice = screen.getByTestId("campaigns-missed");
    expect(notice).toHaveTextContent("有定时任务错过了发送时间");
    expect(within(notice).getByTestId("campaigns-missed-22")).toHaveTextContent("周末促销");
    expect(within(notice).queryByTestId("campaigns-missed-21")).not.toBeInTheDocument();
    expect(offered("campaigns-missed-22")).toEqual(["start", "skip"]);

    await user.click(within(notice).getByTestId("campaigns-missed-22-skip"));
    const dialog = await screen.findByTestId("campaigns-missed-22-skip-confirm");
    expect(dialog).toHaveTextContent("这次的 40 人不会收到这条消息");
    await user.click(within(dialog).getByTestId("campaigns-missed-22-skip-ok"));
    await waitFor(() => expect(backend.callsTo("skip_campaign")).toEqual([{ cmd: "skip_campaign", args: { id: 22 } }]));
    await waitFor(() => expect(screen.queryByTestId("campaigns-missed")).not.toBeInTheDocument());
    expect(screen.getByTestId("campaign-row-22")).toHaveAttribute("data-status", "cancelled");
  });

  it("lists the account's recurring campaigns, each opening its series", async () => {
    const { user } = renderApp("/campaigns", { campaigns: [scheduled()], series: [SERIES, { ...SERIES, id: 32, accountId: 1 }] }, FAST_USER);
    await appReady();
    const link = await screen.findByTestId("campaigns-series-31");
    expect(screen.getByTestId("campaigns-series-row-31")).toHaveTextContent("每周一 10:00");
    // Its next send is the first run, made with it and still waiting.
    expect(screen.getByTestId("campaigns-series-31-next")).toHaveTextContent(text(at(1)));
    expect(screen.queryByTestId("campaigns-series-32")).not.toBeInTheDocument();
    await user.click(link);
    expect(await screen.findByTestId("page-series")).toBeInTheDocument();
    expect(window.location.hash).toBe("#/series/31");
    expect(screen.getByTestId("nav-campaigns").closest("li")).toHaveClass("ant-menu-item-selected");
  });

  it("reads the campaigns again when the app's scheduler started one", async () => {
    const { backend } = renderApp("/campaigns", { campaigns: [scheduled()] }, FAST_USER);
    await appReady();
    await screen.findByTestId("campaign-scheduled-at-21");
    backend.campaigns = backend.campaigns.map((c) => ({ ...c, status: "running", startedAt: Date.now() }));
    emitEvent("schedule-changed", null);
    await waitFor(() => expect(screen.getByTestId("campaign-row-21")).toHaveAttribute("data-status", "running"));
    expect(screen.queryByTestId("campaign-scheduled-at-21")).not.toBeInTheDocument();
  });
});

describe("a scheduled campaign's page", () => {
  it("shows its schedule, the series it is a run of, and a link to it", async () => {
    const { user } = renderApp("/campaigns/21", { campaigns: [scheduled()], series: [SERIES] }, FAST_USER);
    await appReady();
    const card = await screen.findByTestId("campaign-schedule");
    expect(within(card).getByTestId("campaign-scheduled-at")).toHaveTextContent(text(at(1)));
    expect(within(card).getByTestId("campaign-schedule-window")).toHaveTextContent("每天 08:00–21:00");
    expect(within(card).getByTestId("campaign-schedule-grace")).toHaveTextContent("60 分钟");
    expect(within(card).getByTestId("campaign-schedule-timezone")).toHaveTextContent("Asia/Shanghai");
    expect(within(card).getByTestId("campaign-schedule-next-run")).toHaveTextContent(text(at(8)));
    expect(offered("campaign-detail")).toEqual(["start", "reschedule", "unschedule", "cancel"]);
    await user.click(within(card).getByTestId("campaign-series-link"));
    expect(await screen.findByTestId("page-series")).toBeInTheDocument();
  });

  it("says why a missed campaign did not send, and when a waiting one goes on", async () => {
    const waiting = campaign({
      id: 23,
      status: "waiting_window",
      window: { start: 480, end: 1260 },
      resumeAt: at(1, 8),
      statusReason: { kind: "window", errcode: null, failure: null, message: "outside the send window" },
      counts: counts({ total: 10, sent: 4, pending: 6 }),
    });
    renderApp("/campaigns/22", { campaigns: [missed(), waiting] }, FAST_USER);
    await appReady();
    const reason = await screen.findByTestId("campaign-reason");
    expect(reason).toHaveAttribute("data-kind", "missed");
    expect(reason).toHaveTextContent("定时已过，任务没有发送");
    expect(reason).toHaveTextContent(`原定 ${text(at(-1))} 发送时推送台没有运行`);
    expect(offered("campaign-detail")).toEqual(["start", "reschedule", "skip"]);

    window.location.hash = "#/campaigns/23";
    const waitingReason = await screen.findByText("现在不在发送时段（每天 08:00–21:00）内，任务在等待");
    expect(waitingReason.closest("[data-testid='campaign-reason']")).toHaveTextContent(`${dayjs(at(1, 8)).format(AT_FORMAT)} 发送时段开始后`);
    expect(screen.getByTestId("campaign-schedule-resume-at")).toHaveTextContent(text(at(1, 8)));
    expect(offered("campaign-detail")).toEqual(["pause", "cancel"]);
  });
});
