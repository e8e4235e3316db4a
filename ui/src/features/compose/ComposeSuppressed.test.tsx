import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ComposeDraft } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";

/** A single send from Compose to someone on the do-not-contact list is refused by the core. */

const OPENID = "oPtYgjmUhBel31iEl2hpChYgCfrL";
const DRAFT: ComposeDraft = {
  accountId: REAL_ACCOUNT.id,
  templateId: ORDER_SHIPPED.templateId,
  message: {
    values: { thing1: "拿铁咖啡", character_string2: "20261124000123", phrase3: "已发货", time4: "2026-11-24 10:00", amount5: "￥32.00" },
    page: null,
    miniprogramState: "formal",
    lang: "zh_CN",
  },
  openid: OPENID,
  placeholders: {},
};

async function openCompose(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp(
    "/compose",
    {
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      composeDraft: DRAFT,
      suppressed: { [REAL_ACCOUNT.id]: [{ openid: OPENID, source: "manual", note: "工单 1234", addedBy: "xiaowang", addedAt: Date.UTC(2026, 2, 1) }] },
      ...overrides,
    },
    FAST_USER,
  );
  await appReady();
  await screen.findByTestId("page-compose");
  await waitFor(() => expect(screen.getByTestId("compose-send")).toBeEnabled());
  return view;
}

describe("compose and the do-not-contact list", () => {
  it("shows the core's refusal in Chinese, sends nothing, and leads to the list with the openid searched", async () => {
    const { user, backend } = await openCompose();
    await user.click(screen.getByTestId("compose-send"));
    const alert = await screen.findByTestId("compose-send-error");
    expect(alert).toHaveTextContent("发送失败 · 输入有误");
    expect(alert).toHaveTextContent(`${OPENID} 在这个账号的免打扰名单中，不会给他发送。如果他同意再接收消息，请先把他从免打扰名单中移除`);
    expect(screen.queryByTestId("compose-result")).not.toBeInTheDocument();
    expect(backend.logEntries).toEqual([]);

    await user.click(await within(alert).findByTestId("compose-open-suppression"));
    await screen.findByTestId("page-suppression");
    expect(window.location.hash).toBe(`#/suppression?search=${OPENID}`);
    await waitFor(() => expect(screen.getAllByTestId("suppression-row").map((row) => row.getAttribute("data-openid"))).toEqual([OPENID]));
  });

  it("offers no way to the list when the refusal is about something else", async () => {
    const { user, backend } = await openCompose({ suppressed: {}, failures: { send_now: { code: "invalid_input", message: "values: something else" } } });
    await user.click(screen.getByTestId("compose-send"));
    const alert = await screen.findByTestId("compose-send-error");
    expect(alert).toHaveTextContent("values: something else");
    // The list was asked, and does not hold the openid.
    await waitFor(() => expect(backend.callsTo("suppression_list")).toEqual([{ cmd: "suppression_list", args: { accountId: REAL_ACCOUNT.id, search: OPENID } }]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId("compose-open-suppression")).not.toBeInTheDocument();
  });

  it("still sends to the test list, which the list does not affect", async () => {
    const { user } = await openCompose({ testRecipients: { [REAL_ACCOUNT.id]: [{ openid: OPENID, note: "小王的手机" }] } });
    await user.click(screen.getByTestId("compose-target-test"));
    await waitFor(() => expect(screen.getByTestId("compose-send")).toBeEnabled());
    await user.click(screen.getByTestId("compose-send"));
    const result = await screen.findByTestId("compose-result");
    expect(within(result).getByTestId(`compose-result-${OPENID}`)).toHaveTextContent("已发送");
    expect(screen.queryByTestId("compose-send-error")).not.toBeInTheDocument();
  });

  it("says it in English too", async () => {
    const { user } = await openCompose({ prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null } });
    await user.click(screen.getByTestId("compose-send"));
    const alert = await screen.findByTestId("compose-send-error");
    expect(alert).toHaveTextContent(`${OPENID} is on this account's suppression list, so nothing is sent to them`);
    expect(await within(alert).findByTestId("compose-open-suppression")).toHaveTextContent("Open the do-not-contact list");
  });
});
