import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Campaign } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";
import { campaign, counts, OPENID_A, OPENID_B } from "./testing/fixtures";
import { readPickedList } from "./testing/wizardSteps";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/** Who is at the desk: a login on a team's store, with a role, approval above 1 000 recipients. */
const AS_WANG = { login: "wang", teamRole: "sender", approvalThreshold: 1000 } as const;
const AS_LI = { ...AS_WANG, login: "li" } as const;

/** Li's campaign above the threshold: two keywords typed, the others from the list. */
function waiting(partial: Partial<Campaign> = {}): Campaign {
  return campaign({
    id: 31,
    name: "双十一会员通知",
    status: "ready",
    counts: counts({ total: 1500, pending: 1480, skipped: 20 }),
    approval: "waiting",
    createdBy: "li",
    rate: 25,
    concurrency: 6,
    message: { values: { phrase3: "已发货", amount5: "￥{{金额}}" }, page: "pages/order/detail", miniprogramState: "formal", lang: "zh_CN" },
    ...partial,
  });
}

async function openDetail(overrides: Parameters<typeof renderApp>[1], id = 31) {
  const view = renderApp(`/campaigns/${id}`, { templates: { [REAL_ACCOUNT.id]: [ORDER_SHIPPED] }, ...overrides }, FAST_USER);
  await appReady();
  await screen.findByTestId("campaign-status");
  return view;
}

const actionsShown = () => [...document.querySelectorAll("[data-action]")].map((el) => el.getAttribute("data-action"));

