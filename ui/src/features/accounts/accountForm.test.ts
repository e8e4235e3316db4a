import { describe, expect, it } from "vitest";
import { IpcError } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { fieldError, fieldShown, initialFormValues, isProxyUrl, secretRequired, toNewAccount, toSecret } from "./accountForm";
import { OFFICIAL_ACCOUNT } from "./testing/accountsPage";

describe("account form", () => {
  it("places backend errors on the field their prefix names", () => {
    expect(fieldError(new IpcError("invalid_input", "tokenUrl: not an http(s) URL"))).toEqual({
      field: "tokenUrl",
      message: "not an http(s) URL",
    });
    expect(fieldError(new IpcError("conflict", "appid: an account for wx1 already exists"))?.field).toBe("appid");
    expect(fieldError(new IpcError("conflict", 'an account named "a" already exists'))?.field).toBe("name");
    expect(fieldError(new IpcError("invalid_input", "something else entirely"))).toBeNull();
    expect(fieldError(new IpcError("network", "proxy: refused"))).toBeNull();
  });

  it("places the backend's complaint about bound mini programs on that field", () => {
    expect(fieldError(new IpcError("invalid_input", 'miniPrograms: "wx1" is not the AppID of another mini program'))).toEqual({
      field: "miniPrograms",
      message: '"wx1" is not the AppID of another mini program',
    });
  });

  it("shows bound mini programs only for an Official Account, so their errors go above otherwise", () => {
    expect(fieldShown("miniPrograms", { kind: "official_account", tokenMode: "stable" })).toBe(true);
    expect(fieldShown("miniPrograms", { kind: "mini_program", tokenMode: "stable" })).toBe(false);
    expect(fieldShown("tokenUrl", { kind: "mini_program", tokenMode: "stable" })).toBe(false);
    expect(fieldShown("secret", { kind: "mini_program", tokenMode: "external" })).toBe(false);
    expect(fieldShown("name", { kind: "mini_program", tokenMode: "external" })).toBe(true);
  });

  it("starts a new account as a mini program, and an edited one as what it is", () => {
    expect(initialFormValues()).toMatchObject({ kind: "mini_program", miniPrograms: [] });
    expect(initialFormValues(OFFICIAL_ACCOUNT)).toMatchObject({
      kind: "official_account",
      miniPrograms: OFFICIAL_ACCOUNT.miniPrograms,
    });
  });

  it("always sends the kind, and bound mini programs only for an Official Account, tidied", () => {
    const values = { ...initialFormValues(), name: "a", appid: "wx0123456789abcdef", miniPrograms: [" wx1111111111111111", "wx1111111111111111", ""] };
    expect(toNewAccount(values)).toMatchObject({ kind: "mini_program", miniPrograms: [] });
    expect(toNewAccount({ ...values, kind: "official_account" })).toMatchObject({
      kind: "official_account",
      miniPrograms: ["wx1111111111111111"],
    });
  });

  it("sends only what the token source uses", () => {
    const values = { ...initialFormValues(), name: " a ", appid: "wx0123456789abcdef", tokenUrl: "https://t", proxy: " ", secret: "s" };
    expect(toNewAccount(values)).toMatchObject({ name: "a", tokenUrl: null, proxy: null });
    expect(toSecret(values)).toBe("s");
    expect(toSecret({ ...values, tokenMode: "external" })).toBeNull();
    expect(toSecret({ ...values, secret: "" })).toBeNull();
  });

  it("asks for a secret only when none of the right kind is stored", () => {
    expect(secretRequired("stable")).toBe(true);
    expect(secretRequired("external")).toBe(false);
    expect(secretRequired("classic", REAL_ACCOUNT)).toBe(false);
    expect(secretRequired("manual", REAL_ACCOUNT)).toBe(true);
  });

  it("accepts http(s) and socks5 proxies", () => {
    expect(isProxyUrl("socks5://10.0.0.1:1080")).toBe(true);
    expect(isProxyUrl("proxy:8080")).toBe(false);
  });
});
