import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogEntry } from "../../ipc";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import type { LedgerCount } from "../../test/fakeLedger";
import { popupPush, type StoredPush } from "../../test/fakePushIntake";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES, SERVICE_PROGRESS } from "../../test/templateFixtures";
import { NOT_SUBSCRIBED, entry } from "../sendlog/testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/** The subscription ledger page: templates, their 43101 trend and people, imported counts. */

const A = "oPtYgjmUhBel31iEl2hpChYgAaaA";
const B = "oPtYgjmUhBel31iEl2hpChYgBbbB";
const C = "oPtYgjmUhBel31iEl2hpChYgCccC";
const D = "oPtYgjmUhBel31iEl2hpChYgDddD";
const E = "oPtYgjmUhBel31iEl2hpChYgEeeE";
const GONE = "tpl-removed-from-wechat";
const DAY = 24 * 60 * 60 * 1000;
const CSV = "/home/test/订阅次数.csv";

const at = (daysAgo: number) => Date.now() - daysAgo * DAY;
const stored = (push: ReturnType<typeof popupPush>): StoredPush => ({ ...push, attemptId: null });

/**
 * 订单发货通知: A accepted twice and got one message since; B accepted then rejected; C's count was
 * imported (3). 办理进度通知 (long-term): E accepted. A template no longer synced: C's count (2).
 */
function ledger() {
  const pushEvents = {
    [REAL_ACCOUNT.id]: [
      stored(popupPush(A, ORDER_SHIPPED.templateId, true, at(3))),
      stored(popupPush(A, ORDER_SHIPPED.templateId, true, at(3) + 1000)),
      stored(popupPush(B, ORDER_SHIPPED.templateId, true, at(3))),
      stored(popupPush(B, ORDER_SHIPPED.templateId, false, at(2))),
      stored(popupPush(E, SERVICE_PROGRESS.templateId, true, at(5))),
    ],
  };
  const ledgerCounts: Record<number, LedgerCount[]> = {
    [REAL_ACCOUNT.id]: [
      { openid: C, templateId: ORDER_SHIPPED.templateId, count: 3, setAt: at(4) },
      { openid: C, templateId: GONE, count: 2, setAt: at(4) },
    ],
  };
  // A got the template yesterday; D answered 43101 today.
  const logEntries: LogEntry[] = [
    entry({ id: 1, openid: A, startedAt: at(1), finishedAt: at(1) }),
    entry({ id: 2, openid: D, startedAt: at(0), finishedAt: at(0), status: "not_subscribed", errcode: 43101, msgid: null, explanation: NOT_SUBSCRIBED }),
  ];
  return { pushEvents, ledgerCounts, logEntries };
}

async function openPage(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp("/ledger", { templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES }, ...ledger(), ...overrides }, FAST_USER);
  await appReady();
  await screen.findByTestId("page-ledger");
  return view;
}

const templateRow = (templateId: string) =>
  within(screen.getByTestId("ledger-templates"))
    .getAllByTestId("ledger-template")
    .find((row) => row.getAttribute("data-template-id") === templateId) as HTMLElement;
const users = () => screen.queryAllByTestId("ledger-user").map((row) => row.getAttribute("data-openid"));
const user = (openid: string) => screen.getAllByTestId("ledger-user").find((row) => row.getAttribute("data-openid") === openid) as HTMLElement;

