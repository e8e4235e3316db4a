import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import { popupPush, receiptPush, type FakePushFile } from "../../test/fakePushIntake";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED } from "../../test/templateFixtures";
import { MSGID, OPENID, campaign, entry } from "../sendlog/testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/** Importing WeChat's event pushes: from the ledger page and from the send log, and the push keys. */

const OTHER = "oPtYgjmUhBel31iEl2hpChYgXyZ9";
const STRANGER = "oPtYgjmUhBel31iEl2hpChYgZzZ0";
const T0 = Date.UTC(2026, 2, 2, 6, 0, 1);
const TPL = ORDER_SHIPPED.templateId;
const PUSHES = "/data/wechat/pushes-0302.log";
const MISSING = "/data/wechat/pushes-0303.log";

/** A sent message (1) and one whose outcome is unknown (2), as the log holds them. */
function log() {
  return [entry({ id: 1 }), entry({ id: 2, openid: OTHER, status: "unknown", errcode: -2, errmsg: "timed out", msgid: null })];
}

/**
 * The company's logged pushes: the receipt of 1 (twice: WeChat retried it), one proving 2 was
 * accepted, one of a message another system sent, a popup accept, an encrypted push, a
 * truncated one and two of other kinds.
 */
const FILE: FakePushFile = {
  pushes: [
    receiptPush(OPENID, TPL, MSGID, T0 + 5_000),
    receiptPush(OPENID, TPL, MSGID, T0 + 5_000),
    receiptPush(OTHER, TPL, "2097683633284150000", T0 + 60_000),
    receiptPush(STRANGER, TPL, "2097683633284159999", T0 + 70_000),
    popupPush(OPENID, TPL, true, T0 - 60_000),
    { ...popupPush(STRANGER, TPL, true, T0), sealed: true },
  ],
  problems: [{ line: 7, offset: 1834, kind: "truncated", detail: "" }],
  other: 2,
};

function render(path: string) {
  return renderApp(
    path,
    {
      logEntries: log(),
      campaigns: [campaign({ id: 7 })],
      templates: { [REAL_ACCOUNT.id]: [ORDER_SHIPPED] },
      pushFiles: { [PUSHES]: FILE },
      pickedEventFiles: [PUSHES, MISSING],
    },
    FAST_USER,
  );
}

describe("importing event pushes", () => {
  it("takes in the sandbox's own pushes for the sandbox account, and offers it to no other", async () => {
    const { user, backend } = renderApp("/ledger", { prefs: { language: "zh-CN", theme: "light", showSandbox: true, selectedAccountId: SANDBOX_ACCOUNT.id } }, FAST_USER);
    await appReady();
    await user.click(await screen.findByTestId("events-import-sandbox"));
    await screen.findByTestId("events-summary");
    expect(backend.callsTo("import_sandbox_events")[0]?.args).toEqual({ accountId: SANDBOX_ACCOUNT.id });
  }, 30_000);


  it("imports typed paths and says what each count means, with the pushes that could not be read", async () => {
    const { user, backend } = render("/ledger");
    await appReady();
    await screen.findByTestId("page-ledger");
    const submit = screen.getByTestId("events-import-submit");
    expect(submit).toBeDisabled();
    expect(screen.queryByTestId("events-import-sandbox")).toBeNull();
    fireEvent.change(screen.getByTestId("events-import-path"), { target: { value: `  ${PUSHES}\n\n${MISSING}\n` } });
    await user.click(submit);

    const summary = await screen.findByTestId("events-summary");
    expect(backend.callsTo("import_events")[0]?.args).toEqual({ accountId: REAL_ACCOUNT.id, files: [PUSHES, MISSING] });
    expect(within(summary).getByTestId("events-summary-read")).toHaveTextContent("读取 5 条事件，新增 4 条，重复 1 条（以前导入过）。");
    expect(within(summary).getByTestId("events-summary-receipts")).toHaveTextContent(
      "送达回执：2 条对上了发送记录（其中 1 条原本结果未知的已确认送出），1 条没有对应的发送记录。",
    );
    expect(within(summary).getByTestId("events-summary-subscriptions")).toHaveTextContent("订阅变化 1 条");
    expect(within(summary).getByTestId("events-summary-other")).toHaveTextContent("其他推送 2 条");
    expect(within(summary).getByTestId("events-summary-malformed")).toHaveTextContent("无法读取 3 条。");
    expect(within(summary).getByTestId("events-summary-keys-hint")).toHaveTextContent("消息推送设置");

    const problems = within(summary).getAllByTestId("events-problem");
    expect(problems.map((row) => row.getAttribute("data-kind"))).toEqual(["truncated", "no_key", "file_unreadable"]);
    expect(problems[0]).toHaveTextContent(PUSHES);
    expect(problems[0]).toHaveTextContent("7");
    expect(problems[0]).toHaveTextContent("推送不完整（文件在此处被截断）");
    expect(problems[1]).toHaveTextContent("加密推送但未设置 EncodingAESKey");
    // A file that cannot be opened is one problem about the whole file, its system message folded away.
    expect(problems[2]).toHaveTextContent(MISSING);
    expect(problems[2]).toHaveTextContent("整个文件");
    expect(problems[2]).toHaveTextContent("文件无法打开");
    expect(within(problems[2]).getByText("技术细节").closest("details")).not.toHaveAttribute("open");

    // The unknown send is now sent, confirmed by its receipt.
    expect(backend.logEntries.find((e) => e.id === 2)).toMatchObject({ status: "sent", confirmedByReceipt: true, delivery: "delivered" });
  }, 30_000);

  it("is one click away from the send log, whose rows then show the receipts", async () => {
    const { user } = render("/log");
    await appReady();
    await screen.findByTestId("log-row-2");
    expect(screen.getByTestId("log-delivery-1")).toHaveTextContent("无回执");
    expect(screen.queryByTestId("log-delivery-2")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("log-import-events"));
    const modal = await screen.findByTestId("events-import-modal");
    expect(within(modal).getByTestId("events-import-account")).toHaveTextContent(`导入到账号「${REAL_ACCOUNT.name}」`);
    // The native dialog fills the paths in; the import starts on 导入.
    await user.click(within(modal).getByTestId("events-import-choose"));
    await waitFor(() => expect(within(modal).getByTestId("events-import-path")).toHaveValue(`${PUSHES}\n${MISSING}`));
    await user.click(within(modal).getByTestId("events-import-submit"));
    expect(await within(modal).findByTestId("events-summary")).toHaveAttribute("data-matched", "2");

    await waitFor(() => expect(screen.getByTestId("log-delivery-1")).toHaveTextContent("已送达"));
    expect(screen.getByTestId("log-delivery-2")).toHaveTextContent("已送达");
    expect(screen.getByTestId("log-row-2")).toHaveTextContent("已发送");
  }, 30_000);
});

