import { invoke } from "@tauri-apps/api/core";
import { describe, expect, it } from "vitest";
import type { AppError, DraftRowPreview, ProblemKind } from "../bindings";
import { REAL_ACCOUNT, installFakeBackend } from "./fakeBackend";
import { fakeDraftRow, fakePlan, type FakeDraft } from "./fakeDrafts";
import { NO_HISTORY } from "./fakeSuppression";
import { ORDER_SHIPPED } from "./templateFixtures";

/** Flags (the core's `ProblemKind::is_invalid` is false): a flagged row is not unsendable. */
const FLAGS: readonly ProblemKind[] = ["duplicate", "unsubscribed", "recently_sent", "suppressed", "frequency_capped"];

const openid = (n: number) => `oPtYgjmUhBel31iEl2hpCh${String(n).padStart(6, "0")}`;
const good = (n: number) => [openid(n), "拿铁咖啡", `2026112400${n}`, "已发货", "2026-11-24 10:00", "￥32.00"];

/** 30 rows (rows 2–31): row 24 has a broken openid and no product, row 27 no status, row 30 repeats row 2. */
function draft(): FakeDraft {
  const rows = Array.from({ length: 30 }, (_, i) => good(i));
  rows[22] = ["broken", "", "20261124000022", "已发货", "2026-11-24 10:00", "￥32.00"];
  rows[25] = [openid(25), "拿铁咖啡", "20261124000025", "", "2026-11-24 10:00", "￥32.00"];
  rows[28] = good(0);
  return {
    id: 42,
    accountId: REAL_ACCOUNT.id,
    source: { name: "会员.csv", path: "/home/test/会员.csv", format: "csv", encoding: "utf8", delimiter: "," },
    headers: ["openid", ...ORDER_SHIPPED.keywords.map((k) => k.key)],
    rows,
    settings: {
      name: "双十一会员提醒",
      templateId: ORDER_SHIPPED.templateId,
      message: { values: {}, page: null, miniprogramState: "formal", lang: "zh_CN" },
      mapping: null,
      options: {},
      rate: 20,
      concurrency: 8,
    },
  };
}

describe("the fake preview_draft_row", () => {
  it("agrees with the fake's report on every row", () => {
    const stored = draft();
    const { report } = fakePlan(stored, ORDER_SHIPPED.keywords);
    expect(report.invalid).toBe(2);
    for (let rowNo = 2; rowNo <= stored.rows.length + 1; rowNo += 1) {
      const preview = fakeDraftRow(stored, ORDER_SHIPPED.keywords, NO_HISTORY, rowNo);
      expect(preview?.row.rowNo).toBe(rowNo);
      const invalid = report.problems.filter((p) => p.rowNo === rowNo && !FLAGS.includes(p.kind));
      expect(preview?.problems, `row ${rowNo}`).toEqual(invalid);
      const shown = report.preview.find((row) => row.rowNo === rowNo);
      if (shown) expect(preview?.row).toEqual(shown);
    }
  });

  it("renders a row beyond the report's preview with every problem that makes it unsendable", () => {
    const stored = draft();
    expect(fakePlan(stored, ORDER_SHIPPED.keywords).report.preview.map((row) => row.rowNo)).not.toContain(24);
    const bad = fakeDraftRow(stored, ORDER_SHIPPED.keywords, NO_HISTORY, 24);
    expect(bad?.row).toMatchObject({ rowNo: 24, openid: "broken", state: "skipped", data: { thing1: "", phrase3: "已发货" } });
    expect(bad?.problems.map((p) => [p.kind, p.field])).toEqual([
      ["invalid_openid", null],
      ["missing_value", "thing1"],
    ]);
    // A good row has none; a repeated openid is skipped, but nothing in it is wrong.
    expect(fakeDraftRow(stored, ORDER_SHIPPED.keywords, NO_HISTORY, 23)).toMatchObject({ row: { state: "pending", reason: null }, problems: [] });
    const repeat = fakeDraftRow(stored, ORDER_SHIPPED.keywords, NO_HISTORY, 30);
    expect(repeat).toMatchObject({ row: { state: "skipped" }, problems: [] });
    expect(repeat?.row.reason).toContain("与第 2 行的 openid 重复");
  });

  it("answers the command, and says which row the list does not have", async () => {
    const stored = draft();
    installFakeBackend({ templates: { [REAL_ACCOUNT.id]: [ORDER_SHIPPED] }, drafts: { [stored.id]: stored } });
    const row = await invoke<DraftRowPreview>("preview_draft_row", { id: stored.id, rowNo: 27 });
    expect(row.problems.map((p) => p.kind)).toEqual(["missing_value"]);
    await expect(invoke("preview_draft_row", { id: stored.id, rowNo: 32 })).rejects.toMatchObject({
      code: "not_found",
      messageZh: "名单中没有第 32 行",
    } satisfies Partial<AppError>);
    await expect(invoke("preview_draft_row", { id: 999, rowNo: 2 })).rejects.toMatchObject({ code: "not_found" });
  });
});
