import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ComposeDraft, SyncedTemplate } from "../../ipc";
import { DEFAULT_MSGID, NOT_SUBSCRIBED_RESULT, REAL_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { BOOKING_CONFIRMED, ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";

const OPENID = "oPtYgjmUhBel31iEl2hpChYgCfrL";
const VALID_VALUES = {
  thing1: "拿铁咖啡",
  character_string2: "20261124000123",
  phrase3: "已发货",
  time4: "2026-11-24 10:00",
  amount5: "￥32.00",
};

function draftFor(template: SyncedTemplate, values: Record<string, string>, extra: Partial<ComposeDraft> = {}): ComposeDraft {
  return {
    accountId: REAL_ACCOUNT.id,
    templateId: template.templateId,
    message: { values, page: "pages/order/detail?id=7", miniprogramState: "formal", lang: "zh_CN" },
    openid: OPENID,
    placeholders: {},
    ...extra,
  };
}

/** Opens Compose for the real account (selected by default) with the sandbox's templates cached. */
async function openCompose(options: Parameters<typeof renderApp>[1] = {}, path = "/compose") {
  const view = renderApp(path, { templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES }, ...options }, FAST_USER);
  await appReady();
  const page = await screen.findByTestId("page-compose");
  return { ...view, page };
}

const sendButton = () => screen.getByTestId("compose-send");

describe("compose page", () => {
  it("points to Templates when the account has no cached templates", async () => {
    const { user } = await openCompose({ templates: {} });
    expect(await screen.findByTestId("compose-no-templates")).toHaveTextContent(`「${REAL_ACCOUNT.name}」还没有可用的模板`);
    await user.click(screen.getByTestId("compose-go-templates"));
    expect(await screen.findByTestId("page-templates")).toBeInTheDocument();
  });

  it("builds a field per keyword in template order, with type and rule, and previews as you type", async () => {
    const { user } = await openCompose();
    const picker = await screen.findByTestId("compose-template");
    fireEvent.mouseDown(within(picker).getByRole("combobox"));
    fireEvent.click(await screen.findByTestId(`compose-template-option-${ORDER_SHIPPED.templateId}`));

    const items = await screen.findAllByTestId(/^compose-field-item-/);
    expect(items.map((item) => item.getAttribute("data-testid")?.replace("compose-field-item-", ""))).toEqual(
      ORDER_SHIPPED.keywords.map((keyword) => keyword.key),
    );
    expect(items[0]).toHaveTextContent("商品名称");
    expect(items[0]).toHaveTextContent("事物");
    expect(items[0]).toHaveTextContent("20 个以内字符（中文、字母、数字、符号）");
    expect(items[1]).toHaveTextContent("字符串");

    const preview = screen.getByTestId("compose-preview");
    expect(within(preview).getByTestId("wx-card-title")).toHaveTextContent("订单发货通知");
    expect(within(preview).getByTestId("wx-card-app")).toHaveTextContent(REAL_ACCOUNT.name);
    expect(within(preview).getByTestId("wx-card-no-page")).toBeInTheDocument();

    await user.type(screen.getByTestId("compose-field-thing1"), "拿铁咖啡");
    expect(within(preview).getByTestId("wx-card-row-thing1")).toHaveTextContent("商品名称拿铁咖啡");
    await user.type(screen.getByTestId("compose-page"), "pages/index");
    expect(within(preview).queryByTestId("wx-card-no-page")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("compose-state-trial"));
    fireEvent.mouseDown(within(screen.getByTestId("compose-lang")).getByRole("combobox"));
    fireEvent.click(await screen.findByTestId("compose-lang-option-en_US"));
    expect(within(preview).getByTestId("wx-card-footer")).toHaveTextContent("View in Mini Program");
  });

  it("shows the template's own example in a field, and the type's generic one when the template has none", async () => {
    // Issue 18: 快递公司 said "例如：已发货", the generic example of its type.
    const courier: SyncedTemplate = {
      ...ORDER_SHIPPED,
      keywords: ORDER_SHIPPED.keywords.map((keyword) => {
        if (keyword.key === "phrase3") return { ...keyword, label: "快递公司", example: "顺丰速运" };
        // A template cached before keywords carried examples (or whose example text lacks the line).
        if (keyword.key === "amount5") return { key: keyword.key, label: keyword.label, kind: keyword.kind, enumValues: [] };
        return keyword;
      }),
    };
    const templates = { [REAL_ACCOUNT.id]: [courier] };
    const { unmount } = await openCompose({ templates, composeDraft: draftFor(courier, {}) });
    expect(await screen.findByTestId("compose-field-phrase3")).toHaveAttribute("placeholder", "例如：顺丰速运");
    expect(screen.getByTestId("compose-field-thing1")).toHaveAttribute("placeholder", "例如：星巴克 拿铁咖啡豆 250g");
    expect(screen.getByTestId("compose-field-amount5")).toHaveAttribute("placeholder", "例如：￥32.00");
    unmount();

    await openCompose({
      templates,
      composeDraft: draftFor(courier, {}),
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: REAL_ACCOUNT.id },
    });
    expect(await screen.findByTestId("compose-field-phrase3")).toHaveAttribute("placeholder", "e.g. 顺丰速运");
    expect(screen.getByTestId("compose-field-amount5")).toHaveAttribute("placeholder", "e.g. ¥32.00");
  });

  it("shows the rule problem under its field, blocks sending, and allows it once fixed", async () => {
    const { user } = await openCompose({ composeDraft: draftFor(ORDER_SHIPPED, { ...VALID_VALUES, phrase3: "OK" }) });
    const problem = await screen.findByTestId("compose-field-phrase3-problem");
    expect(problem).toHaveTextContent("「物流状态」(phrase3) 只能是汉字");
    expect(screen.queryByTestId("compose-field-thing1-problem")).not.toBeInTheDocument();
    expect(sendButton()).toBeDisabled();
    expect(screen.getByTestId("compose-send-blocked")).toHaveTextContent("只能是汉字");

    const field = screen.getByTestId("compose-field-phrase3");
    await user.clear(field);
    await user.type(field, "已发货");
    await waitFor(() => expect(sendButton()).toBeEnabled());
    expect(screen.queryByTestId("compose-field-phrase3-problem")).not.toBeInTheDocument();
    expect(screen.queryByTestId("compose-send-blocked")).not.toBeInTheDocument();
  });

  it("counts the characters left, in the UI language", async () => {
    const { user } = await openCompose({ composeDraft: draftFor(ORDER_SHIPPED, {}) });
    const field = await screen.findByTestId("compose-field-thing1");
    expect(screen.getByTestId("compose-field-thing1-left")).toHaveTextContent("剩余 20 字");
    await user.type(field, "拿铁咖啡");
    expect(screen.getByTestId("compose-field-thing1-left")).toHaveTextContent("剩余 16 字");
    await user.type(field, "一二三四五六七八九十一二三四五六七");
    expect(screen.getByTestId("compose-field-thing1-left")).toHaveTextContent("超出 1 字");
    await waitFor(() =>
      expect(screen.getByTestId("compose-field-thing1-problem")).toHaveTextContent("超过 20 个字符（当前 21 个）"),
    );
    // Kinds without a length budget have no counter.
    expect(screen.queryByTestId("compose-field-time4-left")).not.toBeInTheDocument();
    expect(screen.getByTestId("compose-field-amount5-left")).toHaveTextContent("整数部分剩余 10 位");
  });

  it("offers an enum keyword's values in a select", async () => {
    await openCompose({ composeDraft: draftFor(BOOKING_CONFIRMED, {}) });
    const select = await screen.findByTestId("compose-field-enum_string5");
    fireEvent.mouseDown(within(select).getByRole("combobox"));
    expect(await screen.findByTestId("compose-field-enum_string5-option-保养")).toBeInTheDocument();
    expect(screen.getByTestId("compose-field-enum_string5-option-洗车")).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("compose-field-enum_string5-option-维修"));
    await waitFor(() => expect(screen.getByTestId("wx-card-row-enum_string5")).toHaveTextContent("服务类型维修"));
  });

  it("asks for placeholder values and previews them", async () => {
    const { user } = await openCompose({ composeDraft: draftFor(ORDER_SHIPPED, VALID_VALUES) });
    const field = await screen.findByTestId("compose-field-thing1");
    expect(screen.queryByTestId("compose-placeholders")).not.toBeInTheDocument();
    await user.clear(field);
    // user-event treats "{" as a key descriptor: "{{" types one brace.
    await user.type(field, "{{{{客户}}拿铁");
    const input = await screen.findByTestId("compose-placeholder-客户");
    expect(screen.getByTestId("compose-placeholders")).toHaveTextContent("占位符的值");
    const row = screen.getByTestId("wx-card-row-thing1");
    expect(row.querySelector("mark")).toHaveTextContent("{{客户}}");
    expect(await screen.findByTestId("compose-field-thing1-missing")).toHaveTextContent("{{客户}}");
    expect(sendButton()).toBeDisabled();

    await user.type(input, "张三");
    expect(row).toHaveTextContent("张三拿铁");
    expect(row.querySelector("mark")).toBeNull();
    await waitFor(() => expect(sendButton()).toBeEnabled());
  });

  // Regression (issue 18, bug 1): a placeholder in the page was sent as written.
  it("asks for the page's placeholder values and sends them with the page", async () => {
    const draft = draftFor(ORDER_SHIPPED, VALID_VALUES, {
      message: { values: VALID_VALUES, page: "pages/order/detail?id={{单号}}", miniprogramState: "formal", lang: "zh_CN" },
    });
    const { user, backend } = await openCompose({ composeDraft: draft });
    const input = await screen.findByTestId("compose-placeholder-单号");
    expect(sendButton()).toBeDisabled();
    await user.type(input, "SF1402938475612");
    await waitFor(() => expect(sendButton()).toBeEnabled());
    await user.click(sendButton());
    await screen.findByTestId("compose-result");
    expect(backend.callsTo("send_now")[0]?.args).toMatchObject({
      request: {
        message: { page: "pages/order/detail?id={{单号}}" },
        placeholders: { 单号: "SF1402938475612" },
      },
    });
  });

  it("sends to one openid and shows the msgid exactly", async () => {
    const { user, backend } = await openCompose({ composeDraft: draftFor(ORDER_SHIPPED, VALID_VALUES) });
    await waitFor(() => expect(sendButton()).toBeEnabled());
    await user.click(sendButton());

    const result = await screen.findByTestId("compose-result");
    expect(within(result).getByTestId(`compose-result-${OPENID}`)).toHaveTextContent("已发送");
    expect(within(result).getByTestId(`compose-result-msgid-${OPENID}`)).toHaveTextContent(/^2097683633284153344$/);
    expect(DEFAULT_MSGID).toBe("2097683633284153344");
    expect(backend.callsTo("send_now")[0]?.args).toEqual({
      request: {
        accountId: REAL_ACCOUNT.id,
        templateId: ORDER_SHIPPED.templateId,
        message: { values: VALID_VALUES, page: "pages/order/detail?id=7", miniprogramState: "formal", lang: "zh_CN" },
        target: { kind: "single", openid: OPENID },
        placeholders: {},
      },
    });
  });

  it("shows a refused openid under its field, by the error's code", async () => {
    const refusal = {
      code: "invalid_openid",
      message: `"${OPENID}" is not an openid of this mini program`,
      messageZh: `「${OPENID}」不是这个小程序的 openid`,
    } as const;
    const { user, backend } = await openCompose({ composeDraft: draftFor(ORDER_SHIPPED, VALID_VALUES), failures: { send_now: refusal } });
    await waitFor(() => expect(sendButton()).toBeEnabled());
    await user.click(sendButton());
    const field = (await screen.findByText(refusal.messageZh)).closest(".ant-form-item") as HTMLElement;
    expect(within(field).getByTestId("compose-openid")).toBeInTheDocument();
    expect(screen.queryByTestId("compose-send-error")).not.toBeInTheDocument();

    // Another code is a send error, whatever its message starts with.
    backend.failures.send_now = { code: "invalid_input", message: "openid: values: 「商品名称」(thing1) 不能为空" };
    await user.click(sendButton());
    const alert = await screen.findByTestId("compose-send-error");
    expect(alert).toHaveTextContent("输入有误");
    expect(alert).toHaveTextContent("openid: values:");
    expect(screen.queryByText(refusal.messageZh)).not.toBeInTheDocument();
  });

  it("explains a user who is not subscribed, and sends with Ctrl+Enter", async () => {
    const { backend } = await openCompose({
      composeDraft: draftFor(ORDER_SHIPPED, VALID_VALUES),
      sendOutcomes: { [OPENID]: NOT_SUBSCRIBED_RESULT },
    });
    await waitFor(() => expect(sendButton()).toBeEnabled());
    fireEvent.keyDown(screen.getByTestId("compose-field-thing1"), { key: "Enter", ctrlKey: true });

    const row = await screen.findByTestId(`compose-result-${OPENID}`);
    expect(row).toHaveTextContent("未订阅");
    expect(row).toHaveTextContent("用户未订阅或订阅次数已用完");
    expect(row).toHaveTextContent("请用户在小程序中再次同意订阅后再发送");
    expect(row).toHaveTextContent("错误码 43101");
    expect(row).toHaveTextContent("user refuse to accept the msg");
    expect(backend.callsTo("send_now")).toHaveLength(1);
  });

  it("restores the draft and saves every change", async () => {
    const { user, backend } = await openCompose({
      composeDraft: draftFor(ORDER_SHIPPED, VALID_VALUES, { message: { values: VALID_VALUES, page: "pages/a", miniprogramState: "trial", lang: "en_US" } }),
    });
    expect(await screen.findByTestId("compose-field-thing1")).toHaveValue("拿铁咖啡");
    expect(screen.getByTestId("compose-page")).toHaveValue("pages/a");
    expect(screen.getByTestId("compose-openid")).toHaveValue(OPENID);
    expect(screen.getByTestId("compose-template")).toHaveTextContent("订单发货通知");
    expect(screen.getByTestId("compose-lang")).toHaveTextContent("English");
    expect(screen.getByTestId("compose-draft-restored")).toBeInTheDocument();
    expect(backend.callsTo("save_compose_draft")).toHaveLength(0);

    await user.type(screen.getByTestId("compose-field-thing1"), "大杯");
    await waitFor(() => expect(backend.composeDraft?.message.values.thing1).toBe("拿铁咖啡大杯"), { timeout: 3000 });
    // Debounced: one save for the whole burst of typing.
    expect(backend.callsTo("save_compose_draft")).toHaveLength(1);
    expect(backend.composeDraft).toMatchObject({
      accountId: REAL_ACCOUNT.id,
      templateId: ORDER_SHIPPED.templateId,
      openid: OPENID,
      message: { page: "pages/a", miniprogramState: "trial", lang: "en_US" },
    });
  });

  it("ignores a draft of another account", async () => {
    await openCompose({ composeDraft: { ...draftFor(ORDER_SHIPPED, VALID_VALUES), accountId: 999 } });
    expect(await screen.findByTestId("compose-choose-template")).toBeInTheDocument();
    expect(screen.queryByTestId("compose-field-thing1")).not.toBeInTheDocument();
  });

  it("prefills from a send-again link instead of the draft", async () => {
    const message = { values: { ...VALID_VALUES, thing1: "美式咖啡" }, page: null, miniprogramState: "formal", lang: "zh_CN" };
    const query = new URLSearchParams({ template: ORDER_SHIPPED.templateId, values: JSON.stringify(message), openid: "oAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
    await openCompose({ composeDraft: draftFor(ORDER_SHIPPED, VALID_VALUES) }, `/compose?${query.toString()}`);
    expect(await screen.findByTestId("compose-prefilled")).toHaveTextContent("已按发送记录填好");
    expect(screen.getByTestId("compose-field-thing1")).toHaveValue("美式咖啡");
    expect(screen.getByTestId("compose-openid")).toHaveValue("oAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(screen.getByTestId("compose-page")).toHaveValue("");
  });

  it("sends to the test list, and points to Settings when it is empty", async () => {
    const { user, backend } = await openCompose({ composeDraft: draftFor(ORDER_SHIPPED, VALID_VALUES) });
    await user.click(await screen.findByTestId("compose-target-test"));
    expect(await screen.findByTestId("compose-test-empty")).toHaveTextContent("测试名单还是空的");
    expect(screen.getByTestId("compose-target-test")).toHaveTextContent("测试名单（0 人）");
    expect(sendButton()).toBeDisabled();
    expect(screen.getByTestId("compose-send-blocked")).toHaveTextContent("测试名单是空的");
    expect(backend.callsTo("send_now")).toHaveLength(0);

    await user.click(screen.getByTestId("compose-test-settings"));
    expect(await screen.findByTestId("page-settings")).toBeInTheDocument();
  });

  it("sends to every test openid", async () => {
    const other = "oBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    const { user } = await openCompose({
      composeDraft: draftFor(ORDER_SHIPPED, VALID_VALUES),
      testRecipients: { [REAL_ACCOUNT.id]: [{ openid: OPENID, note: "小王的手机" }, { openid: other, note: "" }] },
      sendOutcomes: { [other]: NOT_SUBSCRIBED_RESULT },
    });
    await user.click(await screen.findByTestId("compose-target-test"));
    expect(await screen.findByTestId("compose-test-list")).toHaveTextContent("小王的手机");
    await waitFor(() => expect(sendButton()).toBeEnabled());
    await user.click(sendButton());
    const result = await screen.findByTestId("compose-result");
    expect(result).toHaveTextContent("发送完成：1 / 2 已送达微信");
    expect(within(result).getByTestId(`compose-result-${OPENID}`)).toHaveTextContent("小王的手机");
    expect(within(result).getByTestId(`compose-result-${other}`)).toHaveAttribute("data-state", "not_subscribed");
  });

  it("speaks English: problems, counters and explanations", async () => {
    await openCompose({
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null },
      composeDraft: draftFor(ORDER_SHIPPED, { ...VALID_VALUES, character_string2: "订单123" }),
    });
    expect(await screen.findByTestId("compose-field-character_string2-problem")).toHaveTextContent(
      "“订单号” (character_string2) must not contain Chinese",
    );
    expect(screen.getByTestId("compose-field-thing1-left")).toHaveTextContent("Characters left: 16");
    expect(screen.getByTestId("compose-field-item-thing1")).toHaveTextContent("Thing");
  });
});