describe("the receipts & subscriptions page", () => {
  it("is in the menu after the send log, and lists each template the ledger knows with its totals", async () => {
    const { user: clicker } = renderApp("/log", { templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES }, ...ledger() }, FAST_USER);
    await appReady();
    const items = screen.getAllByRole("menuitem").map((item) => item.getAttribute("data-testid"));
    expect(items.indexOf("nav-ledger")).toBe(items.indexOf("nav-log") + 1);
    expect(screen.getByTestId("nav-ledger")).toHaveTextContent("送达与订阅");
    await clicker.click(screen.getByTestId("nav-ledger"));
    await screen.findByTestId("page-ledger");
    expect(window.location.hash).toBe("#/ledger");
    expect(screen.getByRole("heading", { level: 3 })).toHaveTextContent("送达与订阅");

    const table = await screen.findByTestId("ledger-templates");
    await waitFor(() => expect(within(table).getAllByTestId("ledger-template")).toHaveLength(3));
    const order = templateRow(ORDER_SHIPPED.templateId);
    expect(order).toHaveTextContent("订单发货通知");
    // With grants: A (1 left) and C (3); 4 left; 3 people; accepted A ×2, B ×1; A's message used one.
    expect(within(order).getAllByRole("cell").slice(-5).map((cell) => cell.textContent)).toEqual(["2", "4", "3", "3", "1"]);
    expect(within(order).queryByTestId("ledger-long-term")).not.toBeInTheDocument();
    expect(within(templateRow(SERVICE_PROGRESS.templateId)).getByTestId("ledger-long-term")).toHaveTextContent("长期订阅");
    expect(templateRow(GONE)).toHaveTextContent("本机没有这个模板");
  }, 30_000);

  it("opens a template: its 43101 share of the last 30 days and its people, found by openid", async () => {
    const { user: clicker, backend } = await openPage();
    await screen.findByTestId("ledger-templates");
    await clicker.click(templateRow(ORDER_SHIPPED.templateId));
    const detail = await screen.findByTestId("ledger-template-detail");

    const refusals = within(detail).getByTestId("ledger-refusals");
    expect(within(refusals).getByTestId("ledger-refusals-chart")).toBeInTheDocument();
    const days = within(within(refusals).getByTestId("ledger-refusals-table")).getAllByRole("row").slice(1);
    // Newest first: today one attempt, refused; yesterday one, sent.
    expect(days.map((row) => within(row).getAllByRole("cell").slice(1).map((cell) => cell.textContent))).toEqual([
      ["1", "1", "100%"],
      ["1", "0", "0%"],
    ]);

    await waitFor(() => expect(users()).toEqual([A, B, C]));
    expect(backend.callsTo("ledger_entries")[0]?.args).toEqual({ accountId: REAL_ACCOUNT.id, templateId: ORDER_SHIPPED.templateId, openid: null, limit: 500 });
    expect(within(user(A)).getByTestId("ledger-user-state")).toHaveTextContent("有次数");
    expect(within(user(B)).getByTestId("ledger-user-state")).toHaveAttribute("data-state", "no_grant");
    expect(within(user(B)).getByTestId("ledger-user-state")).toHaveTextContent("没有次数");
    expect(within(user(C)).getAllByRole("cell").map((cell) => cell.textContent)).toContain("3");

    // Part of an openid narrows the rows shown; a whole one is asked of the ledger.
    const search = within(detail).getByTestId("ledger-users-search");
    await clicker.type(search, "CccC");
    await waitFor(() => expect(users()).toEqual([C]));
    await clicker.clear(search);
    await clicker.type(search, B);
    await waitFor(() => expect(backend.callsTo("ledger_entries").at(-1)?.args).toMatchObject({ openid: B }));
    await waitFor(() => expect(users()).toEqual([B]));
  }, 30_000);

  it("imports grant counts from a CSV, and names the line the core refused", async () => {
    const { user: clicker, backend } = await openPage({
      pickedFile: CSV,
      ledgerFiles: {
        [CSV]: `openid,template_id,count\n${A},${ORDER_SHIPPED.templateId},5\n\n${D},${ORDER_SHIPPED.templateId},0\n`,
        "/home/test/bad.csv": `openid,template_id,count\n${A},${ORDER_SHIPPED.templateId},5\n${B},${ORDER_SHIPPED.templateId},很多\n`,
      },
    });
    const card = await screen.findByTestId("ledger-import");
    expect(card).toHaveTextContent("openid,template_id,count");
    await clicker.click(within(card).getByTestId("ledger-import-browse"));
    await waitFor(() => expect(within(card).getByTestId("ledger-import-path")).toHaveValue(CSV));
    await clicker.click(within(card).getByTestId("ledger-import-submit"));
    expect(await within(card).findByTestId("ledger-import-done")).toHaveTextContent("已导入 2 行订阅次数。");
    // The table follows: D joins the ledger with none left.
    await waitFor(() => expect(within(templateRow(ORDER_SHIPPED.templateId)).getAllByRole("cell").slice(-5)[2]).toHaveTextContent("4"));

    fireEvent.change(within(card).getByTestId("ledger-import-path"), { target: { value: "/home/test/bad.csv" } });
    await clicker.click(within(card).getByTestId("ledger-import-submit"));
    const error = await within(card).findByTestId("ledger-import-error");
    expect(error).toHaveAttribute("data-code", "invalid_input");
    expect(error).toHaveTextContent("第 3 行：次数“很多”不是大于等于 0 的整数");
    // Checked whole before anything is stored: A keeps 5.
    expect(backend.ledgerCounts[REAL_ACCOUNT.id]?.find((c) => c.openid === A)?.count).toBe(5);

    fireEvent.change(within(card).getByTestId("ledger-import-path"), { target: { value: "/home/test/nowhere.csv" } });
    await clicker.click(within(card).getByTestId("ledger-import-submit"));
    await waitFor(() => expect(within(card).getByTestId("ledger-import-error")).toHaveTextContent("打开 /home/test/nowhere.csv：找不到这个文件或文件夹"));
    expect(within(card).getByTestId("ledger-import-error")).toHaveAttribute("data-code", "io");
  }, 30_000);

  it("says what to do when the ledger is empty, with a word for the sandbox", async () => {
    await openPage({
      prefs: { language: "zh-CN", theme: "light", showSandbox: true, selectedAccountId: SANDBOX_ACCOUNT.id },
      pushEvents: {},
      ledgerCounts: {},
    });
    const empty = await screen.findByTestId("ledger-empty");
    expect(empty).toHaveTextContent("还没有订阅记录");
    expect(empty).toHaveTextContent("请技术同事导出记录下来的推送文件");
    expect(empty).toHaveTextContent("pushdesk events serve");
    expect(within(empty).getByTestId("ledger-empty-sandbox")).toHaveTextContent("沙箱账号");
  }, 30_000);
});
