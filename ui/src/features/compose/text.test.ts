import { describe, expect, it } from "vitest";
import { ORDER_SHIPPED, SERVICE_PROGRESS } from "../../test/templateFixtures";
import { draftOf, initialComposeState, parseMessageParam, EMPTY_STATE } from "./composeState";
import {
  budgetFor,
  fillPlaceholders,
  formatCardDate,
  insertDateText,
  isOpenidShape,
  placeholdersIn,
  placeholdersInAll,
  segments,
} from "./text";

describe("placeholders", () => {
  it("splits text like the Rust renderer", () => {
    expect(segments("{{客户}}您好")).toEqual([
      { kind: "placeholder", name: "客户", raw: "{{客户}}" },
      { kind: "text", text: "您好" },
    ]);
    expect(placeholdersIn("{{ a }} {{b}} {{a}}")).toEqual(["a", "b"]);
    expect(placeholdersIn("{{{x}}}")).toEqual(["x"]);
    expect(placeholdersIn("{{}} {{ }} {{a")).toEqual([]);
    expect(placeholdersIn("{{a\nb}}")).toEqual([]);
    expect(placeholdersInAll(["{{b}}", "{{a}}{{b}}"])).toEqual(["b", "a"]);
  });

  it("fills known values and leaves the others visible", () => {
    expect(fillPlaceholders("{{客户}}您好，{{ 门店 }}", { 客户: "张三", 门店: "" })).toBe("张三您好，{{门店}}");
  });
});

describe("budgets", () => {
  it("counts characters as code points per kind", () => {
    expect(budgetFor("thing", "拿铁咖啡")).toEqual({ limit: 20, used: 4, unit: "chars" });
    expect(budgetFor("short_thing", "😀ab")).toEqual({ limit: 5, used: 3, unit: "chars" });
    expect(budgetFor("phone_number", "+86-0766-66888866")?.limit).toBe(17);
    expect(budgetFor("car_number", "粤A8Z888挂")?.used).toBe(8);
    expect(budgetFor("time", "10:00")).toBeNull();
    expect(budgetFor("enum", "保养")).toBeNull();
  });

  it("gives names 10 with Chinese and 20 without", () => {
    expect(budgetFor("name", "张三")?.limit).toBe(10);
    expect(budgetFor("name", "Li Lei")?.limit).toBe(20);
    expect(budgetFor("name", "张San")?.limit).toBe(10);
  });

  it("counts the integer digits of an amount", () => {
    expect(budgetFor("amount", "￥1234.50")).toEqual({ limit: 10, used: 4, unit: "digits" });
    expect(budgetFor("amount", "100元")?.used).toBe(3);
  });
});

describe("small helpers", () => {
  it("checks the openid shape the backend accepts", () => {
    expect(isOpenidShape("oPtYgjmUhBel31iEl2hpChYgCfrL")).toBe(true);
    expect(isOpenidShape(" oPtYgjmUhBel31iEl2hpChYgCfrL ")).toBe(true);
    expect(isOpenidShape("short")).toBe(false);
    expect(isOpenidShape("oPtYgjmUhBel31iEl2hpChYg CfrL")).toBe(false);
  });

  it("prints the card date in the card's language", () => {
    const date = new Date(2026, 10, 24, 10, 0);
    expect(formatCardDate(date, "zh_CN")).toBe("11月24日");
    expect(formatCardDate(date, "zh_TW")).toBe("11月24日");
    expect(formatCardDate(date, "en_US")).toBe("Nov 24");
  });

  it("replaces the value with a picked date, or completes a range", () => {
    expect(insertDateText("", "2026-11-24 10:00")).toBe("2026-11-24 10:00");
    expect(insertDateText("old", "2026-11-24 10:00")).toBe("2026-11-24 10:00");
    expect(insertDateText("2026-11-24 10:00 ~ ", "2026-11-24 12:00")).toBe("2026-11-24 10:00 ~2026-11-24 12:00");
  });
});

describe("starting state", () => {
  const templates = [ORDER_SHIPPED, SERVICE_PROGRESS];
  const draft = draftOf(2, { ...EMPTY_STATE, templateId: SERVICE_PROGRESS.templateId, values: { thing1: "社保卡" }, openid: "x" }, SERVICE_PROGRESS);

  it("restores a draft of the same account only", () => {
    expect(initialComposeState(2, templates, draft, new URLSearchParams()).state.values).toEqual({ thing1: "社保卡", phrase2: "", date3: "" });
    expect(initialComposeState(3, templates, draft, new URLSearchParams())).toEqual({ state: EMPTY_STATE, from: { kind: "empty" } });
  });

  it("prefers a send-again link over the draft", () => {
    const message = { values: { thing1: "拿铁", zzz: "dropped" }, page: "pages/a", miniprogramState: "trial", lang: "en_US" };
    const params = new URLSearchParams({ template: ORDER_SHIPPED.templateId, values: JSON.stringify(message), openid: "oPtYgjmUhBel31iEl2hpChYgCfrL" });
    const { state, from } = initialComposeState(2, templates, draft, params);
    expect(from).toEqual({ kind: "link", missingTemplate: null });
    expect(state).toMatchObject({
      templateId: ORDER_SHIPPED.templateId,
      values: { thing1: "拿铁" },
      page: "pages/a",
      miniprogramState: "trial",
      lang: "en_US",
      openid: "oPtYgjmUhBel31iEl2hpChYgCfrL",
    });
  });

  it("names a linked template that is not cached", () => {
    const params = new URLSearchParams({ template: "gone" });
    expect(initialComposeState(2, templates, null, params).from).toEqual({ kind: "link", missingTemplate: "gone" });
  });

  it("reads a bare values map or ignores garbage", () => {
    expect(parseMessageParam('{"thing1":"a","n":3}')).toEqual({ values: { thing1: "a", n: "3" } });
    expect(parseMessageParam("{not json")).toEqual({ values: {} });
    expect(parseMessageParam(null)).toEqual({ values: {} });
  });
});
