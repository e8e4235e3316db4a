import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DraftSettings } from "../../ipc";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT, type FakeBackend } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";
import { GBK_FILE, OPENID_A, campaign, counts } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/**
 * "Copy" starts a new campaign from an old one: its name, template, typed values, page, version
 * to open, card language and speed; the user reads a new list, and the copy goes through the
 * draft's validation and start like any new campaign.
 */

const PATH = "D:\\会员\\12月会员.csv";
const ENGLISH = { language: "en", theme: "light", showSandbox: true, selectedAccountId: null } as const;

/** Last month's campaign: two typed values (one with a column's placeholder), a page with one, a trial build, English cards, a slow speed. */
const ORIGINAL = campaign({
  id: 41,
  name: "双十一会员提醒",
  status: "finished",
  counts: counts({ total: 900, sent: 900 }),
  message: {
    values: { phrase3: "已发货", amount5: "￥{{金额}}" },
    page: "pages/order/detail?id={{订单号}}",
    miniprogramState: "trial",
    lang: "en_US",
  },
  rate: 10,
  concurrency: 4,
});

const updates = (backend: FakeBackend) => backend.callsTo("update_draft").map((call) => (call.args as { settings: DraftSettings }).settings);

function openList(overrides: Parameters<typeof renderApp>[1] = {}) {
  return renderApp(
    "/campaigns",
    {
      campaigns: [ORIGINAL],
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      files: { [PATH]: GBK_FILE },
      pickedFile: PATH,
      testRecipients: { [REAL_ACCOUNT.id]: [{ openid: OPENID_A, note: "小王的手机" }] },
      ...overrides,
    },
    FAST_USER,
  );
}

