import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import type { FakeTable } from "../../test/fakeDrafts";
import { resetEvents } from "../../test/fakeEvents";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";
import { GBK_FILE } from "./testing/fixtures";
import { readPickedList } from "./testing/wizardSteps";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/**
 * The report's problems open their row (`preview_draft_row`): rendered the way the row-by-row
 * preview shows rows, with everything that keeps it from being sent; any row of the list, not
 * only the first 20 the preview holds.
 */

const PATH = "/home/test/会员.csv";
const openid = (n: number) => `oPtYgjmUhBel31iEl2hpCh${String(n).padStart(6, "0")}`;
const good = (n: number) => [openid(n), `拿铁咖啡 ${n}`, `2026112400${n}`, "已发货", "2026-11-24 10:00", "￥32.00"];

/** 30 rows (2–31), every keyword in its own column: row 24 has a broken openid and no product, row 27 no status, row 30 repeats row 2. */
function file(): FakeTable {
  const rows = Array.from({ length: 30 }, (_, i) => good(i));
  rows[22] = ["broken", "", "20261124000022", "已发货", "2026-11-24 10:00", "￥32.00"];
  rows[25] = [openid(25), "摩卡", "20261124000025", "", "2026-11-24 10:00", "￥32.00"];
  rows[28] = good(0);
  return { format: "csv", encoding: "utf8", delimiter: ",", headers: ["openid", ...ORDER_SHIPPED.keywords.map((k) => k.key)], rows };
}

async function openReport(table: FakeTable = file(), prefs?: { language: "en" | "zh-CN" }, invalid = 2) {
  const view = renderApp(
    "/campaigns/new",
    {
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      files: { [PATH]: table },
      pickedFile: PATH,
      ...(prefs ? { prefs: { language: prefs.language, theme: "light", showSandbox: true, selectedAccountId: null } } : {}),
    },
    FAST_USER,
  );
  await appReady();
  const report = await readPickedList(view.user, PATH);
  await waitFor(() => expect(within(report).getByTestId("campaign-report-invalid")).toHaveAttribute("data-value", String(invalid)));
  return view;
}

