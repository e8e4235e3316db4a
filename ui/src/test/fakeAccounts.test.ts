import { invoke } from "@tauri-apps/api/core";
import { describe, expect, it } from "vitest";
import type { AccountSummary, AppError, NewAccount } from "../bindings";
import { REAL_ACCOUNT, installFakeBackend } from "./fakeBackend";

/**
 * The fake `add_account` / `update_account` must refuse what the core's `NewAccount::validate`
 * refuses, with the same field prefix: a UI test would otherwise pass against an account the
 * real app never saves.
 */

const OWN = "wxabcdef0123456789";
const SHOP = "wx1111111111111111";
const CLUB = "wx2222222222222222";

/** The smallest input the core accepts: no kind and no bound mini programs (both default). */
const INPUT: NewAccount = { name: "门店服务号", appid: OWN, tokenMode: "stable", apiBase: "", tokenUrl: null, proxy: null };

async function add(input: Partial<NewAccount>): Promise<AccountSummary | AppError> {
  installFakeBackend();
  try {
    return await invoke<AccountSummary>("add_account", { input: { ...INPUT, ...input }, secret: "s" });
  } catch (error) {
    return error as AppError;
  }
}

/** The field an error names, as the forms read it. */
function fieldOf(answer: AccountSummary | AppError): string | null {
  return "code" in answer ? (answer.message.split(":")[0] ?? null) : null;
}

describe("the fake backend's account rules", () => {
  it("reads a missing kind as a mini program with nothing bound, like the core", async () => {
    expect(await add({})).toMatchObject({ kind: "mini_program", miniPrograms: [], apiBase: "https://api.weixin.qq.com" });
  });

  it("keeps an Official Account's bound mini programs trimmed, once each, in order", async () => {
    expect(await add({ kind: "official_account", miniPrograms: [` ${CLUB} `, "", SHOP, CLUB] })).toMatchObject({
      kind: "official_account",
      miniPrograms: [CLUB, SHOP],
    });
  });

  it("refuses bound mini programs the core refuses, on the miniPrograms field", async () => {
    const many = Array.from({ length: 21 }, (_, i) => `wx${String(i).padStart(16, "0")}`);
    const refused: Partial<NewAccount>[] = [
      { miniPrograms: [SHOP] },
      { kind: "mini_program", miniPrograms: [SHOP] },
      { kind: "official_account", miniPrograms: ["wx123"] },
      { kind: "official_account", miniPrograms: [SHOP, OWN] },
      { kind: "official_account", miniPrograms: many },
    ];
    for (const input of refused) {
      const answer = await add(input);
      expect(answer, JSON.stringify(input)).toMatchObject({ code: "invalid_input" });
      expect(fieldOf(answer), JSON.stringify(input)).toBe("miniPrograms");
      expect((answer as AppError).messageZh.startsWith("miniPrograms: "), JSON.stringify(input)).toBe(true);
    }
  });

  it("accepts blanks for a mini program (the core drops them first)", async () => {
    expect(await add({ kind: "mini_program", miniPrograms: ["", "  "] })).toMatchObject({ miniPrograms: [] });
  });

  it("names the wrong field for the rest of the core's checks", async () => {
    expect(fieldOf(await add({ name: " " }))).toBe("name");
    expect(fieldOf(await add({ appid: "wx123" }))).toBe("appid");
    expect(fieldOf(await add({ appid: REAL_ACCOUNT.appid }))).toBe("appid");
    expect(fieldOf(await add({ name: REAL_ACCOUNT.name }))).toBe("name");
    expect(fieldOf(await add({ apiBase: "api.weixin.qq.com" }))).toBe("apiBase");
    expect(fieldOf(await add({ proxy: "proxy:8080" }))).toBe("proxy");
    expect(fieldOf(await add({ tokenMode: "external" }))).toBe("tokenUrl");
  });

  it("says where an Official Account's AppID is found", async () => {
    expect(await add({ kind: "official_account", appid: "wx123" })).toMatchObject({
      messageZh: expect.stringContaining("公众号管理后台 → 设置与开发 → 基本配置") as unknown,
    });
  });

  it("keeps the kind and bound mini programs an update sends", async () => {
    installFakeBackend();
    const updated = await invoke<AccountSummary>("update_account", {
      id: REAL_ACCOUNT.id,
      input: { ...INPUT, name: REAL_ACCOUNT.name, appid: REAL_ACCOUNT.appid, kind: "official_account", miniPrograms: [SHOP] },
      secret: null,
    });
    expect(updated).toMatchObject({ id: REAL_ACCOUNT.id, kind: "official_account", miniPrograms: [SHOP] });
  });
});
