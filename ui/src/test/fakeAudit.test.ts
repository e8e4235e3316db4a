import { invoke } from "@tauri-apps/api/core";
import { describe, expect, it } from "vitest";
import type { AppError, AuditEntry, AuditFilter, AuditPage } from "../bindings";
import { AUDIT_PAGE_SIZE } from "./fakeAudit";
import { installFakeBackend } from "./fakeBackend";

/**
 * The fake's audit trail must answer as the core does (`store/audit.rs` `audit_page`,
 * `export/audit.rs`, `files.rs`): the page's tests would otherwise pass against behaviour the
 * app does not have.
 */

const ALL: AuditFilter = { fromMs: null, toMs: null, actions: [], actor: null };

function entry(id: number, partial: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    at: 1_000 * id,
    actor: "wangfang",
    machine: "MKT-PC-01",
    action: "account_changed",
    accountId: 2,
    campaignId: null,
    subject: "门店会员小程序",
    detail: {},
    ...partial,
  };
}

const page = (filter: AuditFilter, before: number | null = null) => invoke<AuditPage>("audit_trail", { filter, before });
const ids = (answer: AuditPage) => answer.entries.map((e) => e.id);

describe("the fake audit trail", () => {
  it("lists by id, newest first, not by time", async () => {
    // A clock set back: the later entry has the earlier time, and still comes first.
    installFakeBackend({ auditEntries: [entry(1, { at: 5_000 }), entry(3, { at: 1_000 }), entry(2, { at: 9_000 })] });
    expect(ids(await page(ALL))).toEqual([3, 2, 1]);
  });

  it("pages by 100, `next` being the last id of a page that has more after it", async () => {
    installFakeBackend({ auditEntries: Array.from({ length: 201 }, (_, i) => entry(i + 1)) });
    const first = await page(ALL);
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.next).toBe(102);
    const second = await page(ALL, first.next);
    expect(ids(second)[0]).toBe(101);
    expect(second.next).toBe(2);
    const last = await page(ALL, second.next);
    expect(ids(last)).toEqual([1]);
    expect(last.next).toBeNull();
  });

  it("has no `next` when a page holds exactly the rest", async () => {
    installFakeBackend({ auditEntries: Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => entry(i + 1)) });
    const only = await page(ALL);
    expect(only.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(only.next).toBeNull();
  });

  it("filters by a half-open time range, any of the actions, and exactly one person", async () => {
    installFakeBackend({
      auditEntries: [
        entry(1, { at: 1_000 }),
        entry(2, { at: 2_000, action: "campaign_created" }),
        entry(3, { at: 3_000, actor: "lilei" }),
        entry(4, { at: 4_000, action: "log_exported", actor: "lilei" }),
      ],
    });
    expect(ids(await page({ ...ALL, fromMs: 2_000, toMs: 4_000 }))).toEqual([3, 2]);
    expect(ids(await page({ ...ALL, actions: ["campaign_created", "log_exported"] }))).toEqual([4, 2]);
    expect(ids(await page({ ...ALL, actor: "lilei" }))).toEqual([4, 3]);
    expect(ids(await page({ ...ALL, actor: "li" }))).toEqual([]);
    expect(ids(await page({ ...ALL, actor: "" }))).toEqual([4, 3, 2, 1]);
    // Every field of the filter has a default.
    expect(ids(await page({}))).toEqual([4, 3, 2, 1]);
  });

  it("refuses what does not deserialise: an unknown action, a fraction of a millisecond", async () => {
    installFakeBackend({ auditEntries: [entry(1)] });
    await expect(page({ ...ALL, actions: ["campaign_deleted" as never] })).rejects.toMatch(/unknown variant `campaign_deleted`/);
    await expect(page({ ...ALL, fromMs: 1.5 })).rejects.toMatch(/invalid args `filter`/);
    await expect(page(ALL, 2.5)).rejects.toMatch(/invalid args `before`/);
  });

  it("exports every entry of the filter, and refuses an existing file unless told to replace it", async () => {
    const backend = installFakeBackend({ auditEntries: Array.from({ length: 150 }, (_, i) => entry(i + 1, { actor: i % 2 ? "lilei" : "wangfang" })) });
    const path = "/home/test/Downloads/audit.csv";
    const write = (overwrite: boolean | null) => invoke<number>("export_audit", { filter: { ...ALL, actor: "lilei" }, path, lang: "zh-CN", overwrite });
    await expect(write(null)).resolves.toBe(75);
    expect(backend.existingFiles).toEqual([path]);
    const refused = await write(false).catch((error: AppError) => error);
    expect(refused).toMatchObject({ code: "file_exists", messageZh: `${path} 已存在：请换一个文件名，或确认替换它` });
    await expect(write(true)).resolves.toBe(75);
  });

  it("writes only a .csv file, as the core does", async () => {
    installFakeBackend();
    const refused = await invoke("export_audit", { filter: ALL, path: "/home/test/.profile", lang: "en", overwrite: true }).catch((error: AppError) => error);
    expect(refused).toMatchObject({ code: "invalid_input", message: "/home/test/.profile: the audit trail is exported as a .csv file" });
  });

  it("refuses a path without a file name", async () => {
    installFakeBackend();
    const refused = await invoke("export_audit", { filter: ALL, path: "/home/test/..", lang: "en", overwrite: true }).catch((error: AppError) => error);
    expect(refused).toMatchObject({ code: "invalid_input", message: '"/home/test/.." is not a file name', messageZh: "「/home/test/..」不是文件名" });
  });
});
