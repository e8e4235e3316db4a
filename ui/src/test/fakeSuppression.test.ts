import { invoke } from "@tauri-apps/api/core";
import { describe, expect, it } from "vitest";
import type {
  AppError,
  AudienceOptions,
  CampaignPlan,
  DraftCreation,
  DraftSettings,
  FrequencyCap,
  LogEntry,
  SendNowResult,
  SuppressedEntry,
  SuppressionAdded,
  SuppressionList,
} from "../bindings";
import { NOT_SUBSCRIBED_RESULT, REAL_ACCOUNT, SANDBOX_ACCOUNT, installFakeBackend, type FakeBackend } from "./fakeBackend";
import type { FakeTable } from "./fakeDrafts";
import { NO_RECEIPT } from "./fakeSendLog";
import { openidsIn } from "./fakeSuppression";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "./templateFixtures";

/**
 * The fake's suppression list, frequency cap, repeat-send check and single-send refusal must
 * answer as the core does (`desk/contact_rules.rs`, `store/contact_rules.rs`,
 * `audience/validate.rs`, `compose.rs`): the UI's tests would otherwise pass against behaviour
 * the app does not have.
 */

const A = "oAAAAAAAAAAAAAAAAAAAAAAAAAA1";
const B = "oBBBBBBBBBBBBBBBBBBBBBBBBBB2";
const C = "oCCCCCCCCCCCCCCCCCCCCCCCCCC3";
const D = "oDDDDDDDDDDDDDDDDDDDDDDDDDD4";
const DAY = 24 * 60 * 60 * 1000;
const PATH = "/home/test/list.csv";
const VALUES = ["拿铁咖啡", "20261124000123", "已发货", "2026-11-24 10:00", "￥32.00"];

/** A list with one row per openid, every keyword in a column named by its key. */
function table(...openids: string[]): FakeTable {
  return {
    format: "csv",
    encoding: "utf8",
    delimiter: ",",
    headers: ["openid", ...ORDER_SHIPPED.keywords.map((k) => k.key)],
    rows: openids.map((openid) => [openid, ...VALUES]),
  };
}

/** An attempt in the fake's send log. */
function attempt(id: number, openid: string, partial: Partial<LogEntry> = {}): LogEntry {
  return {
    id,
    channel: "subscribe_message",
    startedAt: Date.now() - 2 * DAY,
    finishedAt: null,
    accountId: REAL_ACCOUNT.id,
    accountName: REAL_ACCOUNT.name,
    campaignId: 7,
    campaignName: "上周的活动",
    campaignKind: "campaign",
    templateId: ORDER_SHIPPED.templateId,
    templateTitle: ORDER_SHIPPED.title,
    openid,
    status: "sent",
    errcode: null,
    errmsg: null,
    rid: null,
    msgid: "1",
    attemptNo: 1,
    page: null,
    values: [],
    miniprogramState: "formal",
    lang: "zh_CN",
    explanation: null,
    ...NO_RECEIPT,
    ...partial,
  };
}

function entry(openid: string, partial: Partial<SuppressedEntry> = {}): SuppressedEntry {
  return { openid, source: "manual", note: "", addedBy: "xiaowang", addedAt: Date.UTC(2026, 2, 1), ...partial };
}

function settings(options: AudienceOptions = {}, partial: Partial<DraftSettings> = {}): DraftSettings {
  return {
    name: "复购提醒",
    templateId: ORDER_SHIPPED.templateId,
    message: { values: {}, page: null, miniprogramState: "formal", lang: "zh_CN" },
    mapping: null,
    options,
    rate: 20,
    concurrency: 8,
    ...partial,
  };
}

function install(overrides: Parameters<typeof installFakeBackend>[0] = {}): FakeBackend {
  return installFakeBackend({ templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES }, ...overrides });
}

