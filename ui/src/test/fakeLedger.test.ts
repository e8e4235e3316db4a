import { invoke } from "@tauri-apps/api/core";
import { describe, expect, it } from "vitest";
import type { IntakeSummary, LedgerEntry, PushKeysStatus } from "../bindings";
import { REAL_ACCOUNT, installFakeBackend } from "./fakeBackend";
import { fold } from "./fakeLedger";
import { popupPush, receiptPush, RESOLVE_WINDOW_MS } from "./fakePushIntake";
import { NO_RECEIPT } from "./fakeSendLog";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "./templateFixtures";

/**
 * The fake's intake, ledger and push keys must answer as the core does (`ledger.rs`,
 * `store/events.rs`, `desk/ledger.rs`, `connections.rs`): the UI's tests would otherwise pass
 * against behaviour the app does not have. The ledger cases are the core's own.
 */

const A = "oAAAAAAAAAAAAAAAAAAAAAAAAAA1";
const TPL = ORDER_SHIPPED.templateId;
const T0 = Date.UTC(2026, 2, 2, 6, 0, 0);

const balance = (steps: Parameters<typeof fold>[0], longTerm = false) => fold(steps, longTerm);

describe("the fake ledger folds as the core does", () => {
  it("adds accepts, uses one per send, empties on 43101 and on a reject until a later accept", () => {
    expect(balance([[1, { kind: "accept" }], [2, { kind: "accept" }], [3, { kind: "sent" }]])).toMatchObject({ grants: 1, accepted: 2, consumed: 1 });
    expect(balance([[1, { kind: "accept" }], [2, { kind: "accept" }], [3, { kind: "refused" }]]).grants).toBe(0);
    expect(balance([[1, { kind: "accept" }], [2, { kind: "reject" }], [3, { kind: "accept" }]]).grants).toBe(1);
  });

  it("orders by time, not arrival; an accept in the same second comes before the send", () => {
    expect(balance([[5, { kind: "sent" }], [1, { kind: "accept" }]])).toMatchObject({ grants: 0, consumed: 1 });
    expect(balance([[1, { kind: "sent" }], [5, { kind: "accept" }]])).toMatchObject({ grants: 1, consumed: 0 });
    expect(balance([[7, { kind: "sent" }], [7, { kind: "accept" }]]).grants).toBe(0);
  });

  it("knows nothing from sends alone, sets imported counts, and never uses up a long-term grant", () => {
    expect(balance([[1, { kind: "sent" }]]).known).toBe(false);
    expect(balance([[1, { kind: "accept" }], [2, { kind: "set", count: 4 }], [3, { kind: "sent" }]]).grants).toBe(3);
    expect(balance([[1, { kind: "accept" }], [2, { kind: "sent" }], [3, { kind: "sent" }]], true).grants).toBe(1);
  });
});

