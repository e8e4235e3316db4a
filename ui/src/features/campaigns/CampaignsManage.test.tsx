import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ARCHIVABLE_STATUSES, type CampaignStatus } from "../../ipc";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { resetEvents } from "../../test/fakeEvents";
import { BOOKING_CONFIRMED } from "../../test/templateFixtures";
import { campaign, counts } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/**
 * The campaigns page as a marketer keeps it: found by a search, tidied by archiving what ended,
 * nothing lost (the archived ones come back with a switch, and can be brought back).
 */

const ENGLISH = { language: "en", theme: "light", showSandbox: true, selectedAccountId: null } as const;
const DAY = 24 * 60 * 60 * 1000;

const rowIds = () => screen.getAllByTestId(/^campaign-row-\d+$/).map((row) => Number(row.getAttribute("data-testid")?.replace("campaign-row-", "")));
const archiveCalls = (backend: ReturnType<typeof renderApp>["backend"]) => backend.callsTo("archive_campaign").map((call) => call.args);

const ended = (partial: Parameters<typeof campaign>[0]) =>
  campaign({ status: "finished", counts: counts({ total: 10, sent: 10 }), finishedAt: Date.now() - DAY, ...partial });

describe("searching the campaigns", () => {
  const LIST = [
    ended({ id: 21, name: "双十一会员提醒" }),
    campaign({ id: 22, name: "新品上架", templateId: BOOKING_CONFIRMED.templateId, templateTitle: BOOKING_CONFIRMED.title, status: "running", counts: counts({ total: 10, pending: 10 }) }),
    ended({ id: 23, name: "会员日 Coupon" }),
    ended({ id: 122, name: "周末活动", archivedAt: Date.now() - DAY }),
  ];

  it("filters by name, template title or id, keeps the search while on the page, and offers to clear when nothing matches", async () => {
    const { user, backend } = renderApp("/campaigns", { campaigns: LIST }, FAST_USER);
    await appReady();
    await screen.findByTestId("campaign-row-21");
    expect(rowIds()).toEqual([21, 22, 23]);
    const search = screen.getByTestId("campaigns-search");
    expect(search).toHaveAccessibleName("搜索任务名称、模板或任务编号");

    await user.type(search, "会员");
    expect(rowIds()).toEqual([21, 23]);
    // Case and full-width letters do not matter.
    await user.clear(search);
    await user.type(search, "ｃｏｕｐｏｎ");
    expect(rowIds()).toEqual([23]);
    // The template's title.
    await user.clear(search);
    await user.type(search, "预约成功");
    expect(rowIds()).toEqual([22]);
    // An id is the whole id: 22 is not 122 (archived anyway) nor a part of another.
    await user.clear(search);
    await user.type(search, "#22");
    expect(rowIds()).toEqual([22]);
    await user.clear(search);
    await user.type(search, "22");
    expect(rowIds()).toEqual([22]);

    // The search stays while the list is read again (here after an archive).
    await user.clear(search);
    await user.type(search, "会员");
    await user.click(screen.getByTestId("campaign-row-21-archive"));
    await waitFor(() => expect(archiveCalls(backend)).toEqual([{ id: 21, archived: true }]));
    await waitFor(() => expect(rowIds()).toEqual([23]));
    expect(search).toHaveValue("会员");

    await user.clear(search);
    await user.type(search, "不存在的任务");
    const none = await screen.findByTestId("campaigns-no-match");
    expect(none).toHaveTextContent("没有与「不存在的任务」匹配的任务");
    expect(screen.queryByTestId("campaigns-table")).not.toBeInTheDocument();
    await user.click(within(none).getByTestId("campaigns-search-clear"));
    expect(search).toHaveValue("");
    expect(rowIds()).toEqual([22, 23]);
  });

  it("says when only archived campaigns match, and shows them with one click", async () => {
    const { user } = renderApp("/campaigns", { campaigns: LIST }, FAST_USER);
    await appReady();
    await screen.findByTestId("campaign-row-21");
    await user.type(screen.getByTestId("campaigns-search"), "周末");
    const none = await screen.findByTestId("campaigns-no-match");
    expect(none).toHaveTextContent("有 1 个已归档的任务匹配：打开「显示已归档」就能看到。");
    await user.click(within(none).getByTestId("campaigns-show-archived-button"));
    expect(rowIds()).toEqual([122]);
    expect(screen.getByTestId("campaigns-show-archived")).toBeChecked();
    expect(screen.getByTestId("campaign-row-122-archived")).toHaveTextContent("已归档");
  });

  it("speaks English", async () => {
    const { user } = renderApp("/campaigns", { campaigns: LIST, prefs: ENGLISH }, FAST_USER);
    await appReady();
    await screen.findByTestId("campaign-row-21");
    expect(screen.getByTestId("campaigns-search")).toHaveAccessibleName("Search by campaign name, template or id");
    expect(screen.getByText("Show archived")).toBeInTheDocument();
    await user.type(screen.getByTestId("campaigns-search"), "nothing like it");
    const none = await screen.findByTestId("campaigns-no-match");
    expect(none).toHaveTextContent("No campaign matches “nothing like it”");
    expect(within(none).getByTestId("campaigns-search-clear")).toHaveTextContent("Clear the search");
  });
});

