import { describe, expect, it } from "vitest";
import { inLanguage } from "./bilingual";

describe("inLanguage", () => {
  const capped = "已达到频次上限：7 天内最多 2 条（已跳过） / frequency cap reached: at most 2 in 7 days (skipped)";

  it("shows the half of the UI's language", () => {
    expect(inLanguage(capped, "zh-CN")).toBe("已达到频次上限：7 天内最多 2 条（已跳过）");
    expect(inLanguage(capped, "en")).toBe("frequency cap reached: at most 2 in 7 days (skipped)");
  });

  it("shows a text without the separator as it is", () => {
    expect(inLanguage("user refuse to accept the msg rid: 6575a1b2", "zh-CN")).toBe("user refuse to accept the msg rid: 6575a1b2");
    expect(inLanguage("openid 格式不对", "en")).toBe("openid 格式不对");
    expect(inLanguage("a/b", "en")).toBe("a/b");
    expect(inLanguage("", "en")).toBe("");
  });

  it("keeps the count of the row's other problems at the end of either half", () => {
    const text = "openid 格式不对 / not an openid (+2)";
    expect(inLanguage(text, "zh-CN")).toBe("openid 格式不对 (+2)");
    expect(inLanguage(text, "en")).toBe("not an openid (+2)");
  });

  it("splits at the middle separator when a name in both halves holds one", () => {
    const text = "「日期 / 时间」没有值 / “日期 / 时间” has no value";
    expect(inLanguage(text, "zh-CN")).toBe("「日期 / 时间」没有值");
    expect(inLanguage(text, "en")).toBe("“日期 / 时间” has no value");
  });

  it("uses the first separator when the halves cannot be told apart otherwise", () => {
    expect(inLanguage("甲 / b / c", "zh-CN")).toBe("甲");
    expect(inLanguage("甲 / b / c", "en")).toBe("b / c");
  });

  it("shows the other half when the wanted one is empty", () => {
    expect(inLanguage(" / only English", "zh-CN")).toBe("only English");
    expect(inLanguage("只有中文 / ", "en")).toBe("只有中文");
    expect(inLanguage(" / ", "en")).toBe(" / ");
  });
});
