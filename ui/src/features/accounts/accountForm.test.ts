import { describe, expect, it } from "vitest";
import { IpcError } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { fieldError, initialFormValues, isProxyUrl, secretRequired, toNewAccount, toSecret } from "./accountForm";

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
