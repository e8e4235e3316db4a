import { describe, expect, it } from "vitest";
import { hasEmoji, isFolded, shownValue, withoutEmoji } from "./wechatDisplay";

const TWENTY = "一二三四五六七八九十一二三四五六七八九十";

describe("what an Official Account's card shows of a value", () => {
  it("removes emoji (sequences, flags, skin tones, keycaps) and line breaks, and keeps text symbols", () => {
    expect(withoutEmoji("已发货🚚请注意查收👨‍👩‍👧")).toBe("已发货请注意查收");
    expect(withoutEmoji("🇨🇳中国👍🏽")).toBe("中国");
    expect(withoutEmoji("#️⃣号")).toBe("#号");
    expect(withoutEmoji("第一行\n第二行")).toBe("第一行第二行");
    expect(withoutEmoji("★会员 ¥12.50")).toBe("★会员 ¥12.50");
    expect(hasEmoji("好评⭐")).toBe(true);
    expect(hasEmoji("★会员 2026-11-24 #1")).toBe(false);
  });

  it("folds a value over the display limit after it, once emoji are removed", () => {
    expect(shownValue(`${TWENTY}超出`, 20)).toBe(`${TWENTY}…`);
    expect(isFolded(`${TWENTY}超出`, 20)).toBe(true);
    expect(shownValue(TWENTY, 20)).toBe(TWENTY);
    expect(shownValue(`${TWENTY}😀`, 20)).toBe(TWENTY);
    expect(isFolded(`${TWENTY}😀`, 20)).toBe(false);
    // No display limit (a category template): never folded here.
    expect(shownValue(`${TWENTY}超出`, null)).toBe(`${TWENTY}超出`);
  });
});