describe("the fake intake", () => {
  it("stores a push once, matches receipts by msgid, and confirms an unknown send only within the window", async () => {
    const backend = installFakeBackend({
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      logEntries: [
        { ...base(1), status: "unknown", msgid: null, startedAt: T0 },
        { ...base(2), openid: "oBBBBBBBBBBBBBBBBBBBBBBBBBB2", status: "unknown", msgid: null, startedAt: T0 },
      ],
      pushFiles: {
        "/p.log": {
          pushes: [
            receiptPush(A, TPL, "111", T0 + 30_000),
            receiptPush(A, TPL, "111", T0 + 30_000),
            receiptPush("oBBBBBBBBBBBBBBBBBBBBBBBBBB2", TPL, "222", T0 + RESOLVE_WINDOW_MS + 60_000, 10005),
            { ...popupPush(A, TPL, true, T0), sealed: true },
          ],
        },
      },
    });
    const summary = await invoke<IntakeSummary>("import_events", { accountId: REAL_ACCOUNT.id, files: ["/p.log"] });
    expect(summary).toMatchObject({ read: 3, new: 2, duplicates: 1, matched: 1, resolved: 1, unmatched: 1, malformed: 1 });
    expect(summary.problems.map((p) => p.kind)).toEqual(["no_key"]);
    expect(backend.logEntries[0]).toMatchObject({ status: "sent", msgid: "111", confirmedByReceipt: true, delivery: "delivered", deliveryCode: 0 });
    // Too long after the attempt left: not proof of it.
    expect(backend.logEntries[1]).toMatchObject({ status: "unknown", delivery: null });

    const again = await invoke<IntakeSummary>("import_events", { accountId: REAL_ACCOUNT.id, files: ["/p.log", "/gone.log"] });
    expect(again).toMatchObject({ read: 3, new: 0, duplicates: 3 });
    expect(again.problems.at(-1)).toMatchObject({ file: "/gone.log", line: 0, kind: "file_unreadable" });
    await expect(invoke("import_events", { accountId: 99, files: ["/p.log"] })).rejects.toMatchObject({ code: "not_found" });
  });

  it("builds the ledger from the subscription events only", async () => {
    installFakeBackend({ pushFiles: { "/p.log": { pushes: [popupPush(A, TPL, true, T0), receiptPush(A, TPL, null, T0)] } } });
    await invoke("import_events", { accountId: REAL_ACCOUNT.id, files: ["/p.log"] });
    const entries = await invoke<LedgerEntry[]>("ledger_entries", { accountId: REAL_ACCOUNT.id, templateId: null, openid: null, limit: 500 });
    expect(entries).toEqual([{ openid: A, templateId: TPL, grants: 1, state: "granted", accepted: 1, consumed: 0, updatedAt: T0 }]);
  });
});

describe("the fake push keys", () => {
  it("refuses what the core refuses, with its field, and stores nothing then", async () => {
    const backend = installFakeBackend();
    const set = (token: string | null, aesKey: string | null) => invoke<PushKeysStatus>("set_push_keys", { accountId: REAL_ACCOUNT.id, token, aesKey });
    await expect(set("ab", null)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^pushToken: /) as unknown });
    await expect(set("tok-en", null)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(set("token1", "0123456789")).rejects.toMatchObject({ code: "invalid_input", messageZh: "aesKey: EncodingAESKey 是 43 位字母或数字" });
    expect(backend.pushKeys).toEqual({});
    expect(await set(" token1 ", "  ")).toEqual({ tokenSet: true, aesKeySet: false });
    expect(await set("token1", "a".repeat(43))).toEqual({ tokenSet: true, aesKeySet: true });
    expect(await set(null, "ignored")).toEqual({ tokenSet: false, aesKeySet: false });
  });

  it("refuses a grant-count file the core refuses, whole", async () => {
    const backend = installFakeBackend({ ledgerFiles: { "/c.csv": `openid,template,count\n${A},${TPL},1\n`, "/d.csv": `openid,template_id,count\n${A},${TPL},1\nnope,${TPL},1\n` } });
    const load = (path: string) => invoke<number>("import_ledger", { accountId: REAL_ACCOUNT.id, path });
    await expect(load("/c.csv")).rejects.toMatchObject({ code: "invalid_input", message: "line 1: the columns must be openid,template_id,count" });
    await expect(load("/d.csv")).rejects.toMatchObject({ code: "invalid_input", messageZh: "第 3 行：“nope”不是 openid" });
    await expect(load("/e.csv")).rejects.toMatchObject({ code: "io" });
    expect(backend.ledgerCounts).toEqual({});
  });
});

/** An attempt of the real account's campaign 7. */
function base(id: number) {
  return {
    id,
    channel: "subscribe_message" as const,
    startedAt: T0,
    finishedAt: null,
    accountId: REAL_ACCOUNT.id,
    accountName: REAL_ACCOUNT.name,
    campaignId: 7,
    campaignName: "复购提醒",
    campaignKind: "campaign" as const,
    templateId: TPL,
    templateTitle: ORDER_SHIPPED.title,
    openid: A,
    status: "sent" as const,
    errcode: null,
    errmsg: null,
    rid: null,
    msgid: null,
    attemptNo: 1,
    page: null,
    values: [],
    miniprogramState: "formal" as const,
    lang: "zh_CN" as const,
    explanation: null,
    ...NO_RECEIPT,
  };
}