describe("opening a problem's row", () => {
  it("shows a row beyond the first 20 rendered, with its problems", async () => {
    const { user, backend } = await openReport();
    // The row-by-row preview holds the first 20 rows only.
    expect(within(screen.getByTestId("campaign-preview")).getByTestId("campaign-preview-position")).toHaveTextContent("1 / 20");
    // One link per row: row 24 has two problems.
    expect(screen.getAllByTestId("campaign-problem-preview-24")).toHaveLength(1);

    await user.click(screen.getByTestId("campaign-problem-preview-24"));
    const shown = await screen.findByTestId("campaign-row-preview");
    expect(shown).toHaveAttribute("data-row", "24");
    await waitFor(() => expect(within(shown).getByTestId("campaign-row-preview-row")).toHaveAttribute("data-state", "skipped"));
    expect(within(shown).getByTestId("campaign-row-preview-row")).toHaveTextContent("第 24 行");
    expect(within(shown).getByTestId("campaign-row-preview-reason")).toHaveTextContent("openid 格式不对");
    // The card, as the preview draws it: the values this row has.
    expect(shown).toHaveTextContent("20261124000022");
    const problems = within(shown).getAllByTestId("campaign-row-preview-problem");
    expect(problems.map((p) => p.dataset.kind)).toEqual(["invalid_openid", "missing_value"]);
    expect(problems[1]).toHaveTextContent("「商品名称」没有值");
    expect(within(shown).queryByTestId("campaign-row-preview-ok")).not.toBeInTheDocument();
    expect(backend.callsTo("preview_draft_row").at(-1)?.args).toEqual({ id: Number(Object.keys(backend.drafts)[0]), rowNo: 24 });
  });

  it("opens from the keyboard, and a flagged row shows no problems of its own", async () => {
    const { user } = await openReport();
    screen.getByTestId("campaign-problem-preview-27").focus();
    await user.keyboard("{Enter}");
    const bad = await screen.findByTestId("campaign-row-preview");
    expect(bad).toHaveAttribute("data-row", "27");
    await waitFor(() => expect(within(bad).getAllByTestId("campaign-row-preview-problem")).toHaveLength(1));
    expect(within(bad).getByTestId("campaign-row-preview-problem")).toHaveTextContent("「物流状态」没有值");

    // The repeated openid: skipped, but nothing in the row is wrong.
    await user.click(screen.getByTestId("campaign-problem-preview-30"));
    await waitFor(() => expect(screen.getByTestId("campaign-row-preview")).toHaveAttribute("data-row", "30"));
    const flagged = screen.getByTestId("campaign-row-preview");
    await waitFor(() => expect(within(flagged).getByTestId("campaign-row-preview-ok")).toBeInTheDocument());
    expect(within(flagged).queryByTestId("campaign-row-preview-problem")).not.toBeInTheDocument();
    expect(within(flagged).getByTestId("campaign-row-preview-reason")).toHaveTextContent("与第 2 行的 openid 重复");
  });

  it("shows a row that will be sent with no problems, and closes when the list is validated again", async () => {
    const { user } = await openReport();
    await user.click(screen.getByTestId("campaign-problem-preview-30"));
    await waitFor(() => expect(screen.getByTestId("campaign-row-preview-row")).toHaveAttribute("data-state", "skipped"));
    // Repeats sent too: a new validation, and the row opened for the old one closes.
    await user.click(screen.getByTestId("campaign-skip-duplicates"));
    await user.click(screen.getByTestId("campaign-validate"));
    await waitFor(() => expect(screen.queryByTestId("campaign-row-preview")).not.toBeInTheDocument());
    await waitFor(() => expect(screen.queryByTestId("campaign-report-stale")).not.toBeInTheDocument());

    await user.click(screen.getByTestId("campaign-problem-preview-30"));
    const shown = await screen.findByTestId("campaign-row-preview");
    await waitFor(() => expect(within(shown).getByTestId("campaign-row-preview-row")).toHaveAttribute("data-state", "pending"));
    expect(within(shown).getByTestId("campaign-row-preview-state")).toHaveTextContent("将发送");
    expect(within(shown).getByTestId("campaign-row-preview-ok")).toHaveTextContent("这一行没有问题，会发送。");
    expect(within(shown).queryByTestId("campaign-row-preview-problem")).not.toBeInTheDocument();
    expect(within(shown).queryByTestId("campaign-row-preview-reason")).not.toBeInTheDocument();
    await user.click(within(screen.getByTestId("campaign-row-preview-drawer")).getByRole("button", { name: /close|关闭/i }));
    await waitFor(() => expect(screen.queryByTestId("campaign-row-preview")).not.toBeInTheDocument());
  });

  it("says which row the list does not have, in English too", async () => {
    const { user, backend } = await openReport(file(), { language: "en" });
    backend.previewRow = () => null;
    await user.click(screen.getByTestId("campaign-problem-preview-24"));
    const error = await screen.findByTestId("campaign-row-preview-error");
    expect(error).toHaveTextContent("row of the list not found: 24");
    expect(screen.getByTestId("campaign-row-preview-drawer")).toHaveTextContent("Row 24");
  });

  it("offers the keyword's example as the fixed value's placeholder", async () => {
    const headers = ["openid", "thing1"];
    await openReport({ ...GBK_FILE, headers, rows: [[openid(1), "拿铁"], ["broken", "摩卡"], ["bad", "美式"]] }, undefined, 3);
    expect(screen.getByTestId("campaign-value-amount5")).toHaveAttribute("placeholder", "或填写固定值，例如：￥89.00");
    expect(screen.getByTestId("campaign-value-thing1")).not.toHaveAttribute("placeholder", expect.stringContaining("例如"));
  });
});
