import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DraftSettings } from "../../../ipc";
import type { FakeBackend } from "../../../test/fakeBackend";
import type { FakeTable } from "../../../test/fakeDrafts";
import { resetEvents } from "../../../test/fakeEvents";
import { BOUND_MINI_PROGRAM, OA_LEGACY_PAYMENT, OFFICIAL_ACCOUNT, officialOverrides } from "../../../test/fakeOfficial";
import { FAST_USER, appReady, renderApp } from "../../../test/renderApp";
import { OPENID_A, OPENID_B } from "../testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../../test/fakeEvents"));
afterEach(resetEvents);

const PATH = "/home/test/11月订单.csv";
/** Orders for the legacy template: the second row's order number is over the 20 characters WeChat shows. */
const ORDERS: FakeTable = {
  format: "csv",
  encoding: "utf8",
  delimiter: ",",
  headers: ["openid", "订单号", "金额"],
  rows: [
    [OPENID_A, "20261124100023", "128.00元"],
    [OPENID_B, "2026112410002312345订号", "35.00元"],
  ],
};

/** The radio of a jump choice (its test id is on the clickable label). */
const jumpRadio = (kind: string) => screen.getByTestId("campaign-jump").querySelector(`input[value="${kind}"]`);
const updates = (backend: FakeBackend) => backend.callsTo("update_draft").map((call) => (call.args as { settings: DraftSettings }).settings);

/** The wizard for the Official Account, on its message step with the orders read and validated once. */
async function openMessageStep() {
  const view = renderApp("/campaigns/new", officialOverrides({ files: { [PATH]: ORDERS }, pickedFile: PATH }), FAST_USER);
  const { user } = view;
  await appReady();
  fireEvent.mouseDown(within(await screen.findByTestId("campaign-template")).getByRole("combobox"));
  fireEvent.click(screen.getAllByTestId(`campaign-template-option-${OA_LEGACY_PAYMENT.templateId}`).at(-1) as HTMLElement);
  await user.click(screen.getByTestId("campaign-file-browse"));
  await waitFor(() => expect(screen.getByTestId("campaign-file-path")).toHaveValue(PATH));
  await user.click(screen.getByTestId("campaign-inspect"));
  await screen.findByTestId("campaign-inspection");
  await user.click(screen.getByTestId("campaign-next"));
  await screen.findByTestId("campaign-report");
  return view;
}

describe("the campaign wizard's message step for an Official Account", () => {
  it("offers where the card leads instead of build and language, and holds legacy values to what WeChat shows", async () => {
    await openMessageStep();
    expect(screen.getByTestId("campaign-jump")).toBeInTheDocument();
    expect(jumpRadio("none")).toBeChecked();
    expect(screen.queryByTestId("campaign-lang")).not.toBeInTheDocument();
    expect(screen.queryByTestId("campaign-state-formal")).not.toBeInTheDocument();
    expect(document.body).toHaveTextContent("收件人（关注者）在这个服务号下的 openid");
    // What WeChat answered them last time, in the account's words (43004 / 43019, not 43101).
    expect(screen.getByTestId("campaign-skip-unsubscribed").closest("label")).toHaveTextContent("跳过之前回复过「未关注/已拉黑」的人");
    // The row WeChat would fold is refused, as the core refuses it.
    expect(screen.getByTestId("campaign-report-invalid")).toHaveAttribute("data-value", "1");
    expect(screen.getByTestId("campaign-problems")).toHaveTextContent("「订单号」(keyword1) 超过 20 个字符，微信会直接截断显示（当前 21 个）");
    const preview = screen.getByTestId("campaign-preview");
    expect(within(preview).getByTestId("wx-chat")).toHaveAttribute("data-channel", "template_message");
    expect(within(preview).queryByTestId("wx-card-footer")).not.toBeInTheDocument();
  });

  it("opens a page of a bound mini program, filled per row, and puts the core's refusal on its field", async () => {
    const { user, backend } = await openMessageStep();
    await user.click(screen.getByTestId("campaign-jump-mini_program"));
    expect(screen.getByTestId("campaign-mp-appid")).toHaveTextContent(BOUND_MINI_PROGRAM);

    // Validated without a page: said under the page, and the report says where to look.
    await user.click(screen.getByTestId("campaign-validate"));
    expect(await screen.findByTestId("campaign-page-error")).toHaveTextContent("请填写卡片要打开的小程序页面");
    expect(await screen.findByTestId("campaign-plan-error")).toHaveTextContent("请先修改上方「点击卡片后」中标出的问题");

    await user.click(screen.getByTestId("campaign-page"));
    await user.paste("pages/order/detail?id={{订单号}}");
    expect(screen.queryByTestId("campaign-page-error")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("campaign-validate"));
    await waitFor(() => expect(updates(backend).at(-1)?.message).toMatchObject({ page: "pages/order/detail?id={{订单号}}", miniprogramAppid: BOUND_MINI_PROGRAM }));
    expect(updates(backend).at(-1)?.message).not.toHaveProperty("url");
    const preview = await screen.findByTestId("campaign-preview");
    await waitFor(() => expect(within(preview).getByTestId("wx-card-footer")).toHaveTextContent("进入小程序查看"));
    expect(within(preview).getByTestId("campaign-preview-page")).toHaveTextContent("pages/order/detail?id=20261124100023");

    // Unbound meanwhile (in another window): the core refuses it, under the mini program.
    backend.accounts = backend.accounts.map((account) => (account.id === OFFICIAL_ACCOUNT.id ? { ...account, miniPrograms: [] } : account));
    await user.click(screen.getByTestId("campaign-validate"));
    expect(await screen.findByTestId("campaign-mp-appid-error")).toHaveTextContent(`${BOUND_MINI_PROGRAM} 不在「会员服务号」关联的小程序中`);
  });

  it("opens a web page, checked before it is validated", async () => {
    const { user, backend } = await openMessageStep();
    await user.click(screen.getByTestId("campaign-jump-web"));
    await user.click(screen.getByTestId("campaign-url"));
    await user.paste("example.com/orders");
    expect(screen.getByTestId("campaign-url-error")).toHaveTextContent("「example.com/orders」不是网址");
    await user.clear(screen.getByTestId("campaign-url"));
    await user.paste("https://example.com/orders");
    await user.click(screen.getByTestId("campaign-validate"));
    await waitFor(() => expect(updates(backend).at(-1)?.message).toMatchObject({ page: null, url: "https://example.com/orders" }));
    await waitFor(() => expect(within(screen.getByTestId("campaign-preview")).getByTestId("wx-card-footer")).toHaveTextContent("详情"));
  });
});