/** Reads the file at PATH (the test's `files`) into a draft. */
async function draftOf(): Promise<number> {
  const creation = await invoke<DraftCreation>("create_draft", {
    input: { accountId: REAL_ACCOUNT.id, source: { kind: "file", path: PATH }, encoding: null, settings: settings() },
  });
  if (creation.kind !== "created") throw new Error("the draft was not made");
  return creation.draft.id;
}

async function plan(id: number, options: AudienceOptions = {}): Promise<CampaignPlan> {
  return invoke<CampaignPlan>("update_draft", { id, settings: settings(options) });
}

const refusal = (cmd: string, args: Record<string, unknown>) =>
  invoke(cmd, args).then(
    () => null,
    (error: unknown) => error as AppError,
  );

describe("the fake's suppression list", () => {
  it("splits a paste as the core does (desk/suppression.rs's own test)", () => {
    const text = 'oPtYgjmUhBel31iEl2hpChYgCfrL\r\n oAAAAAAAAAAAAAAAAAAAAAAAAAA1, "oAAAAAAAAAAAAAAAAAAAAAAAAAA1"；张三\n\n12';
    expect(openidsIn(text)).toEqual({ openids: ["oPtYgjmUhBel31iEl2hpChYgCfrL", "oAAAAAAAAAAAAAAAAAAAAAAAAAA1"], notOpenids: ["张三", "12"] });
    expect(openidsIn(`${A}、${B} ${C};${D}，${A}`).openids).toEqual([A, B, C, D]);
  });

  it("adds each openid once, keeps an entry already there, and names the pieces that are not openids", async () => {
    const backend = install({ suppressed: { [REAL_ACCOUNT.id]: [entry(B, { note: "老的备注" })] } });
    const added = await invoke<SuppressionAdded>("suppress", { accountId: REAL_ACCOUNT.id, text: `${A}\n${B}\n${A}\n张三`, note: "  工单 1234 " });
    expect(added).toEqual({ added: 1, already: 1, notOpenids: ["张三"] });
    const list = backend.suppressed[REAL_ACCOUNT.id] ?? [];
    expect(list.find((e) => e.openid === A)).toMatchObject({ source: "manual", note: "工单 1234", addedBy: "tester" });
    expect(list.find((e) => e.openid === B)).toMatchObject({ note: "老的备注", addedBy: "xiaowang" });
  });

  it("refuses a paste without any openid with invalid_openid, before looking at the account", async () => {
    install();
    await expect(refusal("suppress", { accountId: 99, text: "张三, 12", note: "" })).resolves.toEqual({
      code: "invalid_openid",
      message: "no openid found: paste one openid per line (28 letters, digits, - or _)",
      messageZh: "没有找到 openid：请每行粘贴一个 openid（由 28 位字母、数字、- 或 _ 组成）",
    });
    await expect(refusal("suppress", { accountId: 99, text: A, note: "" })).resolves.toMatchObject({ code: "not_found" });
    await expect(refusal("suppression_list", { accountId: 99, search: "" })).resolves.toMatchObject({ code: "not_found" });
  });

  it("lists newest first, searches openid and note as SQLite's LIKE does, and counts total and matching", async () => {
    install({
      suppressed: {
        [REAL_ACCOUNT.id]: [
          entry(A, { addedAt: 1, note: "工单 1234" }),
          entry(B, { addedAt: 3 }),
          entry(C, { addedAt: 2, note: "VIP 客户" }),
        ],
        [SANDBOX_ACCOUNT.id]: [entry(D)],
      },
      suppressRefusals: { [REAL_ACCOUNT.id]: true },
    });
    const all = await invoke<SuppressionList>("suppression_list", { accountId: REAL_ACCOUNT.id, search: "" });
    expect(all.entries.map((e) => e.openid)).toEqual([B, C, A]);
    expect(all).toMatchObject({ total: 3, matching: 3, suppressRefusals: true });
    const byNote = await invoke<SuppressionList>("suppression_list", { accountId: REAL_ACCOUNT.id, search: " vip " });
    expect(byNote).toMatchObject({ total: 3, matching: 1, entries: [{ openid: C }] });
    const byOpenid = await invoke<SuppressionList>("suppression_list", { accountId: REAL_ACCOUNT.id, search: "obbbb" });
    expect(byOpenid.entries.map((e) => e.openid)).toEqual([B]);
  });

  it("removes only what is there, and switches the auto-add setting per account", async () => {
    const backend = install({ suppressed: { [REAL_ACCOUNT.id]: [entry(A), entry(B)] } });
    expect(await invoke<number>("unsuppress", { accountId: REAL_ACCOUNT.id, openids: [A, C, A] })).toBe(1);
    expect(backend.suppressed[REAL_ACCOUNT.id]?.map((e) => e.openid)).toEqual([B]);
    await invoke("set_suppress_refusals", { accountId: REAL_ACCOUNT.id, on: true });
    expect(backend.suppressRefusals).toEqual({ [REAL_ACCOUNT.id]: true });
  });
});

