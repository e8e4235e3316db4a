import { invoke } from "@tauri-apps/api/core";
import { describe, expect, it } from "vitest";
import type { AppError, DraftSettings, MessageCheck, MessageSpec } from "../bindings";
import { REAL_ACCOUNT, installFakeBackend } from "./fakeBackend";
import { BOUND_MINI_PROGRAM, OA_LEGACY_PAYMENT, OA_ORDER_SHIPPED, OFFICIAL_ACCOUNT, officialOverrides } from "./fakeOfficial";
import { ORDER_SHIPPED } from "./templateFixtures";

/**
 * The fake must refuse what the core refuses, with the same field prefix: the jump of
 * `MessageSpec::check_jump` (the cases of `model/jump.rs`'s tests) and the display limit of a
 * legacy Official Account template (`template/rules.rs`). A UI test would otherwise pass
 * against a message the real app never sends.
 */

const OPENID = "oRq7WsDlbDc5kPtXawAOjtzOPa01";
const SHIPPED = { thing1: "拿铁咖啡豆", thing2: "顺丰速运", character_string3: "SF1402938475612", time4: "2026-11-24 10:00" };
const MP_VALUES = { thing1: "拿铁咖啡", character_string2: "20261124000123", phrase3: "已发货", time4: "2026-11-24 10:00", amount5: "￥32.00" };

function message(values: Record<string, string>, jump: Partial<MessageSpec> = {}): MessageSpec {
  return { values, page: null, miniprogramState: "formal", lang: "zh_CN", ...jump };
}

/** The field a refusal names ("url: …" → "url"), or null when the command was answered. */
function refusedField(cmd: string, args: Record<string, unknown>): Promise<string | null> {
  return invoke(cmd, args).then(
    () => null,
    (error: AppError) => error.message.split(":")[0] ?? "",
  );
}

function send(accountId: number, templateId: string, spec: MessageSpec): Promise<string | null> {
  return refusedField("send_now", {
    request: { accountId, templateId, message: spec, target: { kind: "single", openid: OPENID }, placeholders: {} },
  });
}

describe("the fake's Official Account rules", () => {
  it("refuses an Official Account's jump as check_jump does, naming the field", async () => {
    installFakeBackend(officialOverrides());
    const oa = (jump: Partial<MessageSpec>) => send(OFFICIAL_ACCOUNT.id, OA_ORDER_SHIPPED.templateId, message(SHIPPED, jump));
    expect(await oa({})).toBeNull();
    expect(await oa({ url: "https://shop.example.com/o/1" })).toBeNull();
    expect(await oa({ page: "pages/order/detail?id=1", miniprogramAppid: BOUND_MINI_PROGRAM })).toBeNull();
    expect(await oa({ url: "shop.example.com" })).toBe("url");
    expect(await oa({ page: "pages/a", miniprogramAppid: "wx2222222222222222" })).toBe("miniprogramAppid");
    expect(await oa({ miniprogramAppid: BOUND_MINI_PROGRAM })).toBe("page");
    expect(await oa({ page: "pages/a" })).toBe("miniprogramAppid");
  });

  it("refuses a mini program's message that opens a web page or another mini program", async () => {
    installFakeBackend(officialOverrides({ templates: { [REAL_ACCOUNT.id]: [ORDER_SHIPPED] } }));
    const mp = (jump: Partial<MessageSpec>) => send(REAL_ACCOUNT.id, ORDER_SHIPPED.templateId, message(MP_VALUES, jump));
    expect(await mp({ page: "pages/a" })).toBeNull();
    expect(await mp({ url: "https://a.example.com" })).toBe("url");
    expect(await mp({ page: "pages/a", miniprogramAppid: BOUND_MINI_PROGRAM })).toBe("miniprogramAppid");
  });

  it("checks and refuses a legacy value longer than WeChat shows", async () => {
    installFakeBackend(officialOverrides());
    const values = { keyword1: "2026112410002312345订号", keyword2: "128.00元" };
    const check = await invoke<MessageCheck>("check_message", {
      accountId: OFFICIAL_ACCOUNT.id,
      templateId: OA_LEGACY_PAYMENT.templateId,
      message: message(values),
      placeholders: {},
    });
    expect(check.ok).toBe(false);
    expect(check.fields[0]?.problem).toMatchObject({ kind: "too_long", messageZh: "「订单号」(keyword1) 超过 20 个字符，微信会直接截断显示（当前 21 个）" });
    expect(check.fields[1]?.problem).toBeNull();
    expect(await send(OFFICIAL_ACCOUNT.id, OA_LEGACY_PAYMENT.templateId, message(values))).toBe("values");
    expect(await send(OFFICIAL_ACCOUNT.id, OA_LEGACY_PAYMENT.templateId, message({ ...values, keyword1: "20261124100023" }))).toBeNull();
  });

  it("keeps a draft's refused choices, and refuses every use of them until they are fixed", async () => {
    const backend = installFakeBackend(
      officialOverrides({ files: { "/a.csv": { format: "csv", encoding: "utf8", delimiter: ",", headers: ["openid"], rows: [[OPENID]] } } }),
    );
    const settings: DraftSettings = {
      name: "x",
      templateId: OA_ORDER_SHIPPED.templateId,
      message: message(SHIPPED, { page: "pages/a" }),
      mapping: null,
      options: {},
      rate: 20,
      concurrency: 8,
    };
    const created = await invoke<{ draft: { id: number } }>("create_draft", {
      input: { accountId: OFFICIAL_ACCOUNT.id, source: { kind: "file", path: "/a.csv" }, encoding: null, settings },
    });
    const id = created.draft.id;
    expect(await refusedField("update_draft", { id, settings })).toBe("miniprogramAppid");
    expect(backend.drafts[id]?.settings.message.page).toBe("pages/a");
    expect(await refusedField("preview_draft_row", { id, rowNo: 2 })).toBe("miniprogramAppid");
    expect(await refusedField("test_send_draft", { id })).toBe("miniprogramAppid");
    const fixed = { ...settings, message: message(SHIPPED, { page: "pages/a", miniprogramAppid: BOUND_MINI_PROGRAM }) };
    expect(await refusedField("update_draft", { id, settings: fixed })).toBeNull();
  });
});
