import type { AppError, ErrorCode } from "../bindings";

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
  "invalid_openid",
  "file_exists",
  "store_corrupt",
  "ambiguous_encoding",
  "internal",
] as const satisfies readonly ErrorCode[];

type MissingErrorCode = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const _allCodesListed: MissingErrorCode extends never ? true : false = true;
void _allCodesListed;

/** An error reported by the backend (`{code, message}`), as a throwable `Error`. */
export class IpcError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "IpcError";
    this.code = code;
  }

  toAppError(): AppError {
    return { code: this.code, message: this.message };
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

function isAppErrorShape(value: unknown): value is { code: unknown; message: unknown } {
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
    return new IpcError(code, message);
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
