import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { formatDateTime } from "../../i18n/format";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { BOOKING_CONFIRMED, ORDER_SHIPPED, SANDBOX_TEMPLATES, SERVICE_PROGRESS } from "../../test/templateFixtures";

const SANDBOX_SELECTED = { language: "zh-CN", theme: "light", showSandbox: true, selectedAccountId: SANDBOX_ACCOUNT.id } as const;

async function openTemplates(options?: Parameters<typeof renderApp>[1]) {
  const view = renderApp("/templates", options, FAST_USER);
  await appReady();
  const page = await screen.findByTestId("page-templates");
  return { ...view, page };
}

describe("templates page", () => {
  it("asks for an account when there is none", async () => {
    const { page } = await openTemplates({ accounts: [] });
    expect(within(page).getByTestId("templates-no-account")).toHaveTextContent("还没有选择账号");
    expect(within(page).queryByTestId("templates-sync")).not.toBeInTheDocument();
  });

  it("offers a first sync, then shows its summary and the templates", async () => {
    const { user, backend, page } = await openTemplates();
    backend.remoteTemplates[REAL_ACCOUNT.id] = [ORDER_SHIPPED, BOOKING_CONFIRMED];
    expect(within(page).getByTestId("templates-never-synced")).toHaveTextContent(
      `「${REAL_ACCOUNT.name}」还没有同步过模板`,
    );

    await user.click(within(page).getByTestId("templates-sync-empty"));

    expect(await screen.findByTestId("templates-sync-summary")).toHaveTextContent(
      "同步完成：新增 2，更新 0，删除 0，未变 0",
    );
    expect(backend.callsTo("sync_templates")[0]?.args).toEqual({ accountId: REAL_ACCOUNT.id });
    expect(await screen.findByTestId(`template-${ORDER_SHIPPED.templateId}`)).toHaveTextContent("订单发货通知");
    expect(screen.getByTestId(`template-${BOOKING_CONFIRMED.templateId}`)).toHaveTextContent("预约成功通知");
    expect(screen.queryByTestId("templates-never-synced")).not.toBeInTheDocument();
  });

  it("tells a sync that found no template from one that never ran", async () => {
    const { user, backend, page } = await openTemplates();
    backend.remoteTemplates[REAL_ACCOUNT.id] = [];
    await user.click(within(page).getByTestId("templates-sync-empty"));
    expect(await screen.findByTestId("templates-none")).toHaveTextContent(`「${REAL_ACCOUNT.name}」在微信上还没有模板`);
    expect(screen.queryByTestId("templates-never-synced")).not.toBeInTheDocument();
  });

  it("remembers a sync that found no template", async () => {
    await openTemplates({ accounts: [SANDBOX_ACCOUNT, { ...REAL_ACCOUNT, templatesSyncedAt: "2026-11-24T06:00:00Z" }] });
    expect(await screen.findByTestId("templates-none")).toHaveTextContent("同步过");
  });

  it("summarises what a sync changed", async () => {
    const { user, backend } = await openTemplates({
      prefs: SANDBOX_SELECTED,
      templates: { [SANDBOX_ACCOUNT.id]: [{ ...ORDER_SHIPPED, title: "发货通知（旧）" }, SERVICE_PROGRESS] },
    });
    expect(await screen.findByText("发货通知（旧）")).toBeInTheDocument();
    expect(backend.remoteTemplates[SANDBOX_ACCOUNT.id]).toEqual(SANDBOX_TEMPLATES);

    await user.click(screen.getByTestId("templates-sync"));
    expect(await screen.findByTestId("templates-sync-summary")).toHaveTextContent(
      "同步完成：新增 1，更新 1，删除 0，未变 1",
    );
    expect(await screen.findByText("订单发货通知")).toBeInTheDocument();
    expect(screen.queryByText("发货通知（旧）")).not.toBeInTheDocument();
  });

  it("shows each template's kind, id, keywords with their rules, enum values and example", async () => {
    await openTemplates({ prefs: SANDBOX_SELECTED, templates: { [SANDBOX_ACCOUNT.id]: SANDBOX_TEMPLATES } });

    const order = await screen.findByTestId(`template-${ORDER_SHIPPED.templateId}`);
    expect(order).toHaveTextContent("一次性订阅");
    expect(within(order).getByTestId(`template-id-${ORDER_SHIPPED.templateId}`)).toHaveTextContent(
      ORDER_SHIPPED.templateId,
    );
    expect(within(order).getByRole("button", { name: "复制" })).toBeInTheDocument();

    // Keywords in template order.
    const rows = within(order).getAllByTestId(new RegExp(`^template-${ORDER_SHIPPED.templateId}-keyword-`));
    expect(rows.map((row) => row.getAttribute("data-testid")?.split("-keyword-")[1])).toEqual([
      "thing1",
      "character_string2",
      "phrase3",
      "time4",
      "amount5",
    ]);
    const thing = within(order).getByTestId(`template-${ORDER_SHIPPED.templateId}-keyword-thing1`);
    expect(thing).toHaveTextContent("商品名称");
    expect(thing).toHaveTextContent("thing1");
    expect(thing).toHaveTextContent("事物");
    expect(thing).toHaveTextContent("20 个以内字符（中文、字母、数字、符号）");
    const cs = within(order).getByTestId(`template-${ORDER_SHIPPED.templateId}-keyword-character_string2`);
    expect(cs).toHaveTextContent("字符串");
    expect(cs).toHaveTextContent("不能有中文");
    expect(within(order).getByTestId(`template-${ORDER_SHIPPED.templateId}-keyword-phrase3`)).toHaveTextContent("汉字");
    expect(within(order).getByTestId(`template-example-${ORDER_SHIPPED.templateId}`)).toHaveTextContent(
      "商品名称:星巴克 拿铁咖啡豆 250g",
    );
    // Each keyword's own example, as Compose offers it.
    expect(within(thing).getByTestId(`template-${ORDER_SHIPPED.templateId}-example-thing1`)).toHaveTextContent("例如：星巴克 拿铁咖啡豆 250g");
    expect(within(order).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["名称", "微信字段名", "类型", "填写规则"]);

    const booking = screen.getByTestId(`template-${BOOKING_CONFIRMED.templateId}`);
    const enumRow = within(booking).getByTestId(`template-${BOOKING_CONFIRMED.templateId}-keyword-enum_string5`);
    expect(enumRow).toHaveTextContent("枚举");
    expect(enumRow).toHaveTextContent("只能填写模板列出的可选值之一");
    const values = within(enumRow).getByTestId(`template-${BOOKING_CONFIRMED.templateId}-enum-enum_string5`);
    expect(within(values).getAllByText(/./).map((tag) => tag.textContent)).toEqual(["保养", "维修", "洗车"]);
    expect(within(booking).getByTestId(`template-${BOOKING_CONFIRMED.templateId}-keyword-car_number4`)).toHaveTextContent(
      "车牌",
    );

    expect(screen.getByTestId(`template-${SERVICE_PROGRESS.templateId}`)).toHaveTextContent("长期订阅");
    expect(screen.getByTestId("templates-last-synced")).toHaveTextContent(
      `上次同步时间：${formatDateTime(ORDER_SHIPPED.syncedAt, "zh-CN")}`,
    );
    expect(screen.getByTestId("templates-count")).toHaveTextContent("共 3 个模板");
  });

  it("names keyword types and rules in English", async () => {
    await openTemplates({
      prefs: { ...SANDBOX_SELECTED, language: "en" },
      templates: { [SANDBOX_ACCOUNT.id]: [ORDER_SHIPPED] },
    });
    const order = await screen.findByTestId(`template-${ORDER_SHIPPED.templateId}`);
    expect(order).toHaveTextContent("One-time");
    const amount = within(order).getByTestId(`template-${ORDER_SHIPPED.templateId}-keyword-amount5`);
    expect(amount).toHaveTextContent("Amount");
    expect(amount).toHaveTextContent("One currency symbol and up to 10 digits");
  });

  it("filters by title and says when nothing matches", async () => {
    const { user } = await openTemplates({
      prefs: SANDBOX_SELECTED,
      templates: { [SANDBOX_ACCOUNT.id]: SANDBOX_TEMPLATES },
    });
    const search = await screen.findByTestId("templates-search");

    await user.type(search, "预约");
    expect(screen.getByTestId(`template-${BOOKING_CONFIRMED.templateId}`)).toBeInTheDocument();
    expect(screen.queryByTestId(`template-${ORDER_SHIPPED.templateId}`)).not.toBeInTheDocument();
    expect(screen.getByTestId("templates-count")).toHaveTextContent("显示 1 / 3 个模板");

    await user.clear(search);
    await user.type(search, "退款");
    expect(screen.getByTestId("templates-no-result")).toHaveTextContent("没有标题包含「退款」的模板");
    await user.click(screen.getByRole("button", { name: "清除搜索" }));
    expect(screen.getByTestId("templates-count")).toHaveTextContent("共 3 个模板");
    expect(screen.getByTestId(`template-${ORDER_SHIPPED.templateId}`)).toBeInTheDocument();
  });

  it("shows why a sync failed and keeps the cached templates", async () => {
    const { user } = await openTemplates({
      prefs: SANDBOX_SELECTED,
      templates: { [SANDBOX_ACCOUNT.id]: [ORDER_SHIPPED] },
      failures: { sync_templates: { code: "network", message: "connect to api.weixin.qq.com: timed out" } },
    });
    await screen.findByTestId(`template-${ORDER_SHIPPED.templateId}`);
    await user.click(screen.getByTestId("templates-sync"));
    const error = await screen.findByTestId("templates-sync-error");
    expect(error).toHaveTextContent("网络连接失败");
    expect(error).toHaveTextContent("connect to api.weixin.qq.com: timed out");
    expect(screen.getByTestId(`template-${ORDER_SHIPPED.templateId}`)).toBeInTheDocument();
    expect(screen.queryByTestId("error-notification")).not.toBeInTheDocument();
  });
});
