import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { emitEvent, listenerCount, resetEvents } from "../../test/fakeEvents";
import { entry } from "../sendlog/testing/fixtures";
import { CATALOGUE, campaign, counts, progress } from "./testing/fixtures";
import { PROGRESS_EVENT } from "./useCampaigns";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

async function openDetail(overrides: Parameters<typeof renderApp>[1], id: number) {
  const view = renderApp(`/campaigns/${id}`, { catalogue: CATALOGUE, ...overrides }, FAST_USER);
  await appReady();
  await screen.findByTestId("campaign-status");
  return view;
}

const counter = (name: string) => screen.getByTestId(`campaign-counter-${name}`);

/** Every action button on the page, in order. */
const actionsShown = () =>
  [...document.querySelectorAll("[data-action]")].map((el) => el.getAttribute("data-action"));

const ENGLISH = { language: "en", theme: "light", showSandbox: true, selectedAccountId: null } as const;

describe("campaign detail", () => {
  it("updates the counters, rate and ETA live from progress events, and refetches at the end", async () => {
    const running = campaign({ id: 21, status: "running", counts: counts({ total: 100, pending: 100 }), startedAt: Date.now() });
    const { backend } = await openDetail({ campaigns: [running] }, 21);
    expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "running");
    expect(counter("remaining")).toHaveTextContent("100");
    await waitFor(() => expect(listenerCount(PROGRESS_EVENT)).toBeGreaterThan(0));

    act(() => {
      // Another campaign's progress is ignored.
      emitEvent(PROGRESS_EVENT, progress({ campaignId: 99, counts: counts({ total: 5, sent: 5 }) }));
      emitEvent(
        PROGRESS_EVENT,
        progress({
          campaignId: 21,
          counts: counts({ total: 100, sent: 40, notSubscribed: 5, failed: 3, unknown: 1, skipped: 2, sending: 4, pending: 45 }),
          ratePerSec: 19.6,
          etaSeconds: 125,
          errcodes: [{ errcode: 47003, count: 3 }],
          elapsedMs: 2500,
        }),
      );
    });
    expect(counter("sent")).toHaveTextContent("40");
    expect(counter("not-subscribed")).toHaveTextContent("5");
    expect(counter("failed")).toHaveTextContent("3");
    expect(counter("unknown")).toHaveTextContent("1");
    expect(counter("skipped")).toHaveTextContent("2");
    expect(counter("remaining")).toHaveTextContent("49");
    expect(screen.getByTestId("campaign-rate-now")).toHaveTextContent("19.6 条/秒");
    expect(screen.getByTestId("campaign-eta")).toHaveTextContent("约 2 分 5 秒");
    expect(screen.getByTestId("campaign-progress")).toHaveTextContent("已处理 51 / 共 100 人");
    const errcodes = screen.getByTestId("campaign-errcodes");
    expect(within(errcodes).getByTestId("campaign-errcode-47003")).toHaveTextContent("模板参数不符合要求");

    const fetchesBefore = backend.callsTo("get_campaign").length;
    const finalCounts = counts({ total: 100, sent: 90, notSubscribed: 5, failed: 3, unknown: 0, skipped: 2 });
    backend.campaigns = [{ ...running, status: "finished", counts: finalCounts, finishedAt: (running.startedAt ?? 0) + 65_000 }];
    act(() => emitEvent(PROGRESS_EVENT, progress({ campaignId: 21, status: "finished", counts: finalCounts, errcodes: [{ errcode: 47003, count: 3 }] })));
    await waitFor(() => expect(backend.callsTo("get_campaign").length).toBeGreaterThan(fetchesBefore));
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "finished"));
    expect(await screen.findByTestId("campaign-outcome")).toBeInTheDocument();
    expect(screen.getByTestId("campaign-duration")).toHaveTextContent("用时 1 分 5 秒");
    expect(screen.getByTestId("campaign-rate-now")).toHaveTextContent("—");
  });

  it("unsubscribes from progress events when it unmounts", async () => {
    const { user } = await openDetail({ campaigns: [campaign({ id: 22, status: "running" })] }, 22);
    await waitFor(() => expect(listenerCount(PROGRESS_EVENT)).toBe(1));
    await user.click(screen.getByTestId("campaign-detail-back"));
    await screen.findByTestId("page-campaigns");
    // The list page listens too (one listener), the detail page's is gone.
    await waitFor(() => expect(listenerCount(PROGRESS_EVENT)).toBe(1));
  });

  it("pauses, resumes and cancels with the right commands", async () => {
    const { user, backend } = await openDetail({ campaigns: [campaign({ id: 23, status: "running", counts: counts({ total: 10, pending: 10 }) })] }, 23);
    expect(actionsShown()).toEqual(["pause", "cancel"]);
    await user.click(screen.getByTestId("campaign-pause"));
    await waitFor(() => expect(backend.callsTo("pause_campaign")).toHaveLength(1));
    expect(backend.callsTo("pause_campaign")[0]?.args).toEqual({ id: 23 });
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "paused"));
    expect(screen.getByTestId("campaign-reason")).toHaveTextContent("任务已暂停");
    await waitFor(() => expect(actionsShown()).toEqual(["resume", "cancel"]));

    await user.click(screen.getByTestId("campaign-resume"));
    await waitFor(() => expect(backend.callsTo("resume_campaign")).toHaveLength(1));
    expect(backend.callsTo("resume_campaign")[0]?.args).toEqual({ id: 23 });
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "running"));

    // Cancelling asks first, with its own words; "keep" keeps it.
    await user.click(screen.getByTestId("campaign-cancel"));
    const dialog = await screen.findByTestId("campaign-cancel-confirm");
    expect(dialog).toHaveTextContent("取消这个任务？");
    expect(dialog).toHaveTextContent("还没发出的 10 人将不会收到这条消息");
    await user.click(within(dialog).getByTestId("campaign-cancel-keep"));
    expect(backend.callsTo("cancel_campaign")).toHaveLength(0);
    await user.click(screen.getByTestId("campaign-cancel"));
    await user.click(await screen.findByTestId("campaign-cancel-ok"));
    await waitFor(() => expect(backend.callsTo("cancel_campaign")).toHaveLength(1));
    expect(backend.callsTo("cancel_campaign")[0]?.args).toEqual({ id: 23 });
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "cancelled"));
    await waitFor(() => expect(actionsShown()).toEqual([]));
  });

  it("resends failed rows, and asks before resending unknown ones in words that say they may have been delivered", async () => {
    const finished = campaign({
      id: 24,
      status: "finished",
      counts: counts({ total: 100, sent: 90, failed: 4, unknown: 6 }),
      startedAt: Date.UTC(2026, 10, 11, 1, 0),
      finishedAt: Date.UTC(2026, 10, 11, 1, 5),
    });
    const { user, backend } = await openDetail({ campaigns: [finished] }, 24);
    expect(screen.getByTestId("campaign-outcome")).toBeInTheDocument();
    expect(screen.getByTestId("campaign-duration")).toHaveTextContent("用时 5 分");
    // Shares as the campaign's report writes them: no "90.0%".
    const outcome = screen.getByTestId("campaign-outcome");
    expect(outcome).toHaveTextContent("已发送 90 (90%)");
    expect(outcome).toHaveTextContent("(6%)");
    expect(screen.getByTestId("campaign-progress")).toHaveTextContent("已处理 100 / 共 100 人");
    expect(actionsShown()).toEqual(["resend_unknown", "resend_failed"]);
    const resend = screen.getByTestId("campaign-resend");
    expect(resend).toHaveTextContent("6 人结果未知");
    expect(resend).toHaveTextContent("可能已经收到消息");
    expect(resend).toHaveTextContent("4 人发送失败");

    await user.click(screen.getByTestId("campaign-resend-failed"));
    const failedDialog = await screen.findByTestId("campaign-resend-failed-confirm");
    expect(failedDialog).toHaveTextContent("重发给 4 个发送失败的人？");
    await user.click(within(failedDialog).getByTestId("campaign-resend-failed-ok"));
    await waitFor(() => expect(backend.callsTo("resend_campaign")).toHaveLength(1));
    expect(backend.callsTo("resend_campaign")[0]?.args).toEqual({ id: 24, kind: "failed" });

    // Back to finished with unknown rows (the run ended): resending them asks first.
    backend.campaigns = [finished];
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "running"));
    act(() => emitEvent(PROGRESS_EVENT, progress({ campaignId: 24, status: "finished", counts: finished.counts })));
    await user.click(await screen.findByTestId("campaign-resend-unknown"));
    const dialog = await screen.findByTestId("campaign-resend-unknown-confirm");
    expect(dialog).toHaveTextContent("重发给 6 个结果未知的人？");
    expect(dialog).toHaveTextContent("其中一些人可能已经收到这条消息，重发后他们会收到第二条");
    const ok = within(dialog).getByTestId("campaign-resend-unknown-ok");
    const keep = within(dialog).getByTestId("campaign-resend-unknown-keep");
    // Its own labels: never the cancel dialog's "不取消", which would mean "go ahead" here.
    expect(ok).toHaveTextContent("仍然重发给 6 人");
    expect(keep).toHaveTextContent("不重发");
    expect(dialog).not.toHaveTextContent("不取消");
    await user.click(keep);
    expect(backend.callsTo("resend_campaign")).toHaveLength(1);

    await user.click(screen.getByTestId("campaign-resend-unknown"));
    await user.click(within(await screen.findByTestId("campaign-resend-unknown-confirm")).getByTestId("campaign-resend-unknown-ok"));
    await waitFor(() => expect(backend.callsTo("resend_campaign")).toHaveLength(2));
    expect(backend.callsTo("resend_campaign")[1]?.args).toEqual({ id: 24, kind: "unknown" });
  });

  it("words the resend-unknown dialog in English too", async () => {
    const finished = campaign({ id: 27, status: "finished", counts: counts({ total: 10, sent: 7, unknown: 3 }) });
    const { user } = await openDetail({ campaigns: [finished], prefs: { ...ENGLISH } }, 27);
    await user.click(screen.getByTestId("campaign-resend-unknown"));
    const dialog = await screen.findByTestId("campaign-resend-unknown-confirm");
    expect(dialog).toHaveTextContent("Resend to the 3 people whose outcome is unknown?");
    expect(dialog).toHaveTextContent("Some of them may already have received it");
    expect(within(dialog).getByTestId("campaign-resend-unknown-ok")).toHaveTextContent("Resend to 3 anyway");
    expect(within(dialog).getByTestId("campaign-resend-unknown-keep")).toHaveTextContent("Don't resend");
    expect(dialog).not.toHaveTextContent("Keep it");
  });

  it("shows exactly the actions the campaign offers, whatever its status", async () => {
    const cases = [
      campaign({ id: 31, status: "ready", counts: counts({ total: 5, pending: 5 }) }),
      campaign({ id: 32, status: "paused", counts: counts({ total: 5, pending: 2, sent: 1, unknown: 1, failed: 1 }) }),
      campaign({ id: 33, status: "stopped", counts: counts({ total: 5, pending: 0, sent: 4, failed: 1 }) }),
      campaign({ id: 34, status: "finished", counts: counts({ total: 5, sent: 5 }) }),
      campaign({ id: 35, status: "cancelled", counts: counts({ total: 5, sent: 1, cancelled: 4 }) }),
    ];
    for (const c of cases) {
      const view = await openDetail({ campaigns: cases }, c.id);
      expect(actionsShown(), c.status).toEqual(c.actions);
      view.unmount();
    }
  });

  it("says by its code that another window or command is sending the campaign", async () => {
    const running = campaign({ id: 28, status: "running", counts: counts({ total: 10, pending: 10 }) });
    const { user, backend } = await openDetail(
      { campaigns: [running], busy: { 28: 4242 } },
      28,
    );
    await user.click(screen.getByTestId("campaign-pause"));
    const notification = await screen.findByTestId("error-notification");
    expect(notification).toHaveTextContent("正在由另一个 Pushdesk 窗口或命令发送");
    expect(notification).toHaveTextContent("任务 28 正在由另一个推送台窗口或命令（进程 4242）发送");
    expect(backend.campaigns[0]?.status).toBe("running");
  });

  it("shows why sends failed from the log when the campaign is not sending", async () => {
    const finished = campaign({ id: 26, status: "finished", counts: counts({ total: 3, sent: 1, failed: 1, notSubscribed: 1 }) });
    await openDetail(
      {
        campaigns: [finished],
        logEntries: [
          entry({ id: 1, campaignId: 26, status: "failed", errcode: 47003 }),
          entry({ id: 2, campaignId: 26, status: "not_subscribed", errcode: 43101 }),
          entry({ id: 3, campaignId: 26, status: "sent", errcode: 0 }),
          entry({ id: 4, campaignId: 99, status: "failed", errcode: 40037 }),
        ],
      },
      26,
    );
    const errcodes = await screen.findByTestId("campaign-errcodes");
    await waitFor(() => expect(within(errcodes).getByTestId("campaign-errcode-47003")).toHaveTextContent("模板参数不符合要求"));
    expect(within(errcodes).getByTestId("campaign-errcode-43101")).toBeInTheDocument();
    expect(within(errcodes).queryByTestId("campaign-errcode-40037")).not.toBeInTheDocument();
  });

  it("explains why a campaign stopped, from the error catalogue", async () => {
    const stopped = campaign({
      id: 25,
      status: "stopped",
      statusReason: { kind: "campaign_error", errcode: 40037, failure: { errcode: 40037 }, message: "invalid template_id rid: 1234" },
      counts: counts({ total: 10, failed: 1, pending: 9 }),
    });
    await openDetail({ campaigns: [stopped] }, 25);
    const reason = await screen.findByTestId("campaign-reason");
    await waitFor(() => expect(reason).toHaveTextContent("模板 ID 不正确"));
    expect(reason).toHaveTextContent("到「模板」页重新同步模板后再发送。");
    expect(reason).toHaveTextContent("错误码 40037");
    // Every row is still pending, so resuming is offered; no row failed or is unknown: no resend.
    expect(actionsShown()).toEqual(["resume", "cancel", "resend_failed"]);
  });

  it("says what to do when the daily quota paused it", async () => {
    const paused = campaign({
      id: 26,
      status: "paused",
      statusReason: { kind: "quota", errcode: 45009, failure: { errcode: 45009 }, message: "reach max api daily quota limit" },
    });
    await openDetail({ campaigns: [paused] }, 26);
    const reason = await screen.findByTestId("campaign-reason");
    expect(reason).toHaveAttribute("data-kind", "quota");
    expect(reason).toHaveTextContent("今天的发送额度已用完");
    await waitFor(() => expect(reason).toHaveTextContent("今天的发送次数已达上限"));
  });

  it("explains a token endpoint's 45009 from its own catalogue entry, not the send quota's", async () => {
    const paused = campaign({
      id: 29,
      status: "paused",
      statusReason: { kind: "token", errcode: 45009, failure: { token_errcode: 45009 }, message: "stable_token: reach max api daily quota limit" },
    });
    await openDetail({ campaigns: [paused] }, 29);
    const reason = await screen.findByTestId("campaign-reason");
    expect(reason).toHaveAttribute("data-kind", "token");
    expect(reason).toHaveTextContent("无法获取 access token，任务已暂停，没有发出任何消息");
    await waitFor(() => expect(within(reason).getByTestId("campaign-reason-cause")).toHaveTextContent("获取令牌的次数已达今日上限"));
    expect(reason).not.toHaveTextContent("今天的发送次数已达上限");
    expect(reason).toHaveTextContent("令牌接口错误码 45009");
  });

  it("says in words when WeChat could not be reached and when the local database failed", async () => {
    const unreachable = campaign({
      id: 40,
      status: "paused",
      statusReason: { kind: "unreachable", errcode: null, failure: { transport: "connect_failed" }, message: "connect to api.weixin.qq.com:443 refused" },
      counts: counts({ total: 10, sent: 3, pending: 7 }),
    });
    const store = campaign({
      id: 41,
      status: "paused",
      statusReason: { kind: "store", errcode: null, failure: null, message: "2 rows are left to send" },
      counts: counts({ total: 10, sent: 8, pending: 2 }),
    });
    const first = await openDetail({ campaigns: [unreachable, store] }, 40);
    const reason = await screen.findByTestId("campaign-reason");
    expect(reason).toHaveAttribute("data-kind", "unreachable");
    expect(reason).toHaveTextContent("连不上微信");
    // Issue 18: the core's English sentence (written for the CLI) stayed in the Chinese UI.
    expect(reason).not.toHaveTextContent("connect to api.weixin.qq.com:443 refused");
    first.unmount();
    await openDetail({ campaigns: [unreachable, store] }, 41);
    const stored = await screen.findByTestId("campaign-reason");
    expect(stored).toHaveAttribute("data-kind", "store");
    expect(stored).toHaveTextContent("本机数据库写入失败");
    expect(within(stored).getByTestId("campaign-reason-detail")).toHaveTextContent("技术细节：2 rows are left to send");
  });
});
