import { describe, expect, it } from "vitest";
import { prettyJson } from "./prettyJson";

describe("prettyJson", () => {
  it("keeps a 19-digit msgid exact", () => {
    const out = prettyJson('{"errcode":0,"errmsg":"ok","msgid":2097683633284153344}');
    expect(out).toBe('{\n  "errcode": 0,\n  "errmsg": "ok",\n  "msgid": 2097683633284153344\n}');
  });

  it("indents nested data and keeps strings with braces and escapes", () => {
    const out = prettyJson('{"data":{"thing1":{"value":"a{b}, \\"c\\""}},"list":[],"o":{}}');
    expect(out).toBe('{\n  "data": {\n    "thing1": {\n      "value": "a{b}, \\"c\\""\n    }\n  },\n  "list": [],\n  "o": {}\n}');
  });

  it("returns text that is not JSON unchanged", () => {
    expect(prettyJson("connection reset by peer")).toBe("connection reset by peer");
  });
});
