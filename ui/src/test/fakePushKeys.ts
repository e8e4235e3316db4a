import type { AppError, PushKeysStatus } from "../bindings";
import { aesKeyInvalid, notFound, pushTokenInvalid } from "./coreErrors";

/**
 * The account's message-push Token and EncodingAESKey as the core keeps them
 * (`connections.rs` `save_push_keys`, `desk/events.rs`, `commands/events.rs`), for the fake
 * backends: one keyring entry, so the two are always replaced together.
 */

export type PushKeysState = {
  accounts: readonly { id: number }[];
  /** The fake keyring's push keys by account id; an empty `aesKey` is none. */
  pushKeys: Record<number, { token: string; aesKey: string }>;
};

const TOKEN = /^[A-Za-z0-9]{3,32}$/;
const AES_KEY = /^[A-Za-z0-9]{43}$/;

/** `Desk::push_keys_status`. */
export function pushKeysStatus(state: PushKeysState, accountId: number): PushKeysStatus | AppError {
  if (!state.accounts.some((account) => account.id === accountId)) return notFound("account", accountId);
  const keys = state.pushKeys[accountId];
  return { tokenSet: keys !== undefined, aesKeySet: keys !== undefined && keys.aesKey !== "" };
}

/**
 * `set_push_keys`: no token removes both; otherwise the Token must be 3–32 ASCII letters or
 * digits and the EncodingAESKey (blank = none) exactly 43, both trimmed, checked before
 * anything is stored.
 */
export function setPushKeys(state: PushKeysState, accountId: number, token: string | null, aesKey: string | null): PushKeysStatus | AppError {
  if (!state.accounts.some((account) => account.id === accountId)) return notFound("account", accountId);
  if (token === null) {
    delete state.pushKeys[accountId];
    return pushKeysStatus(state, accountId);
  }
  const trimmedToken = token.trim();
  if (!TOKEN.test(trimmedToken)) return pushTokenInvalid;
  const trimmedKey = (aesKey ?? "").trim();
  if (trimmedKey !== "" && !AES_KEY.test(trimmedKey)) return aesKeyInvalid;
  state.pushKeys[accountId] = { token: trimmedToken, aesKey: trimmedKey };
  return pushKeysStatus(state, accountId);
}
