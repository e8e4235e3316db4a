import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ComposeDraft, Preferences } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";
import { entry } from "../sendlog/testing/fixtures";

/**
 * A single send the core skips (the person reached the account's frequency cap) comes back
 * `skipped` with the core's reason stored as "{zh} / {en}": the UI shows its own language's half.
 */

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
const ENGLISH: Preferences = { language: "en", theme: "light", showSandbox: true, selectedAccountId: null };

async function sendCapped(prefs?: Preferences) {
  const view = renderApp(
    "/compose",
    {
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      composeDraft: DRAFT,
      frequencyCaps: { [REAL_ACCOUNT.id]: { maxMessages: 1, perDays: 7 } },
      // Yesterday's message: the one the cap allows this week.
      logEntries: [entry({ id: 1, openid: OPENID, startedAt: Date.now() - 24 * 60 * 60 * 1000 })],
      ...(prefs ? { prefs } : {}),
    },
    FAST_USER,
  );
  await appReady();
  await screen.findByTestId("page-compose");
  await waitFor(() => expect(screen.getByTestId("compose-send")).toBeEnabled());
  await view.user.click(screen.getByTestId("compose-send"));
  const row = within(await screen.findByTestId("compose-result")).getByTestId(`compose-result-${OPENID}`);
  expect(row).toHaveAttribute("data-state", "skipped");
  return row;
}

describe("a single send skipped by the frequency cap", () => {
  it("shows the reason in Chinese only", async () => {
    const row = await sendCapped();
    expect(row).toHaveTextContent("已跳过");
    expect(within(row).getByTestId(`compose-result-reason-${OPENID}`)).toHaveTextContent(/^已达到频次上限：7 天内最多 1 条（已跳过）$/);
    expect(row).not.toHaveTextContent("frequency cap");
    expect(row).not.toHaveTextContent(" / ");
  });

  it("shows the reason in English only", async () => {
    const row = await sendCapped(ENGLISH);
    expect(within(row).getByTestId(`compose-result-reason-${OPENID}`)).toHaveTextContent(/^frequency cap reached: at most 1 in 7 days \(skipped\)$/);
    expect(row).not.toHaveTextContent("频次上限");
  });
});
