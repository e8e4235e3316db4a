import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogFilter } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED } from "../../test/templateFixtures";
import { BAD_DATA, campaign, entry } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/** What WeChat's delivery receipts say, in the send log: the column, the filter, the totals, the drawer. */

const RECEIPT_AT = Date.UTC(2026, 2, 2, 6, 0, 30);

/** Four sent (two delivered, one failed after WeChat accepted it, one without receipt) and a failure. */
function log() {
  return [
    entry({ id: 1, delivery: "delivered", deliveryCode: 0, deliveryStatus: "success", deliveryAt: RECEIPT_AT }),
    entry({ id: 2, delivery: "delivery_failed", deliveryCode: 10005, deliveryStatus: "fail", deliveryAt: RECEIPT_AT }),
    entry({ id: 3 }),
    entry({ id: 4, status: "failed", errcode: 47003, errmsg: "argument invalid!", msgid: null, explanation: BAD_DATA }),
    // Its outcome was unknown until a receipt showed WeChat accepted it.
    entry({ id: 5, errcode: -2, delivery: "delivered", deliveryCode: 0, deliveryStatus: "success", deliveryAt: RECEIPT_AT, confirmedByReceipt: true }),
  ];
}

async function openLog() {
  const view = renderApp(
    "/log",
    { logEntries: log(), campaigns: [campaign({ id: 7 })], templates: { [REAL_ACCOUNT.id]: [ORDER_SHIPPED] } },
    FAST_USER,
  );
  await appReady();
  await screen.findByTestId("log-row-1");
  return view;
}

function lastFilter(backend: ReturnType<typeof renderApp>["backend"]): LogFilter {
  const calls = backend.callsTo("log_page").filter((c) => (c.args as { cursor: unknown }).cursor === null);
  return (calls[calls.length - 1]?.args as { filter: LogFilter }).filter;
}

const rowIds = () => screen.getAllByTestId(/^log-row-\d+$/).map((row) => row.dataset.testid);

describe("delivery receipts in the send log", () => {
  it("shows each sent message's delivery: delivered, failed with the receipt's code, no receipt; nothing for one not sent", async () => {
    const { user } = await openLog();
    const headers = () => within(screen.getByTestId("log-table")).getAllByRole("columnheader").map((th) => th.textContent);
    expect(headers()).toContain("送达");
    expect(screen.getByTestId("log-delivery-1")).toHaveTextContent("已送达");
    expect(screen.getByTestId("log-delivery-1")).toHaveAttribute("data-delivery", "delivered");
    expect(screen.getByTestId("log-delivery-2")).toHaveTextContent("送达失败 10005");
    expect(screen.getByTestId("log-delivery-3")).toHaveTextContent("无回执");
    expect(screen.queryByTestId("log-delivery-4")).not.toBeInTheDocument();
    // A once-unknown send a receipt confirmed says so instead of its lost answer's -2.
    expect(screen.getByTestId("log-confirmed-5")).toHaveTextContent("回执确认");
    expect(within(screen.getByTestId("log-row-5")).queryByText("-2")).toBeNull();

    // The column is one of the chooser's.
    await user.click(screen.getByTestId("log-columns"));
    const panel = await screen.findByTestId("log-columns-panel");
    expect(within(panel).getByTestId("log-column-delivery").closest("label")).toHaveTextContent("送达（来自送达回执）");
    await user.click(within(panel).getByTestId("log-column-delivery"));
    expect(headers()).not.toContain("送达");
  });

  it("totals what the receipts say of the sent ones", async () => {
    await openLog();
    const delivery = await screen.findByTestId("log-totals-delivery");
    expect(delivery).toHaveTextContent("已发送的 4 次中：");
    expect(within(delivery).getByTestId("log-totals-delivery-delivered")).toHaveAttribute("data-count", "2");
    expect(within(delivery).getByTestId("log-totals-delivery-delivered")).toHaveTextContent("已送达 2");
    expect(within(delivery).getByTestId("log-totals-delivery-delivery_failed")).toHaveTextContent("送达失败 1");
    expect(within(delivery).getByTestId("log-totals-delivery-no_receipt")).toHaveTextContent("无回执 1");
  });

  it("filters by delivery, and keeps the filter while the user is away", async () => {
    const { user, backend } = await openLog();
    fireEvent.mouseDown(within(screen.getByTestId("log-delivery")).getByRole("combobox"));
    fireEvent.click(await screen.findByTestId("log-delivery-option-no_receipt"));
    await waitFor(() => expect(lastFilter(backend).delivery).toBe("no_receipt"));
    await waitFor(() => expect(rowIds()).toEqual(["log-row-3"]));

    fireEvent.mouseDown(within(screen.getByTestId("log-delivery")).getByRole("combobox"));
    fireEvent.click(await screen.findByTestId("log-delivery-option-delivered"));
    await waitFor(() => expect(rowIds()).toEqual(["log-row-5", "log-row-1"]));

    await user.click(screen.getByTestId("nav-ledger"));
    await screen.findByTestId("page-ledger");
    await user.click(screen.getByTestId("nav-log"));
    await screen.findByTestId("page-log");
    expect(screen.getByTestId("log-delivery")).toHaveTextContent("已送达");
    await waitFor(() => expect(rowIds()).toEqual(["log-row-5", "log-row-1"]));
    expect(lastFilter(backend).delivery).toBe("delivered");
  });

  it("shows the receipt in the details, and says when a receipt confirmed an unknown outcome", async () => {
    const { user } = await openLog();
    await user.click(screen.getByTestId("log-row-5"));
    const receipt = await screen.findByTestId("log-detail-receipt");
    expect(within(receipt).getByTestId("log-detail-confirmed")).toHaveTextContent("结果原本未知，送达回执确认微信已接收");
    expect(within(receipt).getByTestId("log-detail-delivery")).toHaveTextContent("已送达");
    expect(within(receipt).getByTestId("log-detail-delivery-code")).toHaveTextContent("0");
    expect(within(receipt).getByTestId("log-detail-delivery-status")).toHaveTextContent("success");
    expect(within(receipt).getByRole("time")).toHaveAttribute("dateTime", new Date(RECEIPT_AT).toISOString());

    await user.click(screen.getByTestId("log-row-3"));
    await waitFor(() => expect(screen.getByTestId("log-detail-receipt")).toHaveAttribute("data-delivery", "no_receipt"));
    expect(screen.getByTestId("log-detail-no-receipt")).toHaveTextContent("还没有收到这条消息的送达回执");
    expect(screen.queryByTestId("log-detail-confirmed")).not.toBeInTheDocument();

    // A message that was not sent gets no receipt.
    await user.click(screen.getByTestId("log-row-4"));
    await waitFor(() => expect(screen.getByTestId("log-detail-status")).toHaveAttribute("data-status", "failed"));
    expect(screen.queryByTestId("log-detail-receipt")).not.toBeInTheDocument();
  });
});
