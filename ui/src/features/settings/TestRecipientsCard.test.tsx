import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";

const OPENID = "oPtYgjmUhBel31iEl2hpChYgCfrL";
const SAVED = { openid: "oCCCCCCCCCCCCCCCCCCCCCCCCCCC", note: "旧手机" };
// A page can take longer than findBy's 1 s to appear on a busy 2-core machine.
const PAGE_SHOWN = { timeout: 10_000 };

/** Settings with one saved entry, and a second one added but not saved. */
async function addUnsaved(options: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp("/settings", { testRecipients: { [REAL_ACCOUNT.id]: [SAVED] }, ...options }, FAST_USER);
  await appReady();
  const { user } = view;
  await user.type(await screen.findByTestId("test-recipients-openid"), OPENID);
  await user.type(screen.getByTestId("test-recipients-note"), "小王的手机");
  await user.click(screen.getByTestId("test-recipients-add"));
  expect(screen.getByTestId("test-recipients-unsaved")).toBeInTheDocument();
  return view;
}

const stored = (backend: Awaited<ReturnType<typeof addUnsaved>>["backend"]) => backend.testRecipients[REAL_ACCOUNT.id];

// Regression (bug 2): entries added in Settings vanished, without a word, when the user went to
// another page before pressing 保存名单.
describe("leaving Settings with unsaved test-list entries (bug 2)", () => {
  it("asks before the side menu leaves; keeping on editing stays with the entry", async () => {
    const { user, backend } = await addUnsaved();
    await user.click(screen.getByTestId("nav-templates"));
    const dialog = await screen.findByTestId("leave-confirm");
    expect(dialog).toHaveTextContent("测试名单还没有保存");
    expect(dialog).toHaveTextContent(`「${REAL_ACCOUNT.name}」的测试名单里刚添加或移除的 openid 还没有保存`);
    expect(within(dialog).getByTestId("leave-confirm-save")).toHaveTextContent("保存");
    expect(within(dialog).getByTestId("leave-confirm-discard")).toHaveTextContent("放弃更改");
    expect(within(dialog).getByTestId("leave-confirm-stay")).toHaveTextContent("继续编辑");

    await user.click(within(dialog).getByTestId("leave-confirm-stay"));
    await waitFor(() => expect(screen.queryByTestId("leave-confirm")).not.toBeInTheDocument());
    expect(screen.getByTestId("page-settings")).toBeInTheDocument();
    expect(screen.getByTestId(`test-recipient-${OPENID}`)).toHaveTextContent("小王的手机");
    expect(screen.getByTestId("test-recipients-unsaved")).toBeInTheDocument();
    expect(backend.callsTo("set_test_recipients")).toHaveLength(0);
  });

  it("saves the list from the question, then goes where the user clicked", async () => {
    const { user, backend } = await addUnsaved();
    await user.click(screen.getByTestId("nav-templates"));
    await user.click(within(await screen.findByTestId("leave-confirm")).getByTestId("leave-confirm-save"));
    expect(await screen.findByTestId("page-templates", {}, PAGE_SHOWN)).toBeInTheDocument();
    expect(backend.callsTo("set_test_recipients")[0]?.args).toEqual({
      accountId: REAL_ACCOUNT.id,
      recipients: [SAVED, { openid: OPENID, note: "小王的手机" }],
    });

    // Coming back shows the list as saved.
    await user.click(screen.getByTestId("nav-settings"));
    expect(await screen.findByTestId(`test-recipient-${OPENID}`)).toHaveTextContent("小王的手机");
    expect(screen.queryByTestId("test-recipients-unsaved")).not.toBeInTheDocument();
  });

  it("leaves without saving when the user discards the changes", async () => {
    const { user, backend } = await addUnsaved();
    await user.click(screen.getByTestId(`test-recipients-remove-${SAVED.openid}`));
    await user.click(screen.getByTestId("nav-templates"));
    await user.click(within(await screen.findByTestId("leave-confirm")).getByTestId("leave-confirm-discard"));
    expect(await screen.findByTestId("page-templates", {}, PAGE_SHOWN)).toBeInTheDocument();
    expect(backend.callsTo("set_test_recipients")).toHaveLength(0);
    expect(stored(backend)).toEqual([SAVED]);
  });

  it("stays on Settings, with the reason, when saving from the question fails", async () => {
    const { user, backend } = await addUnsaved({
      failures: {
        set_test_recipients: { code: "invalid_input", message: `openid: "${OPENID}" is not an openid`, messageZh: `openid: 「${OPENID}」不是 openid` },
      },
    });
    await user.click(screen.getByTestId("nav-templates"));
    await user.click(within(await screen.findByTestId("leave-confirm")).getByTestId("leave-confirm-save"));
    const error = await screen.findByTestId("test-recipients-error");
    expect(error).toHaveTextContent(`openid: 「${OPENID}」不是 openid`);
    await waitFor(() => expect(screen.queryByTestId("leave-confirm")).not.toBeInTheDocument());
    expect(screen.getByTestId("page-settings")).toBeInTheDocument();
    expect(screen.getByTestId(`test-recipient-${OPENID}`)).toBeInTheDocument();
    expect(screen.getByTestId("test-recipients-unsaved")).toBeInTheDocument();
    expect(stored(backend)).toEqual([SAVED]);
  });

  it("leaves without asking once the list is saved", async () => {
    const { user } = await addUnsaved();
    await user.click(screen.getByTestId("test-recipients-save"));
    expect(await screen.findByTestId("test-recipients-saved")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-templates"));
    expect(await screen.findByTestId("page-templates", {}, PAGE_SHOWN)).toBeInTheDocument();
    expect(screen.queryByTestId("leave-confirm")).not.toBeInTheDocument();
  });

  it("has the window warn before it is closed or reloaded with unsaved entries, and only then", async () => {
    const { user } = await addUnsaved();
    const closing = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(closing);
    expect(closing.defaultPrevented).toBe(true);

    await user.click(screen.getByTestId("test-recipients-save"));
    expect(await screen.findByTestId("test-recipients-saved")).toBeInTheDocument();
    const closingSaved = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(closingSaved);
    expect(closingSaved.defaultPrevented).toBe(false);
  });

  it("asks in English too", async () => {
    const { user } = await addUnsaved({ prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null } });
    await user.click(screen.getByTestId("nav-templates"));
    const dialog = await screen.findByTestId("leave-confirm");
    expect(dialog).toHaveTextContent("The test list is not saved");
    expect(within(dialog).getByTestId("leave-confirm-save")).toHaveTextContent("Save");
    expect(within(dialog).getByTestId("leave-confirm-discard")).toHaveTextContent("Discard changes");
    expect(within(dialog).getByTestId("leave-confirm-stay")).toHaveTextContent("Keep editing");
  });
});

