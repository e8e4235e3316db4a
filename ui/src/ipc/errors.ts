import type { AppError, ErrorCode } from "../bindings";
import i18n from "../i18n";

/** What every generated command resolves to (the shape tauri-specta's bindings produce). */
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

/**
 * Every error code the backend can send. `satisfies` plus the exhaustiveness check below make
 * the build fail when the Rust side adds a code that the UI does not know yet.
 */
export const ERROR_CODES = [
  "invalid_input",
  "not_found",
  "conflict",
  "store",
  "store_too_new",
  "keyring_unavailable",
  "secret_missing",
  "wechat",
  "network",
  "io",
  "action_not_allowed",
  "nothing_to_do",
  "busy",
  "not_permitted",
  "invalid_openid",
  "file_exists",
  "store_corrupt",
  "ambiguous_encoding",
  "internal",
] as const satisfies readonly ErrorCode[];

type MissingErrorCode = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const _allCodesListed: MissingErrorCode extends never ? true : false = true;
void _allCodesListed;

/** An error reported by the backend (`{code, message, messageZh}`), as a throwable `Error`. */
export class IpcError extends Error {
  readonly code: ErrorCode;
  /** The message in English, as the CLI and the logs say it. */
  readonly messageEn: string;
  /** The same message in Chinese. */
  readonly messageZh: string;

  /** `messageZh` defaults to the English, for errors that have only one text (a bug in the UI). */
  constructor(code: ErrorCode, messageEn: string, messageZh: string = messageEn) {
    super(messageEn);
    this.name = "IpcError";
    this.code = code;
    this.messageEn = messageEn;
    this.messageZh = messageZh;
    // Every place that shows `error.message` gets the UI's language, read when it is shown, so
    // a message on screen follows a language switch.
    Object.defineProperty(this, "message", {
      get: () => this.messageIn(i18n.language),
      configurable: true,
      enumerable: false,
    });
  }

  /** The message in one of the UI's languages. */
  messageIn(language: string): string {
    return language.startsWith("zh") ? this.messageZh : this.messageEn;
  }

  toAppError(): AppError {
    return { code: this.code, message: this.messageEn, messageZh: this.messageZh };
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

function isAppErrorShape(value: unknown): value is { code: unknown; message: unknown; messageZh?: unknown } {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}

/**
 * Turns anything thrown around an IPC call into an `IpcError`. Backend errors keep their code;
 * anything else (no Tauri runtime, a bug in the UI) becomes `internal` with its own message.
 */
export function toIpcError(error: unknown): IpcError {
  if (error instanceof IpcError) return error;
  if (isAppErrorShape(error)) {
    const code = isErrorCode(error.code) ? error.code : "internal";
    const message = typeof error.message === "string" ? error.message : String(error.message);
    const messageZh = typeof error.messageZh === "string" ? error.messageZh : message;
    return new IpcError(code, message, messageZh);
  }
  if (error instanceof Error) return new IpcError("internal", error.message);
  return new IpcError("internal", String(error));
}

/** Returns the data of an ok result, throws an `IpcError` for an error result. */
export function unwrap<T>(result: Result<T, AppError>): T {
  if (result.status === "ok") return result.data;
  throw toIpcError(result.error);
}

/**
 * Awaits a generated command and unwraps it. Errors that the bindings rethrow as plain `Error`s
 * (e.g. the Tauri runtime is missing) are converted too, so callers only ever see `IpcError`.
 */
export async function call<T>(pending: Promise<Result<T, AppError>>): Promise<T> {
  let result: Result<T, AppError>;
  try {
    result = await pending;
  } catch (error) {
    throw toIpcError(error);
  }
  return unwrap(result);
}
