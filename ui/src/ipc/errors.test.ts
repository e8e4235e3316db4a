import { describe, expect, it } from "vitest";
import type { AppError } from "../bindings";
import i18n from "../i18n";
import { IpcError, call, toIpcError, unwrap, type Result } from "./errors";

describe("unwrap", () => {
  it("returns the data of an ok result", () => {
    expect(unwrap({ status: "ok", data: 42 })).toBe(42);
  });

  it("throws an IpcError carrying code and message", () => {
    const result: Result<number, AppError> = {
      status: "error",
      error: { code: "not_found", message: "account not found: 9", messageZh: "找不到账号「9」" },
    };
    let caught: unknown;
    try {
      unwrap(result);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IpcError);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as IpcError).code).toBe("not_found");
    expect((caught as IpcError).message).toBe("找不到账号「9」");
  });
});

describe("IpcError", () => {
  const error = new IpcError("conflict", 'name: an account named "x" already exists', "name: 已有名为「x」的账号");

  it("speaks the UI's language, following a switch", async () => {
    expect(error.message).toBe("name: 已有名为「x」的账号");
    await i18n.changeLanguage("en");
    expect(error.message).toBe('name: an account named "x" already exists');
    expect(String(error)).toBe('IpcError: name: an account named "x" already exists');
  });

  it("hands both texts back as the backend sent them", () => {
    expect(error.toAppError()).toEqual({
      code: "conflict",
      message: 'name: an account named "x" already exists',
      messageZh: "name: 已有名为「x」的账号",
    });
    expect(toIpcError(error.toAppError())).toMatchObject({ messageEn: error.messageEn, messageZh: error.messageZh });
  });
});

describe("toIpcError", () => {
  it("uses the English for a shape without Chinese", () => {
    expect(toIpcError({ code: "io", message: "disk full" })).toMatchObject({ message: "disk full", messageZh: "disk full" });
  });

  it("maps unknown codes and plain errors to internal", () => {
    expect(toIpcError({ code: "brand_new_code", message: "m" }).code).toBe("internal");
    expect(toIpcError(new TypeError("window.__TAURI_INTERNALS__ is undefined"))).toMatchObject({
      code: "internal",
      message: "window.__TAURI_INTERNALS__ is undefined",
    });
    expect(toIpcError("boom")).toMatchObject({ code: "internal", message: "boom" });
  });

  it("keeps an IpcError as it is", () => {
    const error = new IpcError("network", "timeout");
    expect(toIpcError(error)).toBe(error);
  });
});

describe("call", () => {
  it("converts a rejected invoke into an IpcError", async () => {
    await expect(call(Promise.reject(new Error("no runtime")))).rejects.toMatchObject({
      name: "IpcError",
      code: "internal",
      message: "no runtime",
    });
  });

  it("unwraps ok and error results", async () => {
    await expect(call(Promise.resolve({ status: "ok", data: "x" } as const))).resolves.toBe("x");
    await expect(
      call(Promise.resolve({ status: "error", error: { code: "wechat", message: "WeChat error 40001", messageZh: "微信返回错误 40001" } } as const)),
    ).rejects.toMatchObject({ code: "wechat", message: "微信返回错误 40001" });
  });
});
