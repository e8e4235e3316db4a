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
    expect(screen.getByTestId("campaign-progress")).toHaveTextContent("51 / 100");
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
    expect(screen.queryByTestId("campaign-resume")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("campaign-pause"));
    await waitFor(() => expect(backend.callsTo("pause_campaign")).toHaveLength(1));
    expect(backend.callsTo("pause_campaign")[0]?.args).toEqual({ id: 23 });
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "paused"));
    expect(screen.getByTestId("campaign-reason")).toHaveTextContent("任务已暂停");

    await user.click(screen.getByTestId("campaign-resume"));
    await waitFor(() => expect(backend.callsTo("start_campaign")).toHaveLength(1));
    expect(backend.callsTo("start_campaign")[0]?.args).toEqual({ id: 23, resend: null });
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "running"));

    await user.click(screen.getByTestId("campaign-cancel"));
    expect(backend.callsTo("cancel_campaign")).toHaveLength(0);
    await user.click(await screen.findByTestId("campaign-cancel-ok"));
    await waitFor(() => expect(backend.callsTo("cancel_campaign")).toHaveLength(1));
    expect(backend.callsTo("cancel_campaign")[0]?.args).toEqual({ id: 23 });
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "cancelled"));
    expect(screen.queryByTestId("campaign-cancel")).not.toBeInTheDocument();
  });

  it("offers to resend unknown (with a warning) and failed rows of a finished campaign", async () => {
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
    const resend = screen.getByTestId("campaign-resend");
    expect(resend).toHaveTextContent("6 人结果未知");
    expect(resend).toHaveTextContent("可能已经收到消息");
    expect(resend).toHaveTextContent("4 人发送失败");

    await user.click(screen.getByTestId("campaign-resend-failed"));
    await waitFor(() => expect(backend.callsTo("start_campaign")).toHaveLength(1));
    expect(backend.callsTo("start_campaign")[0]?.args).toEqual({ id: 24, resend: { unknown: false, failed: true } });

    // Back to finished with unknown rows: resending them asks first.
    backend.campaigns = [finished];
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "running"));
    act(() => emitEvent(PROGRESS_EVENT, progress({ campaignId: 24, status: "finished", counts: finished.counts })));
    await user.click(await screen.findByTestId("campaign-resend-unknown"));
    await user.click(await screen.findByTestId("campaign-resend-unknown-ok"));
    await waitFor(() => expect(backend.callsTo("start_campaign")).toHaveLength(2));
    expect(backend.callsTo("start_campaign")[1]?.args).toEqual({ id: 24, resend: { unknown: true, failed: false } });
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
      statusReason: { kind: "campaign_error", errcode: 40037, message: "invalid template_id rid: 1234" },
      counts: counts({ total: 10, failed: 1, pending: 9 }),
    });
    await openDetail({ campaigns: [stopped] }, 25);
    const reason = await screen.findByTestId("campaign-reason");
    await waitFor(() => expect(reason).toHaveTextContent("模板 ID 不正确"));
    expect(reason).toHaveTextContent("到「模板」页重新同步模板后再发送。");
    expect(reason).toHaveTextContent("错误码 40037");
    expect(screen.getByTestId("campaign-resume")).toBeInTheDocument();
  });

  it("says what to do when the daily quota paused it", async () => {
    const paused = campaign({
      id: 26,
      status: "paused",
      statusReason: { kind: "quota", errcode: 45009, message: "reach max api daily quota limit" },
    });
    await openDetail({ campaigns: [paused] }, 26);
    const reason = await screen.findByTestId("campaign-reason");
    expect(reason).toHaveAttribute("data-kind", "quota");
    expect(reason).toHaveTextContent("今天的发送额度已用完");
  });
});
