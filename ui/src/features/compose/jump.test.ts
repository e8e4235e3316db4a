import { describe, expect, it } from "vitest";
import { IpcError } from "../../ipc";
import { isWebAddress, jumpFieldError, jumpFormOf, jumpKindOf, jumpMessage, jumpProblems, switchJump, type JumpForm } from "./jump";

const BOUND = ["wxdemo0000sandbox1"];
const EMPTY: JumpForm = { jump: "none", url: "", miniprogramAppid: "", page: "" };

describe("an Official Account's jump", () => {
  it("reads the jump a message makes: a mini program wins over a web page, as in WeChat", () => {
    expect(jumpKindOf({ page: null })).toBe("none");
    expect(jumpKindOf({ page: null, url: "https://example.com" })).toBe("web");
    expect(jumpKindOf({ page: "pages/a", url: "https://example.com", miniprogramAppid: BOUND[0] })).toBe("mini_program");
    // A page alone (a send log entry records no mini program) is still a mini program's page.
    expect(jumpKindOf({ page: "pages/a" })).toBe("mini_program");
    expect(jumpFormOf({ page: "pages/a", miniprogramAppid: BOUND[0] })).toEqual({ jump: "mini_program", url: "", miniprogramAppid: BOUND[0], page: "pages/a" });
  });

  it("puts in the message only what is filled, so a mini program's message is unchanged", () => {
    expect(jumpMessage(EMPTY)).toEqual({ page: null });
    expect(jumpMessage({ url: " https://example.com/a ", miniprogramAppid: "", page: " " })).toEqual({ page: null, url: "https://example.com/a" });
    expect(jumpMessage({ url: "", miniprogramAppid: BOUND[0] ?? "", page: "pages/a?id={{单号}}" })).toEqual({
      page: "pages/a?id={{单号}}",
      miniprogramAppid: BOUND[0],
    });
  });

  it("empties what another choice does not use, and brings it back", () => {
    const mini: JumpForm = { jump: "mini_program", url: "https://old.example.com", miniprogramAppid: BOUND[0] ?? "", page: "pages/a" };
    const none = switchJump(mini, "none", { url: "", miniprogramAppid: "", page: "" }, BOUND);
    expect(none).toEqual(EMPTY);
    const remembered = { url: mini.url, miniprogramAppid: mini.miniprogramAppid, page: mini.page };
    expect(switchJump(none, "web", remembered, BOUND)).toEqual({ jump: "web", url: mini.url, miniprogramAppid: "", page: "" });
    expect(switchJump(none, "mini_program", remembered, BOUND)).toEqual(mini);
    // With one bound mini program, choosing a mini program picks it.
    expect(switchJump(EMPTY, "mini_program", { url: "", miniprogramAppid: "", page: "" }, BOUND).miniprogramAppid).toBe(BOUND[0]);
    expect(switchJump(EMPTY, "mini_program", { url: "", miniprogramAppid: "", page: "" }, [...BOUND, "wx1111111111111111"]).miniprogramAppid).toBe("");
  });

  it("checks as the core does (check_jump), one problem per field", () => {
    expect(jumpProblems(EMPTY, BOUND)).toEqual([]);
    expect(jumpProblems({ ...EMPTY, jump: "web" }, BOUND)).toEqual([{ field: "url", kind: "urlMissing" }]);
    expect(jumpProblems({ ...EMPTY, jump: "web", url: "www.example.com" }, BOUND)).toEqual([{ field: "url", kind: "urlInvalid", url: "www.example.com" }]);
    expect(jumpProblems({ ...EMPTY, jump: "web", url: "https://example.com/a?b=1" }, BOUND)).toEqual([]);
    expect(jumpProblems({ ...EMPTY, jump: "mini_program", page: "pages/a" }, BOUND)).toEqual([{ field: "miniprogramAppid", kind: "appidMissing" }]);
    expect(jumpProblems({ ...EMPTY, jump: "mini_program", miniprogramAppid: BOUND[0] ?? "" }, BOUND)).toEqual([{ field: "page", kind: "pageMissing" }]);
    expect(jumpProblems({ jump: "mini_program", url: "ftp://x", miniprogramAppid: "wx9999999999999999", page: "pages/a" }, BOUND)).toEqual([
      { field: "url", kind: "urlInvalid", url: "ftp://x" },
      { field: "miniprogramAppid", kind: "notBound", appid: "wx9999999999999999" },
    ]);
  });

  it("takes only http(s) addresses with a host", () => {
    expect(isWebAddress("https://example.com")).toBe(true);
    expect(isWebAddress("http://example.com/a?b={{c}}")).toBe(true);
    for (const url of ["example.com", "https://", "mailto:a@b.c", "javascript:alert(1)", "HTTPS://example.com"]) expect(isWebAddress(url), url).toBe(false);
  });

  it("places the core's refusals on their field", () => {
    const refusal = new IpcError("invalid_input", "url: \"x\" is not a web address (https://…)", "url: 「x」不是网址，请填写以 https:// 开头的完整地址");
    expect(jumpFieldError(refusal)).toEqual({ field: "url", message: "「x」不是网址，请填写以 https:// 开头的完整地址" });
    expect(jumpFieldError(new IpcError("invalid_input", "miniprogramAppid: choose", "miniprogramAppid: 请选择"))?.field).toBe("miniprogramAppid");
    expect(jumpFieldError(new IpcError("invalid_input", "page: enter", "page: 请填写"))?.field).toBe("page");
    expect(jumpFieldError(new IpcError("invalid_input", "openid: values: x"))).toBeNull();
    expect(jumpFieldError(new IpcError("invalid_openid", "url: x"))).toBeNull();
    expect(jumpFieldError(null)).toBeNull();
  });
});
