import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import i18n from "../../i18n";
import { ServiceNotificationCard, type ServiceNotificationCardProps } from "./ServiceNotificationCard";

const LONG = "这是一段很长很长的商品名称，用来检查卡片在值过长时是否像微信一样换行并在两行后省略显示".repeat(2);

const PROPS: ServiceNotificationCardProps = {
  title: "订单发货通知",
  appName: "门店会员小程序",
  date: "11月24日",
  lang: "zh_CN",
  hasPage: true,
  rows: [
    { key: "thing1", label: "商品名称", value: LONG },
    { key: "character_string2", label: "订单号", value: "20261124000123" },
    { key: "phrase3", label: "物流状态", value: "" },
    { key: "thing4", label: "温馨提示", value: "{{客户}}您好，{{ 门店 }}已发货" },
  ],
};

function renderCard(overrides: Partial<ServiceNotificationCardProps> = {}) {
  return render(<ServiceNotificationCard {...PROPS} {...overrides} />);
}

describe("ServiceNotificationCard", () => {
  it("shows the app name, title, date and one row per keyword in template order", () => {
    renderCard();
    const card = screen.getByTestId("wx-card");
    expect(within(card).getByTestId("wx-card-app")).toHaveTextContent("门店会员小程序");
    expect(within(card).getByTestId("wx-card-title")).toHaveTextContent("订单发货通知");
    expect(within(card).getByRole("heading")).toHaveTextContent("订单发货通知");
    expect(within(card).getByTestId("wx-card-date")).toHaveTextContent("11月24日");
    const rows = within(card).getAllByTestId(/^wx-card-row-/);
    expect(rows.map((row) => row.getAttribute("data-testid"))).toEqual([
      "wx-card-row-thing1",
      "wx-card-row-character_string2",
      "wx-card-row-phrase3",
      "wx-card-row-thing4",
    ]);
    expect(rows[1]).toHaveTextContent("订单号20261124000123");
    expect(within(rows[1]).getByRole("term")).toHaveTextContent("订单号");
    expect(within(rows[1]).getByRole("definition")).toHaveTextContent("20261124000123");
  });

  it("keeps a long value whole in the DOM and clamps it with CSS (full text on hover)", () => {
    renderCard();
    const value = within(screen.getByTestId("wx-card-row-thing1")).getByRole("definition");
    expect(value).toHaveTextContent(LONG);
    expect(value).toHaveClass("pd-wx-value");
    expect(value).toHaveAttribute("title", LONG);
  });

  it("shows a light dash for an empty value", () => {
    renderCard();
    const value = within(screen.getByTestId("wx-card-row-phrase3")).getByRole("definition");
    expect(value).toHaveTextContent("—");
    expect(value.querySelector("[data-empty]")).not.toBeNull();
  });

  it("highlights unresolved placeholders", () => {
    renderCard();
    const row = screen.getByTestId("wx-card-row-thing4");
    const marks = row.querySelectorAll("mark");
    expect([...marks].map((mark) => mark.textContent)).toEqual(["{{客户}}", "{{ 门店 }}"]);
    expect([...marks].map((mark) => mark.getAttribute("data-placeholder"))).toEqual(["客户", "门店"]);
    expect(row).toHaveTextContent("{{客户}}您好，{{ 门店 }}已发货");
  });

  it("prints the footer link in the card's language", () => {
    const { rerender } = renderCard();
    expect(screen.getByTestId("wx-card-footer")).toHaveTextContent("进入小程序查看");
    rerender(<ServiceNotificationCard {...PROPS} lang="en_US" />);
    expect(screen.getByTestId("wx-card-footer")).toHaveTextContent("View in Mini Program");
    rerender(<ServiceNotificationCard {...PROPS} lang="zh_TW" />);
    expect(screen.getByTestId("wx-card-footer")).toHaveTextContent("進入小程式查看");
    rerender(<ServiceNotificationCard {...PROPS} lang="zh_HK" />);
    expect(screen.getByTestId("wx-card-footer")).toHaveTextContent("進入小程式查看");
  });

  it("greys the footer and says the card opens nothing without a page", () => {
    const { rerender } = renderCard();
    expect(screen.queryByTestId("wx-card-no-page")).not.toBeInTheDocument();
    expect(screen.getByTestId("wx-card-footer")).toHaveAttribute("aria-disabled", "false");

    rerender(<ServiceNotificationCard {...PROPS} hasPage={false} />);
    expect(screen.getByTestId("wx-card-footer")).toHaveClass("pd-wx-footer-off");
    expect(screen.getByTestId("wx-card-footer")).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByTestId("wx-card-no-page")).toHaveTextContent("未填写页面：用户点击卡片不会跳转");
  });

  it("says so in English when the interface is English, whatever the card language", async () => {
    await i18n.changeLanguage("en");
    renderCard({ hasPage: false });
    expect(screen.getByTestId("wx-card-no-page")).toHaveTextContent("No page: tapping the card opens nothing");
    expect(screen.getByTestId("wx-card-footer")).toHaveTextContent("进入小程序查看");
  });
});