describe("the fake's validation of a draft against the history", () => {
  it("skips the suppressed always and the recently sent by default, and counts both", async () => {
    install({
      files: { [PATH]: table(A, B, C, D) },
      suppressed: { [REAL_ACCOUNT.id]: [entry(B)] },
      logEntries: [attempt(1, A), attempt(2, C, { status: "unknown" })],
    });
    const id = await draftOf();
    const report = (await plan(id)).report;
    expect(report).toMatchObject({ totalRows: 4, valid: 1, invalid: 0, recentlySent: 2, suppressed: 1, duplicates: 0, problemsTotal: 3 });
    expect(report.problems).toEqual([
      {
        rowNo: 2,
        column: "openid",
        field: null,
        kind: "recently_sent",
        reasonZh: "最近 7 天内已给该用户发过这个模板，或未完成的任务中有他（已跳过）",
        reasonEn: "this template went to this user in the last 7 days, or an unfinished campaign includes them (skipped)",
      },
      {
        rowNo: 3,
        column: "openid",
        field: null,
        kind: "suppressed",
        reasonZh: "该用户在免打扰名单中（已跳过）",
        reasonEn: "this user is on the suppression list (skipped)",
      },
      expect.objectContaining({ rowNo: 4, kind: "recently_sent" }),
    ]);
    expect(report.preview.map((row) => row.state)).toEqual(["skipped", "skipped", "skipped", "pending"]);
    expect(report.preview[1]?.reason).toBe("该用户在免打扰名单中（已跳过） / this user is on the suppression list (skipped)");
  });

  it("sends the recently sent anyway when asked, flagged; the suppressed never", async () => {
    install({ files: { [PATH]: table(A, B) }, suppressed: { [REAL_ACCOUNT.id]: [entry(B)] }, logEntries: [attempt(1, A)] });
    const id = await draftOf();
    const report = (await plan(id, { skipRecent: false, recentDays: 30 })).report;
    expect(report).toMatchObject({ valid: 1, recentlySent: 1, suppressed: 1 });
    expect(report.problems[0]).toMatchObject({
      kind: "recently_sent",
      reasonZh: "最近 30 天内已给该用户发过这个模板，或未完成的任务中有他（仍会发送）",
      reasonEn: "this template went to this user in the last 30 days, or an unfinished campaign includes them (sent anyway)",
    });
    expect(report.preview[0]).toMatchObject({ state: "pending", reason: null });
  });

  it("looks back exactly recentDays, not at all for 0, and counts neither test sends, failures nor other templates", async () => {
    install({
      files: { [PATH]: table(A, B, C, D) },
      logEntries: [
        attempt(1, A, { startedAt: Date.now() - 3 * DAY }),
        attempt(2, B, { campaignKind: "test" }),
        attempt(3, C, { status: "failed" }),
        attempt(4, D, { templateId: "another-template" }),
        attempt(5, D, { accountId: SANDBOX_ACCOUNT.id }),
      ],
    });
    const id = await draftOf();
    expect((await plan(id)).report).toMatchObject({ recentlySent: 1, valid: 3 });
    expect((await plan(id, { recentDays: 2 })).report).toMatchObject({ recentlySent: 0, valid: 4 });
    expect((await plan(id, { recentDays: 0 })).report).toMatchObject({ recentlySent: 0, valid: 4 });
    // The single sends of Compose count: they are not test sends.
    expect((await plan(id, { recentDays: 4 })).report.recentlySent).toBe(1);
  });

  it("checks in the core's order: duplicate, suppressed, recently sent, unsubscribed", async () => {
    install({
      files: { [PATH]: table(A, A, B, C) },
      suppressed: { [REAL_ACCOUNT.id]: [entry(A), entry(B)] },
      logEntries: [attempt(1, B), attempt(2, C), attempt(3, C, { status: "not_subscribed", errcode: 43101, campaignKind: "test" })],
    });
    const id = await draftOf();
    // The repeated A stops at the duplicate; B is suppressed before it is found recently sent;
    // C, recently sent and skipped, is not looked at as unsubscribed.
    const skipped = (await plan(id)).report;
    expect(skipped).toMatchObject({ duplicates: 1, suppressed: 2, recentlySent: 1, unsubscribedFlagged: 0, valid: 0 });
    expect(skipped.problems.map((p) => [p.rowNo, p.kind])).toEqual([
      [2, "suppressed"],
      [3, "duplicate"],
      [4, "suppressed"],
      [5, "recently_sent"],
    ]);
    expect(skipped.problems[1]?.reasonZh).toBe("与第 2 行的 openid 重复（已跳过）");
    // Duplicates and the recently sent kept: the second A is suppressed too, C goes on to the 43101 check.
    const kept = (await plan(id, { skipDuplicates: false, skipRecent: false })).report;
    expect(kept).toMatchObject({ duplicates: 1, suppressed: 3, recentlySent: 1, unsubscribedFlagged: 1, valid: 1 });
    expect(kept.problems.map((p) => [p.rowNo, p.kind])).toEqual([
      [2, "suppressed"],
      [3, "duplicate"],
      [3, "suppressed"],
      [4, "suppressed"],
      [5, "recently_sent"],
      [5, "unsubscribed"],
    ]);
  });

  it("refuses to start a campaign that looks back more than 365 days, in both languages", async () => {
    // Sent now, at any hour.
    const NOW = { at: null, repeat: null, window: null, graceMinutes: null, audience: null };
    const backend = install({ files: { [PATH]: table(A) } });
    const id = await draftOf();
    await invoke("update_draft", { id, settings: settings({ recentDays: 366 }) });
    await expect(refusal("start_draft", { id, schedule: NOW })).resolves.toEqual({
      code: "invalid_input",
      message: "recentDays: the repeat-send check looks back at most 365 days",
      messageZh: "recentDays: 重复发送检查最多往前看 365 天",
    });
    expect(backend.campaigns).toEqual([]);
    await invoke("update_draft", { id, settings: settings({ recentDays: 365 }) });
    await expect(refusal("start_draft", { id, schedule: NOW })).resolves.toBeNull();
    expect(backend.campaigns).toHaveLength(1);
  });
});

