import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ComposeDraft, MessageSpec, SendNowRequest, SyncedTemplate } from "../../ipc";
import { REAL_ACCOUNT, type FakeBackend } from "../../test/fakeBackend";
import { BOUND_MINI_PROGRAM, OA_LEGACY_PAYMENT, OA_ORDER_SHIPPED, OFFICIAL_ACCOUNT, officialOverrides } from "../../test/fakeOfficial";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";

const OPENID = "oRq7WsDlbDc5kPtXawAOjtzOPa01";
const SHIPPED_VALUES = { thing1: "拿铁咖啡豆", thing2: "顺丰速运", character_string3: "SF1402938475612", time4: "2026-11-24 10:00" };
const TWENTY = "2026112410002312345订";

function draftFor(template: SyncedTemplate, values: Record<string, string>, message: Partial<MessageSpec> = {}): ComposeDraft {
  return {
    accountId: OFFICIAL_ACCOUNT.id,
    templateId: template.templateId,
    message: { values, page: null, miniprogramState: "formal", lang: "zh_CN", ...message },
    openid: OPENID,
    placeholders: {},
  };
}

/** Opens Compose for the Official Account (selected), its templates cached. */
async function openCompose(options: Parameters<typeof officialOverrides>[0] = {}) {
  const view = renderApp("/compose", officialOverrides(options), FAST_USER);
  await appReady();
  const page = await screen.findByTestId("page-compose");
  return { ...view, page };
}

/** The radio of a jump choice (its test id is on the clickable label). */
const jumpRadio = (kind: string) => screen.getByTestId("compose-jump").querySelector(`input[value="${kind}"]`);
const sendButton = () => screen.getByTestId("compose-send");
const preview = () => screen.getByTestId("compose-preview");
const sentRequests = (backend: FakeBackend) => backend.callsTo("send_now").map((call) => (call.args as { request: SendNowRequest }).request);
/** Puts text into a field the way pasting does (much faster than typing it key by key). */
async function fill(user: ReturnType<typeof renderApp>["user"], field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}
/** The form item (label, control, help) around a control. */
const itemOf = (testId: string) => screen.getByTestId(testId).closest(".ant-form-item") as HTMLElement;

