import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import i18n from "../../i18n";
import { OA_LEGACY_PAYMENT, OA_ORDER_SHIPPED } from "../../test/fakeOfficial";
import { MessageCard } from "./MessageCard";
import { OfficialTemplateCard, type OfficialTemplateCardProps } from "./OfficialTemplateCard";

const LEGACY_ORDER = "20261124100023订单号很长很长超出部分不显示";

/** The legacy template's card: its keywords as the core synced them (no first, no remark). */
const LEGACY: OfficialTemplateCardProps = {
  title: OA_LEGACY_PAYMENT.title,
  accountName: "会员服务号",
  date: "11月24日",
  jump: "mini_program",
  rows: OA_LEGACY_PAYMENT.keywords.map((keyword) => ({
    key: keyword.key,
    label: keyword.label,
    value: keyword.key === "keyword1" ? LEGACY_ORDER : "128.00元🎉",
    displayLimit: keyword.displayLimit,
  })),
};

function renderCard(overrides: Partial<OfficialTemplateCardProps> = {}) {
  return render(<OfficialTemplateCard {...LEGACY} {...overrides} />);
}

describe("OfficialTemplateCard", () => {
  it("shows the account's chat, the title and one row per keyword, without first line or remark", () => {
    renderCard();
    expect(screen.getByTestId("wx-chat")).toHaveAttribute("data-channel", "template_message");
    expect(screen.getByTestId("wx-card-app")).toHaveTextContent("会员服务号");
    expect(screen.getByTestId("wx-card-date")).toHaveTextContent("11月24日");
    const card = screen.getByTestId("wx-card");
    expect(within(card).getByRole("heading")).toHaveTextContent("支付成功通知");
    const rows = within(card).getAllByTestId(/^wx-card-row-/);
    expect(rows.map((row) => row.getAttribute("data-testid"))).toEqual(["wx-card-row-keyword1", "wx-card-row-keyword2"]);
    expect(within(rows[1]).getByRole("term")).toHaveTextContent("金额");
    expect(card).not.toHaveTextContent("您的订单已支付成功");
    expect(card).not.toHaveTextContent("感谢您的惠顾");
    expect(screen.getByTestId("wx-card-kind")).toHaveTextContent("服务号 · 模板消息");
  });

  it("folds a legacy value after 20 characters and removes emoji, keeping the whole value on hover", () => {
    renderCard();
    const order = screen.getByTestId("wx-card-row-keyword1");
    expect(order).toHaveAttribute("data-folded", "true");
    expect(within(order).getByRole("definition")).toHaveTextContent(/^20261124100023订单号很长很…$/);
    expect(within(order).getByRole("definition")).toHaveAttribute("title", LEGACY_ORDER);
    const amount = screen.getByTestId("wx-card-row-keyword2");
    expect(within(amount).getByRole("definition")).toHaveTextContent(/^128\.00元$/);
    expect(amount).not.toHaveAttribute("data-folded");
  });

  it("shows a category template's value on one line, unfolded, emoji removed", () => {
    const long = "星巴克 拿铁咖啡豆 250g ☕ 两袋装";
    renderCard({
      title: OA_ORDER_SHIPPED.title,
      rows: [{ key: "thing1", label: "商品名称", value: long }],
    });
    const value = within(screen.getByTestId("wx-card-row-thing1")).getByRole("definition");
    expect(value).toHaveTextContent(/^星巴克 拿铁咖啡豆 250g 两袋装$/);
    expect(value).toHaveClass("pd-wx-oa-value");
    expect(screen.getByTestId("wx-card-row-thing1")).not.toHaveAttribute("data-folded");
  });

  it("highlights unresolved placeholders and does not fold a value whose length is not known yet", () => {
    renderCard({ rows: [{ key: "keyword1", label: "订单号", value: "{{订单号}}😀二三四五六七八九十一二三四五六七八九十", displayLimit: 20 }] });
    const row = screen.getByTestId("wx-card-row-keyword1");
    expect(row.querySelector("mark")).toHaveTextContent("{{订单号}}");
    expect(row).toHaveTextContent("{{订单号}}二三四五六七八九十一二三四五六七八九十");
    expect(row).not.toHaveAttribute("data-folded");
  });

  it("prints the footer link by where the card leads, and none when it opens nothing", () => {
    const { rerender } = renderCard();
    expect(screen.getByTestId("wx-card-footer")).toHaveTextContent("进入小程序查看");
    expect(screen.queryByTestId("wx-card-no-jump")).not.toBeInTheDocument();

    rerender(<OfficialTemplateCard {...LEGACY} jump="web" />);
    expect(screen.getByTestId("wx-card-footer")).toHaveTextContent(/^详情$/);

    rerender(<OfficialTemplateCard {...LEGACY} jump="none" />);
    expect(screen.queryByTestId("wx-card-footer")).not.toBeInTheDocument();
    expect(screen.getByTestId("wx-card-no-jump")).toHaveTextContent("没有设置打开方式：用户点击卡片不会跳转");
  });

  it("explains in English when the interface is English; WeChat's own words stay Chinese", async () => {
    await i18n.changeLanguage("en");
    renderCard({ jump: "web" });
    expect(screen.getByTestId("wx-card-kind")).toHaveTextContent("Official Account · template message");
    expect(screen.getByTestId("wx-card-footer")).toHaveTextContent("详情");
  });
});

describe("MessageCard", () => {
  const rows = [{ key: "thing1", label: "商品名称", value: "拿铁咖啡" }];

  it("shows a template message's card for an Official Account, its footer by the message's jump", () => {
    const { rerender } = render(
      <MessageCard channel="template_message" title="订单发货提醒" appName="会员服务号" sentAt={new Date(2026, 10, 24)} rows={rows} message={{ page: null, url: "https://example.com" }} />,
    );
    expect(screen.getByTestId("wx-chat")).toHaveAttribute("data-channel", "template_message");
    expect(screen.getByTestId("wx-card-date")).toHaveTextContent("11月24日");
    expect(screen.getByTestId("wx-card-footer")).toHaveTextContent("详情");
    // A send log entry records the page only: a page is a mini program's.
    rerender(<MessageCard channel="template_message" title="订单发货提醒" appName="会员服务号" sentAt={0} rows={rows} message={{ page: "pages/a" }} />);
    expect(screen.getByTestId("wx-card-footer")).toHaveTextContent("进入小程序查看");
  });

  it("shows a subscribe message's card for a mini program, in the card's language", () => {
    render(
      <MessageCard
        channel="subscribe_message"
        title="订单发货通知"
        appName="门店会员小程序"
        sentAt={new Date(2026, 10, 24)}
        rows={rows}
        message={{ page: "pages/a", lang: "en_US" }}
      />,
    );
    expect(screen.getByTestId("wx-chat")).not.toHaveAttribute("data-channel");
    expect(screen.getByTestId("wx-card-date")).toHaveTextContent("Nov 24");
    expect(screen.getByTestId("wx-card-footer")).toHaveTextContent("View in Mini Program");
  });
});