describe("archiving campaigns", () => {
  it("hides archived campaigns unless asked, archives an ended one and brings one back", async () => {
    const finished = ended({ id: 31, name: "十月账单通知" });
    const archived = campaign({ id: 32, name: "试发活动", status: "cancelled", counts: counts({ total: 5, sent: 1, cancelled: 4 }), archivedAt: Date.now() - DAY });
    const running = campaign({ id: 33, status: "running", counts: counts({ total: 10, pending: 10 }) });
    const { user, backend } = renderApp("/campaigns", { campaigns: [finished, archived, running] }, FAST_USER);
    await appReady();
    await screen.findByTestId("campaign-row-31");
    expect(rowIds()).toEqual([31, 33]);
    expect(screen.getByTestId("campaigns-archived-count")).toHaveTextContent("（1 个）");
    const toggle = screen.getByTestId("campaigns-show-archived");
    expect(toggle).toHaveAccessibleName("显示已归档");
    expect(toggle).not.toBeChecked();

    // Only the ended campaign offers it; archiving does not open the row.
    expect(screen.queryByTestId("campaign-row-33-archive")).not.toBeInTheDocument();
    const archive = screen.getByTestId("campaign-row-31-archive");
    expect(archive).toHaveTextContent("归档");
    await user.click(archive);
    await waitFor(() => expect(archiveCalls(backend)).toEqual([{ id: 31, archived: true }]));
    expect(await screen.findByText("已归档「十月账单通知」：打开「显示已归档」可以再看到它。")).toBeInTheDocument();
    await waitFor(() => expect(rowIds()).toEqual([33]));
    expect(window.location.hash).toBe("#/campaigns");
    expect(backend.campaigns.find((c) => c.id === 31)?.archivedAt).toEqual(expect.any(Number));
    expect(screen.getByTestId("campaigns-archived-count")).toHaveTextContent("（2 个）");

    // Shown again: tagged, with a way back.
    await user.click(toggle);
    expect(rowIds()).toEqual([31, 32, 33]);
    expect(screen.getByTestId("campaign-row-31")).toHaveAttribute("data-archived", "true");
    expect(screen.getByTestId("campaign-row-32-archived")).toHaveTextContent("已归档");
    expect(screen.queryByTestId("campaign-row-33-archived")).not.toBeInTheDocument();
    expect(screen.queryByTestId("campaign-row-32-archive")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("campaign-row-32-unarchive"));
    await waitFor(() => expect(archiveCalls(backend)).toEqual([{ id: 31, archived: true }, { id: 32, archived: false }]));
    await waitFor(() => expect(screen.queryByTestId("campaign-row-32-archived")).not.toBeInTheDocument());
    expect(screen.getByTestId("campaign-row-32-archive")).toBeInTheDocument();
    expect(backend.campaigns.find((c) => c.id === 32)?.archivedAt).toBeNull();

    await user.click(toggle);
    expect(rowIds()).toEqual([32, 33]);

    // An archived campaign still opens, with its report.
    await user.click(toggle);
    await user.click(screen.getByTestId("campaign-row-31"));
    expect(await screen.findByTestId("campaign-archived")).toHaveTextContent("已归档");
    await user.click(screen.getByTestId("campaign-open-report"));
    await waitFor(() => expect(window.location.hash).toBe("#/log/campaign/31"));
  });

  it("never offers to archive a campaign that may still send", async () => {
    const statuses: CampaignStatus[] = ["ready", "running", "paused", "stopped", "cancelled", "finished"];
    const list = statuses.map((status, index) => campaign({ id: 40 + index, status, counts: counts({ total: 10, sent: 5, pending: 5 }) }));
    renderApp("/campaigns", { campaigns: list }, FAST_USER);
    await appReady();
    await screen.findByTestId("campaign-row-40");
    const offered = list.filter((c) => screen.queryByTestId(`campaign-row-${c.id}-archive`) !== null).map((c) => c.status);
    expect(offered).toEqual(["cancelled", "finished"]);
    expect(offered).toEqual(statuses.filter((status) => (ARCHIVABLE_STATUSES as readonly CampaignStatus[]).includes(status)));
    // Every row can be copied.
    for (const c of list) expect(screen.getByTestId(`campaign-row-${c.id}-copy`)).toHaveTextContent("复制");
  });

  it("says so when every campaign is archived", async () => {
    const { user } = renderApp("/campaigns", { campaigns: [ended({ id: 51, archivedAt: Date.now() })] }, FAST_USER);
    await appReady();
    const all = await screen.findByTestId("campaigns-all-archived");
    expect(all).toHaveTextContent("所有任务都已归档");
    await user.click(within(all).getByTestId("campaigns-show-archived-button"));
    expect(rowIds()).toEqual([51]);
  });

  it("shows the core's refusal when the campaign started again meanwhile, and the list catches up", async () => {
    const finished = ended({ id: 61, counts: counts({ total: 10, sent: 9, unknown: 1 }) });
    const { user, backend } = renderApp("/campaigns", { campaigns: [finished] }, FAST_USER);
    await appReady();
    await screen.findByTestId("campaign-row-61-archive");
    // Another window resent its unknown row: it is running now.
    backend.campaigns = [{ ...finished, status: "running", counts: counts({ total: 10, sent: 9, pending: 1 }) }];
    await user.click(screen.getByTestId("campaign-row-61-archive"));
    const error = await screen.findByTestId("error-notification");
    expect(error).toHaveTextContent("任务 61 还没有结束：只有已完成或已取消的任务可以归档");
    await waitFor(() => expect(screen.getByTestId("campaign-row-61")).toHaveAttribute("data-status", "running"));
    expect(screen.queryByTestId("campaign-row-61-archive")).not.toBeInTheDocument();
    expect(backend.campaigns[0]?.archivedAt).toBeNull();
  });

  it("archives and brings back from the detail page, only when allowed", async () => {
    const { user, backend } = renderApp("/campaigns/71", { campaigns: [ended({ id: 71 }), campaign({ id: 72, status: "paused", counts: counts({ total: 4, sent: 2, pending: 2 }) })] }, FAST_USER);
    await appReady();
    await screen.findByTestId("campaign-status");
    expect(screen.queryByTestId("campaign-archived")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("campaign-archive"));
    await waitFor(() => expect(archiveCalls(backend)).toEqual([{ id: 71, archived: true }]));
    expect(await screen.findByTestId("campaign-archived")).toHaveTextContent("已归档");
    await user.click(await screen.findByTestId("campaign-unarchive"));
    await waitFor(() => expect(archiveCalls(backend)).toEqual([{ id: 71, archived: true }, { id: 71, archived: false }]));
    await waitFor(() => expect(screen.queryByTestId("campaign-archived")).not.toBeInTheDocument());
    expect(screen.getByTestId("campaign-archive")).toBeInTheDocument();

    window.location.hash = "#/campaigns/72";
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "paused"));
    expect(screen.queryByTestId("campaign-archive")).not.toBeInTheDocument();
    expect(screen.queryByTestId("campaign-unarchive")).not.toBeInTheDocument();
    expect(screen.getByTestId("campaign-copy")).toBeInTheDocument();
  });
});