describe("copying a campaign", () => {
  it("opens the wizard with the campaign's choices; with a new list it validates, and starts as a new campaign", async () => {
    const { user, backend } = openList();
    await appReady();
    await user.click(await screen.findByTestId("campaign-row-41-copy"));
    await screen.findByTestId("campaign-wizard");
    expect(window.location.hash).toBe("#/campaigns/new");

    const notice = await screen.findByTestId("campaign-copy-notice");
    expect(notice).toHaveTextContent("复制自「双十一会员提醒」");
    expect(notice).toHaveTextContent("请选择新的收件人名单");
    expect(screen.getByTestId("campaign-name")).toHaveValue("双十一会员提醒 副本");
    expect(within(screen.getByTestId("campaign-template")).getByText("订单发货通知")).toBeInTheDocument();
    // The recipients are for the user to choose.
    expect(screen.getByTestId("campaign-file-path")).toHaveValue("");
    expect(screen.getByTestId("campaign-next")).toBeDisabled();

    await user.click(screen.getByTestId("campaign-file-browse"));
    await waitFor(() => expect(screen.getByTestId("campaign-file-path")).toHaveValue(PATH));
    await user.click(screen.getByTestId("campaign-inspect"));
    await screen.findByTestId("campaign-inspection");
    await user.click(screen.getByTestId("campaign-next"));

    // The automatic mapping keeps the typed values: the core maps the other keywords and the placeholders.
    await waitFor(() => expect(updates(backend)).toHaveLength(1));
    expect(updates(backend)[0]).toMatchObject({
      name: "双十一会员提醒 副本",
      templateId: ORDER_SHIPPED.templateId,
      mapping: null,
      message: { values: { phrase3: "已发货", amount5: "￥{{金额}}" }, page: "pages/order/detail?id={{订单号}}", miniprogramState: "trial", lang: "en_US" },
      rate: 10,
      concurrency: 4,
    });
    const report = await screen.findByTestId("campaign-report");
    expect(screen.getByTestId("campaign-value-phrase3")).toHaveValue("已发货");
    expect(screen.getByTestId("campaign-value-amount5")).toHaveValue("￥{{金额}}");
    expect(within(screen.getByTestId("campaign-map-thing1")).getByTitle("商品名称")).toBeInTheDocument();
    expect(screen.getByTestId("campaign-page")).toHaveValue("pages/order/detail?id={{订单号}}");
    expect(within(screen.getByTestId("campaign-lang")).getByText("English")).toBeInTheDocument();
    // Validated as it stands: the bad openid of row 3 is found, the placeholders are filled per row.
    expect(within(report).getByTestId("campaign-report-valid")).toHaveAttribute("data-value", "2");
    expect(within(report).getByTestId("campaign-report-invalid")).toHaveAttribute("data-value", "1");
    expect(within(report).getByTestId("wx-card-row-amount5")).toHaveTextContent("￥￥32.00");
    expect(within(report).getByTestId("campaign-preview-page")).toHaveTextContent("pages/order/detail?id=20261124000123");
    expect(screen.queryByTestId("campaign-report-stale")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("campaign-next"));
    expect(screen.getByTestId("campaign-rate")).toHaveValue("10");
    expect(screen.getByTestId("campaign-concurrency")).toHaveValue("4");
    await user.click(screen.getByTestId("campaign-start"));
    const confirm = await screen.findByTestId("campaign-confirm");
    expect(within(confirm).getByTestId("campaign-confirm-state")).toHaveAttribute("data-state", "trial");
    await user.click(screen.getByTestId("campaign-confirm-ok"));
    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();

    expect(backend.callsTo("start_draft")).toHaveLength(1);
    const made = backend.campaigns[0];
    expect(made).toMatchObject({
      name: "双十一会员提醒 副本",
      templateId: ORDER_SHIPPED.templateId,
      message: ORIGINAL.message,
      rate: 10,
      concurrency: 4,
      counts: { total: 2 },
      archivedAt: null,
      parentId: null,
    });
    expect(made?.id).not.toBe(41);
    // The original is untouched.
    expect(backend.campaigns.find((c) => c.id === 41)).toMatchObject({ name: "双十一会员提醒", status: "finished", counts: ORIGINAL.counts });
  }, 60_000);

  it("copies from the detail page too, named in English in the English UI", async () => {
    const { user } = renderApp("/campaigns/41", { campaigns: [ORIGINAL], templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES }, prefs: ENGLISH }, FAST_USER);
    await appReady();
    await user.click(await screen.findByTestId("campaign-copy"));
    expect(await screen.findByTestId("campaign-copy-notice")).toHaveTextContent("A copy of “双十一会员提醒”");
    expect(screen.getByTestId("campaign-name")).toHaveValue("双十一会员提醒 (copy)");
  });

  it("shortens a long name, not the word 副本, to fit the name field", async () => {
    const long = "会".repeat(80);
    const { user } = openList({ campaigns: [{ ...ORIGINAL, name: long }] });
    await appReady();
    await user.click(await screen.findByTestId("campaign-row-41-copy"));
    await screen.findByTestId("campaign-copy-notice");
    expect(screen.getByTestId("campaign-name")).toHaveValue(`${"会".repeat(77)} 副本`);
  });

  it("says when the account no longer has the template, and lets the user choose one", async () => {
    const { user } = openList({ templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES.filter((tpl) => tpl.templateId !== ORDER_SHIPPED.templateId) } });
    await appReady();
    await user.click(await screen.findByTestId("campaign-row-41-copy"));
    const notice = await screen.findByTestId("campaign-copy-notice");
    expect(notice).toHaveTextContent("原任务的模板「订单发货通知」不在这个账号本机的模板中");
    expect(screen.getByTestId("campaign-name")).toHaveValue("双十一会员提醒 副本");
    expect(screen.getByText(/请选择模板/)).toBeInTheDocument();
  });

  it("waits for the campaign's account to be selected", async () => {
    const sandboxOne = { ...ORIGINAL, accountId: SANDBOX_ACCOUNT.id };
    const { user } = renderApp("/campaigns/41", { campaigns: [sandboxOne], templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES } }, FAST_USER);
    await appReady();
    await user.click(await screen.findByTestId("campaign-copy"));
    const elsewhere = await screen.findByTestId("campaign-copy-other-account");
    expect(elsewhere).toHaveTextContent(`属于账号「${SANDBOX_ACCOUNT.name}」`);
    expect(screen.queryByTestId("campaign-copy-notice")).not.toBeInTheDocument();
    expect(screen.getByTestId("campaign-name")).not.toHaveValue("双十一会员提醒 副本");
  });
});
