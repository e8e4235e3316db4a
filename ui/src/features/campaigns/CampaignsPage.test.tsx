import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { campaign, counts } from "./testing/fixtures";
import { resetEvents } from "../../test/fakeEvents";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

describe("campaigns page", () => {
  it("shows an empty state with a call to action that opens the wizard", async () => {
    const { user } = renderApp("/campaigns", {}, FAST_USER);
    await appReady();
    const empty = await screen.findByTestId("campaigns-empty");
    expect(empty).toHaveTextContent("还没有群发任务");
    await user.click(within(empty).getByRole("button", { name: /新建任务/ }));
    expect(await screen.findByTestId("campaign-wizard")).toBeInTheDocument();
    expect(window.location.hash).toBe("#/campaigns/new");
  });

  it("lists the account's campaigns with status, outcome bar, total, creator; a row opens the campaign", async () => {
    const finished = campaign({
      id: 7,
      name: "双十一会员提醒",
      status: "finished",
      counts: counts({ total: 1000, sent: 900, notSubscribed: 50, failed: 20, unknown: 5, skipped: 25 }),
      startedAt: Date.UTC(2026, 10, 11, 1, 31),
      finishedAt: Date.UTC(2026, 10, 11, 1, 40),
    });
    const running = campaign({ id: 8, status: "running", counts: counts({ total: 200, sent: 50, pending: 150 }) });
    const otherAccount = campaign({ id: 9, accountId: SANDBOX_ACCOUNT.id, name: "沙箱任务" });
    const { user } = renderApp("/campaigns", { campaigns: [finished, running, otherAccount] }, FAST_USER);
    await appReady();

    const row = await screen.findByTestId("campaign-row-7");
    expect(row).toHaveTextContent("双十一会员提醒");
    expect(row).toHaveTextContent("订单发货通知");
    expect(row).toHaveTextContent("已完成");
    expect(row).toHaveTextContent("已发送 900 / 共 1,000 人");
    expect(row).toHaveTextContent("xiaowang");
    expect(within(screen.getByTestId("campaign-row-8")).getByText("发送中")).toBeInTheDocument();
    expect(screen.queryByTestId("campaign-row-9")).not.toBeInTheDocument();

    const bar = within(row).getByTestId("campaign-row-outcome-7");
    const segments: Record<string, number> = {};
    for (const el of bar.querySelectorAll("[data-segment]")) segments[el.getAttribute("data-segment") ?? ""] = Number(el.getAttribute("data-value"));
    expect(segments).toEqual({ sent: 900, notSubscribed: 50, failed: 20, unknown: 5, skipped: 25 });
    expect((bar.querySelector('[data-segment="sent"]') as HTMLElement).style.width).toBe("90%");
    expect(bar).toHaveAttribute("aria-label", expect.stringContaining("已发送 900") as string);

    await user.click(row);
    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    expect(window.location.hash).toBe("#/campaigns/7");
  });

  // Bug 3: the shell announces interrupted campaigns on every page; this page must not repeat it.
  it("shows the shell's notice of interrupted campaigns once, and the row resumes them", async () => {
    const interrupted = campaign({
      id: 12,
      name: "会员日提醒",
      status: "paused",
      statusReason: { kind: "interrupted", errcode: null, failure: null, message: "the app stopped while sending" },
      counts: counts({ total: 500, sent: 200, unknown: 2, pending: 298 }),
    });
    const { user, backend } = renderApp("/campaigns", { campaigns: [interrupted], interruptedIds: [12] }, FAST_USER);
    await appReady();
    const notice = await screen.findByTestId("interrupted-notice");
    expect(notice).toHaveTextContent("会员日提醒");
    expect(notice).toHaveTextContent("2 人结果未知");
    expect(screen.getAllByText("上次退出时有任务未完成")).toHaveLength(1);

    // Exactly what the campaign offers: resume, cancel, and resending the unknown rows.
    const row = await screen.findByTestId("campaign-row-12");
    const offered = [...row.querySelectorAll("[data-action]")].map((el) => el.getAttribute("data-action"));
    expect(offered).toEqual(["resume", "cancel", "resend_unknown"]);
    await user.click(screen.getByTestId("campaign-row-12-resume"));
    await waitFor(() => expect(backend.callsTo("resume_campaign")).toHaveLength(1));
    expect(backend.callsTo("resume_campaign")[0]?.args).toEqual({ id: 12 });
    await waitFor(() => expect(screen.queryByTestId("interrupted-notice")).not.toBeInTheDocument());
  });

  it("offers each row's actions without opening the row", async () => {
    const finished = campaign({ id: 14, status: "finished", counts: counts({ total: 10, sent: 8, unknown: 2 }) });
    const cancelled = campaign({ id: 15, status: "cancelled", counts: counts({ total: 10, sent: 2, cancelled: 8 }) });
    const ready = campaign({ id: 16, status: "ready", counts: counts({ total: 10, pending: 10 }) });
    const { user, backend } = renderApp("/campaigns", { campaigns: [finished, cancelled, ready] }, FAST_USER);
    await appReady();
    const offered = (id: number) =>
      [...screen.getByTestId(`campaign-row-${id}`).querySelectorAll("[data-action]")].map((el) => el.getAttribute("data-action"));
    await screen.findByTestId("campaign-row-14");
    expect(offered(14)).toEqual(["resend_unknown"]);
    expect(offered(15)).toEqual([]);
    expect(offered(16)).toEqual(["start", "reschedule", "cancel"]);

    await user.click(screen.getByTestId("campaign-row-14-resend-unknown"));
    const dialog = await screen.findByTestId("campaign-row-14-resend-unknown-confirm");
    expect(dialog).toHaveTextContent("可能已经收到这条消息");
    await user.click(within(dialog).getByTestId("campaign-row-14-resend-unknown-ok"));
    await waitFor(() => expect(backend.callsTo("resend_campaign")).toHaveLength(1));
    expect(backend.callsTo("resend_campaign")[0]?.args).toEqual({ id: 14, kind: "unknown" });
    // Still on the list: the click on the button did not open the row.
    expect(window.location.hash).toBe("#/campaigns");
    await waitFor(() => expect(screen.getByTestId("campaign-row-14")).toHaveAttribute("data-status", "running"));
    expect(offered(14)).toEqual(["pause", "cancel"]);
  });

  it("hides the banner when nothing was interrupted", async () => {
    renderApp("/campaigns", { campaigns: [campaign({ id: 3 })] }, FAST_USER);
    await appReady();
    await screen.findByTestId("campaign-row-3");
    expect(screen.queryByTestId("interrupted-notice")).not.toBeInTheDocument();
  });
});