describe("compose for an Official Account", () => {
  it("speaks of template messages and followers, and offers where the card leads instead of build and language", async () => {
    await openCompose({ composeDraft: draftFor(OA_ORDER_SHIPPED, SHIPPED_VALUES) });
    expect(await screen.findByTestId("compose-field-thing1")).toHaveValue("拿铁咖啡豆");
    const page = screen.getByTestId("page-compose");
    expect(page).toHaveTextContent("模板消息模板");
    expect(page).toHaveTextContent("关注者在这个服务号下的 openid");
    expect(page).not.toHaveTextContent("订阅");
    expect(preview()).toHaveTextContent("预览 · 服务号会话中的模板消息");
    expect(within(preview()).getByTestId("wx-chat")).toHaveAttribute("data-channel", "template_message");
    expect(within(preview()).getByTestId("wx-card-app")).toHaveTextContent(OFFICIAL_ACCOUNT.name);
    expect(within(preview()).queryByTestId("wx-card-footer")).not.toBeInTheDocument();
    expect(within(preview()).getByTestId("wx-card-no-jump")).toBeInTheDocument();

    expect(screen.getByTestId("compose-jump")).toBeInTheDocument();
    expect(jumpRadio("none")).toBeChecked();
    expect(screen.queryByTestId("compose-state-formal")).not.toBeInTheDocument();
    expect(screen.queryByTestId("compose-lang")).not.toBeInTheDocument();
    expect(screen.queryByTestId("compose-page")).not.toBeInTheDocument();
    await waitFor(() => expect(sendButton()).toBeEnabled());
  });

  it("does not offer the jump to a mini program", async () => {
    renderApp(
      "/compose",
      {
        templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
        composeDraft: { ...draftFor(ORDER_SHIPPED, {}), accountId: REAL_ACCOUNT.id },
      },
      FAST_USER,
    );
    await appReady();
    expect(await screen.findByTestId("compose-page")).toBeInTheDocument();
    expect(screen.getByTestId("compose-lang")).toBeInTheDocument();
    expect(screen.queryByTestId("compose-jump")).not.toBeInTheDocument();
    expect(screen.queryByTestId("compose-url")).not.toBeInTheDocument();
    expect(screen.queryByTestId("compose-mp-appid")).not.toBeInTheDocument();
  });

  it("opens a web page: checks the address, previews 详情 and sends it", async () => {
    const { user, backend } = await openCompose({ composeDraft: draftFor(OA_ORDER_SHIPPED, SHIPPED_VALUES) });
    await user.click(await screen.findByTestId("compose-jump-web"));
    const url = screen.getByTestId("compose-url");
    await fill(user, url, "www.example.com/orders/7");
    await user.tab();
    expect(screen.getByTestId("compose-url-error")).toHaveTextContent("「www.example.com/orders/7」不是网址，请填写以 https:// 开头的完整地址");
    expect(sendButton()).toBeDisabled();
    expect(screen.getByTestId("compose-send-blocked")).toHaveTextContent("不是网址");

    await user.clear(url);
    await fill(user, url, "https://example.com/orders/7");
    expect(screen.queryByTestId("compose-url-error")).not.toBeInTheDocument();
    expect(within(preview()).getByTestId("wx-card-footer")).toHaveTextContent("详情");
    await waitFor(() => expect(sendButton()).toBeEnabled());
    await user.click(sendButton());
    await screen.findByTestId("compose-result");
    expect(sentRequests(backend)[0]?.message).toEqual({
      values: SHIPPED_VALUES,
      page: null,
      miniprogramState: "formal",
      lang: "zh_CN",
      url: "https://example.com/orders/7",
    });
  });

  it("opens a page of the bound mini program, picked for the user when it is the only one", async () => {
    const { user, backend } = await openCompose({ composeDraft: draftFor(OA_ORDER_SHIPPED, SHIPPED_VALUES) });
    await user.click(await screen.findByTestId("compose-jump-mini_program"));
    // The bound mini program is the sandbox's: the select names it.
    expect(screen.getByTestId("compose-mp-appid")).toHaveTextContent("沙箱小程序");
    expect(sendButton()).toBeDisabled();
    expect(screen.getByTestId("compose-send-blocked")).toHaveTextContent("请填写卡片要打开的小程序页面");
    expect(screen.queryByTestId("compose-page-error")).not.toBeInTheDocument();

    await fill(user, screen.getByTestId("compose-page"), "pages/order/detail?id=7");
    expect(within(preview()).getByTestId("wx-card-footer")).toHaveTextContent("进入小程序查看");
    await waitFor(() => expect(sendButton()).toBeEnabled());
    fireEvent.keyDown(screen.getByTestId("compose-page"), { key: "Enter", ctrlKey: true });
    await screen.findByTestId("compose-result");
    expect(sentRequests(backend)[0]?.message).toEqual({
      values: SHIPPED_VALUES,
      page: "pages/order/detail?id=7",
      miniprogramState: "formal",
      lang: "zh_CN",
      miniprogramAppid: BOUND_MINI_PROGRAM,
    });

    // Nothing: what the mini program needed is no longer sent, and comes back when chosen again.
    await user.click(screen.getByTestId("compose-jump-none"));
    expect(screen.queryByTestId("compose-page")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("compose-jump-mini_program"));
    expect(screen.getByTestId("compose-page")).toHaveValue("pages/order/detail?id=7");
  });

  it("shows a mini program that is not bound on its field and sends nothing", async () => {
    const { backend } = await openCompose({
      composeDraft: draftFor(OA_ORDER_SHIPPED, SHIPPED_VALUES, { page: "pages/a", miniprogramAppid: "wx9999999999999999" }),
    });
    expect(await screen.findByTestId("compose-mp-appid-error")).toHaveTextContent(
      "wx9999999999999999 不在「会员服务号」关联的小程序中；请先在公众号后台关联该小程序，再在账号设置中添加",
    );
    expect(itemOf("compose-mp-appid")).toContainElement(screen.getByTestId("compose-mp-appid-error"));
    expect(sendButton()).toBeDisabled();
    fireEvent.keyDown(screen.getByTestId("compose-field-thing1"), { key: "Enter", ctrlKey: true });
    expect(sentRequests(backend)).toHaveLength(0);
  });

  it("shows a page without a mini program on the mini program's field and sends nothing", async () => {
    const { backend } = await openCompose({ composeDraft: draftFor(OA_ORDER_SHIPPED, SHIPPED_VALUES, { page: "pages/a" }) });
    expect(await screen.findByTestId("compose-mp-appid-error")).toHaveTextContent("请选择卡片要打开哪个小程序的页面");
    expect(jumpRadio("mini_program")).toBeChecked();
    expect(screen.getByTestId("compose-page")).toHaveValue("pages/a");
    expect(sendButton()).toBeDisabled();
    expect(screen.getByTestId("compose-send-blocked")).toHaveTextContent("请选择卡片要打开哪个小程序的页面");
    fireEvent.keyDown(screen.getByTestId("compose-page"), { key: "Enter", ctrlKey: true });
    expect(sentRequests(backend)).toHaveLength(0);
  });

  it("puts the core's refusal of the jump under its field, not as a send error", async () => {
    const { user, backend } = await openCompose({
      composeDraft: draftFor(OA_ORDER_SHIPPED, SHIPPED_VALUES, { page: "pages/a", miniprogramAppid: BOUND_MINI_PROGRAM }),
    });
    await waitFor(() => expect(sendButton()).toBeEnabled());
    // Unbound meanwhile (in another window): the form still lists it, the core refuses it.
    backend.accounts = backend.accounts.map((account) => (account.id === OFFICIAL_ACCOUNT.id ? { ...account, miniPrograms: [] } : account));
    await user.click(sendButton());
    expect(await screen.findByTestId("compose-mp-appid-error")).toHaveTextContent(
      `${BOUND_MINI_PROGRAM} 不在「会员服务号」关联的小程序中`,
    );
    expect(screen.getByTestId("compose-mp-appid-error")).not.toHaveTextContent("miniprogramAppid:");
    expect(screen.queryByTestId("compose-send-error")).not.toBeInTheDocument();
    expect(backend.logEntries).toHaveLength(0);

    // Once the jump changes, the refusal is about something no longer on screen.
    await user.type(screen.getByTestId("compose-page"), "/detail");
    expect(screen.queryByTestId("compose-mp-appid-error")).not.toBeInTheDocument();
  });

  it("warns that WeChat removes emoji, and still sends", async () => {
    const { user, backend } = await openCompose({ composeDraft: draftFor(OA_ORDER_SHIPPED, { ...SHIPPED_VALUES, thing1: "拿铁咖啡豆☕" }) });
    expect(await screen.findByTestId("compose-field-thing1-emoji")).toHaveTextContent("微信会去掉表情符号");
    expect(screen.queryByTestId("compose-field-thing2-emoji")).not.toBeInTheDocument();
    expect(within(within(preview()).getByTestId("wx-card-row-thing1")).getByRole("definition")).toHaveTextContent(/^拿铁咖啡豆$/);
    await waitFor(() => expect(sendButton()).toBeEnabled());
    await user.click(sendButton());
    await screen.findByTestId("compose-result");
    expect(sentRequests(backend)[0]?.message.values.thing1).toBe("拿铁咖啡豆☕");
  });

  it("holds a legacy template's values to the 20 characters WeChat shows, and leaves out its first line and remark", async () => {
    const { user } = await openCompose({ composeDraft: draftFor(OA_LEGACY_PAYMENT, { keyword1: `${TWENTY}号`, keyword2: "128.00元" }) });
    const field = await screen.findByTestId("compose-field-keyword1");
    expect(screen.getAllByTestId(/^compose-field-item-/).map((item) => item.getAttribute("data-testid"))).toEqual([
      "compose-field-item-keyword1",
      "compose-field-item-keyword2",
    ]);
    const item = screen.getByTestId("compose-field-item-keyword1");
    expect(item).toHaveTextContent("文本");
    expect(item).toHaveTextContent("微信最多显示 20 个字");
    expect(screen.getByTestId("compose-field-keyword1-left")).toHaveTextContent(/^21 \/ 20$/);
    expect(screen.getByTestId("compose-field-keyword1-problem")).toHaveTextContent("微信会截断超过 20 个字的内容，请缩短");
    expect(within(preview()).getByTestId("wx-card-row-keyword1")).toHaveAttribute("data-folded", "true");
    // The core's check refuses it too: it is what keeps the message from being sent.
    await waitFor(() => expect(screen.getByTestId("compose-send-blocked")).toHaveTextContent("「订单号」(keyword1) 超过 20 个字符，微信会直接截断显示（当前 21 个）"));
    expect(sendButton()).toBeDisabled();

    await user.clear(field);
    await fill(user, field, TWENTY);
    expect(screen.getByTestId("compose-field-keyword1-left")).toHaveTextContent(/^20 \/ 20$/);
    expect(screen.queryByTestId("compose-field-keyword1-problem")).not.toBeInTheDocument();
    await waitFor(() => expect(sendButton()).toBeEnabled());
  });

  it("sends to the test list, as for a mini program", async () => {
    const { user, backend } = await openCompose({
      composeDraft: draftFor(OA_ORDER_SHIPPED, SHIPPED_VALUES, { url: "https://example.com/orders/7" }),
      testRecipients: { [OFFICIAL_ACCOUNT.id]: [{ openid: OPENID, note: "小王的手机" }] },
    });
    await user.click(await screen.findByTestId("compose-target-test"));
    expect(await screen.findByTestId("compose-test-list")).toHaveTextContent("小王的手机");
    await waitFor(() => expect(sendButton()).toBeEnabled());
    await user.click(sendButton());
    expect(await screen.findByTestId("compose-result")).toHaveTextContent("发送完成：1 / 1 已送达微信");
    expect(sentRequests(backend)[0]).toMatchObject({ target: { kind: "test" }, message: { url: "https://example.com/orders/7" } });
  });

  it("points to the Accounts page when no mini program is bound", async () => {
    const { user } = await openCompose({
      composeDraft: draftFor(OA_ORDER_SHIPPED, SHIPPED_VALUES),
      accounts: [{ ...OFFICIAL_ACCOUNT, miniPrograms: [] }],
    });
    await user.click(await screen.findByTestId("compose-jump-mini_program"));
    expect(screen.getByTestId("compose-mp-none")).toHaveTextContent("「会员服务号」还没有填写关联的小程序");
    expect(screen.queryByTestId("compose-mp-appid")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("compose-mp-accounts"));
    expect(await screen.findByTestId("page-accounts")).toBeInTheDocument();
  });

  it("speaks English", async () => {
    await openCompose({
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: OFFICIAL_ACCOUNT.id },
      composeDraft: draftFor(OA_LEGACY_PAYMENT, { keyword1: `${TWENTY}号🎉`, keyword2: "128.00元" }, { page: "pages/a" }),
    });
    expect(await screen.findByTestId("compose-field-keyword1-problem")).toHaveTextContent("WeChat cuts anything longer than 20 characters: shorten it");
    expect(screen.getByTestId("compose-field-keyword1-emoji")).toHaveTextContent("WeChat removes emoji");
    expect(screen.getByTestId("compose-mp-appid-error")).toHaveTextContent("Choose the mini program whose page the card opens");
  });
});
