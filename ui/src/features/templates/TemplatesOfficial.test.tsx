import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { OA_LEGACY_PAYMENT, OA_ORDER_SHIPPED, OFFICIAL_ACCOUNT, officialOverrides } from "../../test/fakeOfficial";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";

async function openTemplates(options: Parameters<typeof officialOverrides>[0] = {}) {
  const view = renderApp("/templates", officialOverrides(options), FAST_USER);
  await appReady();
  const page = await screen.findByTestId("page-templates");
  return { ...view, page };
}

describe("templates of an Official Account", () => {
  it("shows template messages, never subscriptions", async () => {
    const { page } = await openTemplates();
    const shipped = await screen.findByTestId(`template-${OA_ORDER_SHIPPED.templateId}`);
    expect(page).toHaveTextContent(`当前服务号的模板消息模板 · ${OFFICIAL_ACCOUNT.name}`);
    expect(within(shipped).getByTestId("template-kind-template-message")).toHaveTextContent("模板消息");
    expect(page).not.toHaveTextContent("订阅");
    // A category template is not a legacy one.
    expect(within(shipped).queryByTestId(`template-legacy-${OA_ORDER_SHIPPED.templateId}`)).not.toBeInTheDocument();
  });

  it("says what WeChat no longer shows of a legacy template, and leaves it out", async () => {
    await openTemplates();
    const legacy = await screen.findByTestId(`template-${OA_LEGACY_PAYMENT.templateId}`);
    expect(within(legacy).getByTestId(`template-legacy-${OA_LEGACY_PAYMENT.templateId}`)).toHaveTextContent(
      "旧版模板自 2023 年 5 月起，微信不再显示模板的首行（first）和备注（remark），推送台已略去这两项。其余每个字段微信最多显示 20 个字",
    );
    const id = OA_LEGACY_PAYMENT.templateId;
    expect(within(legacy).getAllByTestId(new RegExp(`^template-${id}-keyword-`)).map((row) => row.getAttribute("data-testid"))).toEqual([
      `template-${id}-keyword-keyword1`,
      `template-${id}-keyword-keyword2`,
    ]);
    const order = within(legacy).getByTestId(`template-${id}-keyword-keyword1`);
    expect(order).toHaveTextContent("文本");
    expect(order).toHaveTextContent("最多 20 个字：微信会直接截断多出的部分");
    expect(order).not.toHaveTextContent("推送台不认识的类型");
  });

  it("explains a first sync for an Official Account", async () => {
    const { page } = await openTemplates({ templates: {} });
    expect(await screen.findByTestId("templates-never-synced")).toHaveTextContent("先在账号页连接服务号并同步模板");
    expect(page).not.toHaveTextContent("订阅");
  });

  it("speaks English", async () => {
    await openTemplates({ prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: OFFICIAL_ACCOUNT.id } });
    const legacy = await screen.findByTestId(`template-legacy-${OA_LEGACY_PAYMENT.templateId}`);
    expect(legacy).toHaveTextContent("Since May 2023 WeChat no longer shows a template's first line (first) and remark (remark)");
    expect(screen.getAllByTestId("template-kind-template-message")[0]).toHaveTextContent("Template message");
  });
});