describe("the fake's direct sends and the suppression list", () => {
  const request = (target: { kind: "single"; openid: string } | { kind: "test" }) => ({
    request: {
      accountId: REAL_ACCOUNT.id,
      templateId: ORDER_SHIPPED.templateId,
      message: {
        values: Object.fromEntries(ORDER_SHIPPED.keywords.map((k, i) => [k.key, VALUES[i] ?? ""])),
        page: null,
        miniprogramState: "formal",
        lang: "zh_CN",
      },
      target,
      placeholders: {},
    },
  });

  it("refuses a single send to someone on the list, in both languages; the test list is not affected", async () => {
    const backend = install({ suppressed: { [REAL_ACCOUNT.id]: [entry(A)] }, testRecipients: { [REAL_ACCOUNT.id]: [{ openid: A, note: "小王" }] } });
    await expect(refusal("send_now", request({ kind: "single", openid: ` ${A} ` }))).resolves.toEqual({
      code: "invalid_input",
      message: `openid: ${A} is on this account's suppression list, so nothing is sent to them; take them off the list first if they asked to be contacted again`,
      messageZh: `openid: ${A} 在这个账号的免打扰名单中，不会给他发送。如果他同意再接收消息，请先把他从免打扰名单中移除`,
    });
    const tested = await invoke<SendNowResult>("send_now", request({ kind: "test" }));
    expect(tested.results.map((r) => [r.openid, r.state])).toEqual([[A, "sent"]]);
    expect(backend.logEntries.map((e) => [e.openid, e.campaignKind])).toEqual([[A, "test"]]);
  });

  it("journals single sends, which a later draft finds; a 43101 joins the list only when the account asks", async () => {
    const backend = install({ files: { [PATH]: table(A, B, C) }, sendOutcomes: { [B]: NOT_SUBSCRIBED_RESULT, [C]: NOT_SUBSCRIBED_RESULT } });
    await invoke("send_now", request({ kind: "single", openid: A }));
    await invoke("send_now", request({ kind: "single", openid: B }));
    expect(backend.suppressed[REAL_ACCOUNT.id] ?? []).toEqual([]);
    await invoke("set_suppress_refusals", { accountId: REAL_ACCOUNT.id, on: true });
    await invoke("send_now", request({ kind: "single", openid: C }));
    expect(backend.suppressed[REAL_ACCOUNT.id]).toEqual([
      { openid: C, source: "refused", note: ORDER_SHIPPED.templateId, addedBy: "", addedAt: expect.any(Number) as number },
    ]);
    const report = (await plan(await draftOf())).report;
    // A was sent lately, B answered 43101 (flagged, sent anyway by default), C is on the list.
    expect(report).toMatchObject({ recentlySent: 1, unsubscribedFlagged: 1, suppressed: 1, valid: 1 });
  });
});