describe("a campaign waiting for approval", () => {
  it("shows another sender the confirm page: template, card, counts, schedule, speed, author; approving it offers the start", async () => {
    const { user, backend } = await openDetail({ ...AS_WANG, campaigns: [waiting()] });
    const panel = await screen.findByTestId("approval-panel");
    expect(screen.getByTestId("campaign-approval-waiting")).toHaveTextContent("待批准");
    expect(within(panel).getByTestId("approval-template")).toHaveTextContent("订单发货通知");
    expect(within(panel).getByTestId("approval-account")).toHaveTextContent(REAL_ACCOUNT.name);
    expect(within(panel).getByTestId("approval-recipients")).toHaveTextContent("共 1,500 人，待发送 1,480 人");
    expect(within(panel).getByTestId("approval-when")).toHaveTextContent("还没有定时：批准后由发送人开始发送");
    expect(within(panel).getByTestId("approval-window")).toHaveTextContent("不限时段");
    expect(within(panel).getByTestId("approval-rate")).toHaveTextContent("每秒 25 条 · 同时 6 个请求");
    expect(within(panel).getByTestId("approval-created-by")).toHaveTextContent("li ·");
    // The card as the recipients see it: typed values as typed, the list's values marked.
    const card = within(panel).getByTestId("approval-card");
    expect(within(card).getByTestId("wx-card-title")).toHaveTextContent("订单发货通知");
    await waitFor(() => expect(within(card).getByTestId("wx-card-row-phrase3")).toHaveTextContent("物流状态已发货"));
    expect(within(card).getByTestId("wx-card-row-thing1").querySelector("mark")).toHaveTextContent("{{商品名称}}");
    expect(within(card).getByTestId("wx-card-row-amount5").querySelector("mark")).toHaveTextContent("{{金额}}");
    // Approve is offered once, in the panel (below the header's actions); no start while it waits.
    expect(actionsShown()).toEqual(["reschedule", "cancel", "approve"]);
    expect(within(panel).getByTestId("approve-campaign")).toHaveAttribute("data-action", "approve");
    expect(screen.queryByTestId("campaign-start")).not.toBeInTheDocument();

    await user.click(within(panel).getByTestId("approve-campaign"));
    const dialog = await screen.findByTestId("approve-campaign-confirm");
    expect(dialog).toHaveTextContent("批准这个任务？");
    expect(dialog).toHaveTextContent("「双十一会员通知」将发给 1,480 人，还没有定时：批准后由发送人开始发送。");
    expect(dialog).toHaveTextContent("改时间或取消定时，需要重新批准");
    await user.click(within(dialog).getByTestId("approve-campaign-ok"));
    await waitFor(() => expect(backend.callsTo("approve_campaign")).toHaveLength(1));
    expect(backend.callsTo("approve_campaign")[0]?.args).toEqual({ id: 31 });
    expect(await screen.findByText("已批准「双十一会员通知」：发送人现在可以开始发送")).toBeInTheDocument();

    await waitFor(() => expect(screen.queryByTestId("approval-panel")).not.toBeInTheDocument());
    expect(screen.getByTestId("campaign-approved")).toHaveTextContent("已由 wang 批准 ·");
    expect(screen.queryByTestId("campaign-approval-waiting")).not.toBeInTheDocument();
    expect(backend.campaigns[0]).toMatchObject({ approval: "approved", approvedBy: "wang" });
    await waitFor(() => expect(actionsShown()).toEqual(["start", "reschedule", "cancel"]));
    await user.click(screen.getByTestId("campaign-start"));
    await user.click(await screen.findByTestId("campaign-start-ok"));
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "running"));
  });

  it("shows its author the same page without an approve button, and says who must approve it", async () => {
    await openDetail({ ...AS_LI, campaigns: [waiting()] });
    const panel = await screen.findByTestId("approval-panel");
    expect(within(panel).getByTestId("approval-template")).toHaveTextContent("订单发货通知");
    expect(within(panel).queryByTestId("approve-campaign")).not.toBeInTheDocument();
    expect(within(panel).getByTestId("approval-waiting-other")).toHaveTextContent("需要团队中除创建人以外的发送人批准后才能发送");
    expect(actionsShown()).toEqual(["reschedule", "cancel"]);
  });

  it("says when a scheduled one starts, and that it starts by itself once approved", async () => {
    const at = new Date(2031, 10, 11, 9, 30).getTime();
    const { user } = await openDetail({ ...AS_WANG, campaigns: [waiting({ status: "scheduled", scheduledAt: at })] });
    const panel = await screen.findByTestId("approval-panel");
    expect(within(panel).getByTestId("approval-when")).toHaveTextContent("到 2031-11-11 09:30 自动开始");
    await user.click(within(panel).getByTestId("approve-campaign"));
    const dialog = await screen.findByTestId("approve-campaign-confirm");
    expect(dialog).toHaveTextContent("到 2031-11-11 09:30 自动开始");
    await user.click(within(dialog).getByTestId("approve-campaign-ok"));
    expect(await screen.findByText("已批准「双十一会员通知」：到时间后自动开始发送")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("campaign-approved")).toHaveTextContent("已由 wang 批准"));
  });

  it("speaks English when the app does", async () => {
    const { user } = await openDetail({
      ...AS_WANG,
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null },
      campaigns: [waiting()],
    });
    const panel = await screen.findByTestId("approval-panel");
    expect(panel).toHaveTextContent("Awaiting approval");
    expect(within(panel).getByTestId("approval-recipients")).toHaveTextContent("1,500 in all, 1,480 to send");
    await user.click(within(panel).getByTestId("approve-campaign"));
    const dialog = await screen.findByTestId("approve-campaign-confirm");
    expect(dialog).toHaveTextContent("Approve this campaign?");
    expect(dialog).toHaveTextContent("“双十一会员通知” goes to 1,480 recipients; it is not scheduled: a sender starts it once it is approved.");
    await user.click(within(dialog).getByTestId("approve-campaign-ok"));
    await waitFor(() => expect(screen.getByTestId("campaign-approved")).toHaveTextContent("Approved by wang"));
  });

  it("is tagged in the list, and not once approved", async () => {
    const { user, backend } = renderApp(
      "/campaigns",
      {
        ...AS_WANG,
        campaigns: [
          waiting(),
          waiting({ id: 32, name: "已批准的任务", approval: "approved", approvedBy: "zhao", approvedAt: Date.UTC(2026, 10, 11) }),
          campaign({ id: 33, name: "小任务" }),
        ],
      },
      FAST_USER,
    );
    await appReady();
    const row = await screen.findByTestId("campaign-row-31");
    expect(within(row).getByTestId("approval-waiting-tag")).toHaveTextContent("待批准");
    expect(within(screen.getByTestId("campaign-row-32")).queryByTestId("approval-waiting-tag")).not.toBeInTheDocument();
    expect(within(screen.getByTestId("campaign-row-33")).queryByTestId("approval-waiting-tag")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("approval-waiting-tag")).toHaveLength(1);
    // Its row offers neither the start nor the approval: the approver opens its page first.
    expect(within(row).queryByTestId("campaign-row-31-approve")).not.toBeInTheDocument();
    expect(within(row).queryByTestId("campaign-row-31-start")).not.toBeInTheDocument();
    await user.click(within(row).getAllByRole("cell")[0]);
    expect(await screen.findByTestId("approval-panel")).toHaveTextContent("订单发货通知");
    expect(backend.callsTo("approve_campaign")).toHaveLength(0);
  });
});

