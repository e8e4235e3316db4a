import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";

const OPENID = "oPtYgjmUhBel31iEl2hpChYgCfrL";

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