describe("message push settings", () => {
  const AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

  it("never shows the keys, refuses what the core refuses under the field, saves both, and removes them", async () => {
    const { user, backend } = render("/ledger");
    await appReady();
    const card = await screen.findByTestId("push-keys");
    await waitFor(() => expect(within(card).getByTestId("push-keys-token-status")).toHaveTextContent("未设置"));
    expect(within(card).getByTestId("push-keys-aes-key-status")).toHaveTextContent("未设置");
    expect(card).toHaveTextContent("开发管理 → 消息推送");
    expect(within(card).getByTestId("push-keys-token")).toHaveAttribute("type", "password");
    expect(within(card).getByTestId("push-keys-save")).toBeDisabled();

    await user.type(within(card).getByTestId("push-keys-token"), "pushdesk2026");
    await user.type(within(card).getByTestId("push-keys-aes-key"), "0123456789");
    await user.click(within(card).getByTestId("push-keys-save"));
    expect(await within(card).findByTestId("push-keys-aes-key-error")).toHaveTextContent("EncodingAESKey 是 43 位字母或数字");
    expect(within(card).getByTestId("push-keys-aes-key-error")).not.toHaveTextContent("aesKey:");
    expect(within(card).queryByTestId("push-keys-token-error")).not.toBeInTheDocument();
    expect(backend.pushKeys[REAL_ACCOUNT.id]).toBeUndefined();

    await user.clear(within(card).getByTestId("push-keys-aes-key"));
    expect(within(card).queryByTestId("push-keys-aes-key-error")).not.toBeInTheDocument();
    await user.type(within(card).getByTestId("push-keys-aes-key"), AES_KEY);
    await user.click(within(card).getByTestId("push-keys-save"));
    await waitFor(() => expect(within(card).getByTestId("push-keys-aes-key-status")).toHaveTextContent("已设置"));
    expect(within(card).getByTestId("push-keys-token-status")).toHaveTextContent("已设置");
    expect(backend.pushKeys[REAL_ACCOUNT.id]).toEqual({ token: "pushdesk2026", aesKey: AES_KEY });
    // Written once, never shown again.
    expect(within(card).getByTestId("push-keys-token")).toHaveValue("");
    expect(within(card).getByTestId("push-keys-aes-key")).toHaveValue("");

    await user.click(within(card).getByTestId("push-keys-remove"));
    await user.click(await screen.findByTestId("push-keys-remove-confirm"));
    await waitFor(() => expect(within(card).getByTestId("push-keys-token-status")).toHaveTextContent("未设置"));
    expect(backend.callsTo("set_push_keys").at(-1)?.args).toEqual({ accountId: REAL_ACCOUNT.id, token: null, aesKey: null });
    expect(backend.pushKeys[REAL_ACCOUNT.id]).toBeUndefined();
  }, 30_000);

  it("puts a refused Token under the Token", async () => {
    const { user } = render("/ledger");
    await appReady();
    const card = await screen.findByTestId("push-keys");
    await user.type(within(card).getByTestId("push-keys-token"), "ab");
    await user.click(within(card).getByTestId("push-keys-save"));
    expect(await within(card).findByTestId("push-keys-token-error")).toHaveTextContent("Token 是 3 到 32 位字母或数字");
  }, 30_000);
});