const PATH = "/home/test/会员.csv";
const HEADERS = ["openid", ...ORDER_SHIPPED.keywords.map((k) => k.key)];
const listRow = (openid: string) => [openid, "拿铁咖啡", "20261124000123", "已发货", "2026-11-24 10:00", "￥32.00"];
const LIST = { format: "csv", encoding: "utf8", delimiter: ",", headers: HEADERS, rows: [listRow(OPENID_A), listRow(OPENID_B)] } as const;

/** The wizard at its last step with two sendable rows, confirmed to send now. */
async function confirmInWizard(overrides: Parameters<typeof renderApp>[1]) {
  const view = renderApp(
    "/campaigns/new",
    { templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES }, files: { [PATH]: { ...LIST, rows: [...LIST.rows] } }, pickedFile: PATH, ...overrides },
    FAST_USER,
  );
  const { user } = view;
  await appReady();
  await readPickedList(user, PATH);
await waitFor(() => expect(screen.getByTestId("campaign-report-valid")).toHaveAttribute("data-value", "2"));
  await user.click(screen.getByTestId("campaign-next"));
  await user.click(await screen.findByTestId("campaign-start"));
  await user.click(await screen.findByTestId("campaign-confirm-ok"));
  await screen.findByTestId("campaign-detail");
  return view;
}

describe("the wizard's confirm on a team's store", () => {
  it("makes a campaign above the threshold and says it waits for another sender, never that it sends", async () => {
    const { backend } = await confirmInWizard({ ...AS_LI, approvalThreshold: 1 });
    expect(await screen.findByText("已创建，等待团队中另一位发送人批准")).toBeInTheDocument();
    expect(backend.callsTo("start_campaign")).toHaveLength(0);
    expect(backend.campaigns[0]).toMatchObject({ status: "ready", approval: "waiting", createdBy: "li" });
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "ready"));
    const panel = await screen.findByTestId("approval-panel");
    expect(within(panel).queryByTestId("approve-campaign")).not.toBeInTheDocument();
  });

  it("leaves the campaign of a person below sender ready, for a sender to start", async () => {
    const { backend } = await confirmInWizard({ ...AS_LI, teamRole: "author" });
    expect(await screen.findByText("已创建，请团队中的发送人开始发送")).toBeInTheDocument();
    expect(backend.campaigns[0]).toMatchObject({ status: "ready", approval: "not_needed" });
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "ready"));
    expect(screen.queryByTestId("approval-panel")).not.toBeInTheDocument();
  });

  it("starts a campaign at or below the threshold as before", async () => {
    const { backend } = await confirmInWizard({ ...AS_LI, approvalThreshold: 2 });
    await waitFor(() => expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "running"));
    expect(backend.campaigns[0]).toMatchObject({ approval: "not_needed" });
    expect(screen.queryByText("已创建，等待团队中另一位发送人批准")).not.toBeInTheDocument();
  });
});