async function openSettings(options: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp("/settings", options, FAST_USER);
  await appReady();
  const card = await screen.findByTestId("test-recipients");
  return { ...view, card };
}

describe("test openids card (Settings)", () => {
  it("adds, removes and saves the selected account's test openids", async () => {
    const { user, backend, card } = await openSettings({
      testRecipients: { [REAL_ACCOUNT.id]: [{ openid: "oCCCCCCCCCCCCCCCCCCCCCCCCCCC", note: "旧手机" }] },
    });
    expect(await within(card).findByText("旧手机")).toBeInTheDocument();
    expect(screen.getByTestId("test-recipients-save")).toBeDisabled();

    await user.type(screen.getByTestId("test-recipients-openid"), OPENID);
    await user.type(screen.getByTestId("test-recipients-note"), "小王的手机");
    await user.click(screen.getByTestId("test-recipients-add"));
    await user.click(screen.getByTestId("test-recipients-remove-oCCCCCCCCCCCCCCCCCCCCCCCCCCC"));
    expect(screen.getByTestId("test-recipients-unsaved")).toBeInTheDocument();
    expect(backend.callsTo("set_test_recipients")).toHaveLength(0);

    await user.click(screen.getByTestId("test-recipients-save"));
    expect(await screen.findByTestId("test-recipients-saved")).toBeInTheDocument();
    expect(backend.callsTo("set_test_recipients")[0]?.args).toEqual({
      accountId: REAL_ACCOUNT.id,
      recipients: [{ openid: OPENID, note: "小王的手机" }],
    });
    expect(within(card).getByTestId(`test-recipient-${OPENID}`)).toHaveTextContent("小王的手机");
  });

  it("refuses what is not an openid before saving", async () => {
    const { user, backend } = await openSettings();
    await user.type(await screen.findByTestId("test-recipients-openid"), "abc");
    await user.click(screen.getByTestId("test-recipients-add"));
    expect(await screen.findByText(/openid 格式不对/)).toBeInTheDocument();
    expect(screen.getByTestId("test-recipients-save")).toBeDisabled();
    expect(backend.callsTo("set_test_recipients")).toHaveLength(0);
  });

  it("shows the backend's invalid_input message", async () => {
    const { user } = await openSettings({
      failures: {
        set_test_recipients: { code: "invalid_input", message: `openid: "${OPENID}" is not an openid`, messageZh: `openid: 「${OPENID}」不是 openid` },
      },
    });
    await user.type(await screen.findByTestId("test-recipients-openid"), OPENID);
    await user.click(screen.getByTestId("test-recipients-add"));
    await user.click(screen.getByTestId("test-recipients-save"));
    const error = await screen.findByTestId("test-recipients-error");
    expect(error).toHaveTextContent("保存失败 · 输入有误");
    expect(error).toHaveTextContent(`openid: 「${OPENID}」不是 openid`);
    await waitFor(() => expect(screen.getByTestId("test-recipients-unsaved")).toBeInTheDocument());
    expect(screen.queryByTestId("error-notification")).not.toBeInTheDocument();
  });
});