describe("the fake's frequency cap", () => {
  const OUT_OF_BOUNDS: AppError = {
    code: "invalid_input",
    message: "frequencyCap: a frequency cap is 1–100 messages within 1–30 days",
    messageZh: "frequencyCap: 频次上限应为 1–30 天内最多 1–100 条",
  };
  const cap = (maxMessages: number, perDays: number): FrequencyCap => ({ maxMessages, perDays });

  it("is none by default, kept per account, and removed by null", async () => {
    const backend = install();
    expect(await invoke("frequency_cap", { accountId: REAL_ACCOUNT.id })).toBeNull();
    await invoke("set_frequency_cap", { accountId: REAL_ACCOUNT.id, cap: cap(3, 14) });
    expect(await invoke("frequency_cap", { accountId: REAL_ACCOUNT.id })).toEqual(cap(3, 14));
    expect(await invoke("frequency_cap", { accountId: SANDBOX_ACCOUNT.id })).toBeNull();
    await invoke("set_frequency_cap", { accountId: REAL_ACCOUNT.id, cap: null });
    expect(await invoke("frequency_cap", { accountId: REAL_ACCOUNT.id })).toBeNull();
    expect(backend.frequencyCaps).toEqual({});
  });

  it("takes 1–100 messages within 1–30 days and refuses anything else in both languages, before looking at the account", async () => {
    const backend = install();
    for (const ok of [cap(1, 1), cap(100, 30)]) {
      await expect(refusal("set_frequency_cap", { accountId: REAL_ACCOUNT.id, cap: ok })).resolves.toBeNull();
    }
    for (const bad of [cap(0, 7), cap(101, 7), cap(2, 0), cap(2, 31), cap(2.5, 7), cap(-1, 7)]) {
      await expect(refusal("set_frequency_cap", { accountId: REAL_ACCOUNT.id, cap: bad }), JSON.stringify(bad)).resolves.toEqual(OUT_OF_BOUNDS);
    }
    expect(backend.frequencyCaps[REAL_ACCOUNT.id]).toEqual(cap(100, 30));
    await expect(refusal("set_frequency_cap", { accountId: 99, cap: cap(0, 7) })).resolves.toEqual(OUT_OF_BOUNDS);
    await expect(refusal("set_frequency_cap", { accountId: 99, cap: cap(2, 7) })).resolves.toMatchObject({ code: "not_found" });
    await expect(refusal("set_frequency_cap", { accountId: 99, cap: null })).resolves.toMatchObject({ code: "not_found" });
    await expect(refusal("frequency_cap", { accountId: 99 })).resolves.toMatchObject({ code: "not_found" });
  });

  it("skips, at validation, whoever got as many sent or unknown messages within the window, any template or kind but tests", async () => {
    install({
      files: { [PATH]: table(A, B, C, D) },
      frequencyCaps: { [REAL_ACCOUNT.id]: cap(2, 7) },
      logEntries: [
        // A: a campaign of another template and a single send with an unknown outcome.
        attempt(1, A, { templateId: "another-template", startedAt: Date.now() - 6 * DAY }),
        attempt(2, A, { templateId: "another-template", campaignKind: "single", status: "unknown" }),
        // B: one sent, one failed, one 43101.
        attempt(3, B, { templateId: "another-template" }),
        attempt(4, B, { templateId: "another-template", status: "failed" }),
        attempt(5, B, { templateId: "another-template", status: "not_subscribed", errcode: 43101 }),
        // C: one sent and one test send.
        attempt(6, C, { templateId: "another-template" }),
        attempt(7, C, { templateId: "another-template", campaignKind: "test" }),
        // D: two sent, eight days ago; and two from another account.
        attempt(8, D, { templateId: "another-template", startedAt: Date.now() - 8 * DAY }),
        attempt(9, D, { templateId: "another-template", startedAt: Date.now() - 8 * DAY }),
        attempt(10, D, { templateId: "another-template", accountId: SANDBOX_ACCOUNT.id }),
        attempt(11, D, { templateId: "another-template", accountId: SANDBOX_ACCOUNT.id }),
      ],
    });
    const id = await draftOf();
    const report = (await plan(id)).report;
    expect(report).toMatchObject({ totalRows: 4, valid: 3, frequencyCapped: 1, suppressed: 0, recentlySent: 0, problemsTotal: 1 });
    expect(report.problems).toEqual([
      {
        rowNo: 2,
        column: "openid",
        field: null,
        kind: "frequency_capped",
        reasonZh: "已达到频次上限：7 天内最多 2 条（已跳过）",
        reasonEn: "frequency cap reached: at most 2 in 7 days (skipped)",
      },
    ]);
    expect(report.preview[0]).toMatchObject({
      state: "skipped",
      reason: "已达到频次上限：7 天内最多 2 条（已跳过） / frequency cap reached: at most 2 in 7 days (skipped)",
    });
    // Always skipped, whatever the options; a wider window finds D, a lower cap B and C.
    expect((await plan(id, { skipRecent: false, skipDuplicates: false, skipUnsubscribed: false })).report.frequencyCapped).toBe(1);
    await invoke("set_frequency_cap", { accountId: REAL_ACCOUNT.id, cap: cap(2, 9) });
    expect((await plan(id)).report).toMatchObject({ frequencyCapped: 2, valid: 2 });
    await invoke("set_frequency_cap", { accountId: REAL_ACCOUNT.id, cap: cap(1, 7) });
    expect((await plan(id)).report).toMatchObject({ frequencyCapped: 3, valid: 1 });
    expect((await plan(id)).report.problems.map((p) => p.rowNo)).toEqual([2, 3, 4]);
    await invoke("set_frequency_cap", { accountId: REAL_ACCOUNT.id, cap: null });
    expect((await plan(id)).report).toMatchObject({ frequencyCapped: 0, valid: 4 });
  });

  it("checks in the core's order: duplicate, suppressed, frequency capped, recently sent, unsubscribed", async () => {
    install({
      files: { [PATH]: table(A, A, B, C, D) },
      frequencyCaps: { [REAL_ACCOUNT.id]: cap(2, 7) },
      suppressed: { [REAL_ACCOUNT.id]: [entry(B)] },
      logEntries: [
        // A and B reached the cap with this very template: lately sent too.
        attempt(1, A),
        attempt(2, A),
        attempt(3, B),
        attempt(4, B),
        // C got it once (under the cap) and answered 43101 once; D only answered 43101.
        attempt(5, C),
        attempt(6, C, { status: "not_subscribed", errcode: 43101 }),
        attempt(7, D, { status: "not_subscribed", errcode: 43101 }),
      ],
    });
    const id = await draftOf();
    const skipped = (await plan(id)).report;
    expect(skipped).toMatchObject({ duplicates: 1, suppressed: 1, frequencyCapped: 1, recentlySent: 1, unsubscribedFlagged: 1, valid: 1 });
    expect(skipped.problems.map((p) => [p.rowNo, p.kind])).toEqual([
      [2, "frequency_capped"],
      [3, "duplicate"],
      [4, "suppressed"],
      [5, "recently_sent"],
      [6, "unsubscribed"],
    ]);
    // Duplicates and the recently sent kept: the second A is capped too, C goes on to the 43101 check.
    const kept = (await plan(id, { skipDuplicates: false, skipRecent: false })).report;
    expect(kept).toMatchObject({ duplicates: 1, suppressed: 1, frequencyCapped: 2, recentlySent: 1, unsubscribedFlagged: 2, valid: 2 });
    expect(kept.problems.map((p) => [p.rowNo, p.kind])).toEqual([
      [2, "frequency_capped"],
      [3, "duplicate"],
      [3, "frequency_capped"],
      [4, "suppressed"],
      [5, "recently_sent"],
      [5, "unsubscribed"],
      [6, "unsubscribed"],
    ]);
  });

  it("skips a single send to someone at the cap with the core's reason, and journals no attempt; test sends are not capped", async () => {
    const backend = install({
      frequencyCaps: { [REAL_ACCOUNT.id]: cap(1, 7) },
      logEntries: [attempt(1, A, { templateId: "another-template" })],
      testRecipients: { [REAL_ACCOUNT.id]: [{ openid: A, note: "小王" }] },
    });
    const request = {
      request: {
        accountId: REAL_ACCOUNT.id,
        templateId: ORDER_SHIPPED.templateId,
        message: {
          values: Object.fromEntries(ORDER_SHIPPED.keywords.map((k, i) => [k.key, VALUES[i] ?? ""])),
          page: null,
          miniprogramState: "formal",
          lang: "zh_CN",
        },
        target: { kind: "single", openid: A },
        placeholders: {},
      },
    };
    const single = await invoke<SendNowResult>("send_now", request);
    expect(single.results).toEqual([
      {
        openid: A,
        state: "skipped",
        msgid: null,
        errcode: null,
        explanation: null,
        detail: "已达到频次上限：7 天内最多 1 条（已跳过） / frequency cap reached: at most 1 in 7 days (skipped)",
      },
    ]);
    expect(backend.logEntries).toHaveLength(1);
    const tested = await invoke<SendNowResult>("send_now", { request: { ...request.request, target: { kind: "test" } } });
    expect(tested.results.map((r) => [r.openid, r.state])).toEqual([[A, "sent"]]);
    // B has heard nothing: sent, and then at the cap too.
    const toB = await invoke<SendNowResult>("send_now", { request: { ...request.request, target: { kind: "single", openid: B } } });
    expect(toB.results[0]?.state).toBe("sent");
    const again = await invoke<SendNowResult>("send_now", { request: { ...request.request, target: { kind: "single", openid: B } } });
    expect(again.results[0]?.state).toBe("skipped");
  });
});
