import type { IpcError } from "../../ipc";

/** The push key fields of the form. */
export type PushKeyField = "token" | "aesKey";

/** The core's field keys (`connections.rs` `save_push_keys`) → the form's fields. */
const FIELDS: Record<string, PushKeyField> = { pushToken: "token", aesKey: "aesKey" };

/**
 * The field an `invalid_input` error is about, and its message without the field key: the core
 * starts such messages with the key and a colon ("aesKey: …"), which only places the message.
 * Read when shown, so the message follows a language switch.
 */
export function pushKeyFieldError(error: IpcError): { field: PushKeyField; message: string } | null {
  if (error.code !== "invalid_input") return null;
  const match = /^([A-Za-z]+):\s*([\s\S]*)$/.exec(error.message);
  const field = match?.[1] ? FIELDS[match[1]] : undefined;
  return match && field ? { field, message: match[2] || error.message } : null;
}
