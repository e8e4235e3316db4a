import { describe, expect, it } from "vitest";
import { DEFAULT_SHOWN, OPTIONAL_COLUMNS, isDefault, languageWidths, parseChoices } from "./logColumns";

describe("the log's remembered columns", () => {
  it("start from the defaults: people's columns shown, msgid and rid on request", () => {
    expect(parseChoices(null)).toEqual(DEFAULT_SHOWN);
    expect(OPTIONAL_COLUMNS.filter((column) => !DEFAULT_SHOWN[column])).toEqual(["msgid", "rid"]);
    expect(isDefault(parseChoices(null))).toBe(true);
  });

  it("apply what was stored, and keep the default for a column the stored text does not name", () => {
    const choices = parseChoices(JSON.stringify({ msgid: true, template: false }));
    expect(choices.msgid).toBe(true);
    expect(choices.template).toBe(false);
    expect(choices.rid).toBe(false);
    expect(choices.openid).toBe(true);
    expect(isDefault(choices)).toBe(false);
  });

  it("ignore what cannot be read", () => {
    expect(parseChoices("not json")).toEqual(DEFAULT_SHOWN);
    expect(parseChoices("[1,2]")).toEqual(DEFAULT_SHOWN);
    expect(parseChoices(JSON.stringify({ msgid: "yes", nonsense: true }))).toEqual(DEFAULT_SHOWN);
  });

  it("give English's longer time and status their room", () => {
    expect(languageWidths("en").time).toBeGreaterThan(languageWidths("zh-CN").time);
    expect(languageWidths("en").status).toBeGreaterThan(languageWidths("zh-CN").status);
  });
});
