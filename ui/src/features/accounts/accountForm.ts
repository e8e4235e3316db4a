import type { AccountKind, AccountSummary, IpcError, NewAccount, TokenMode } from "../../ipc";
import { splitFieldPrefix } from "../../ipc/fieldErrors";
import { tidyMiniPrograms } from "./boundMiniPrograms";

/** WeChat's own API base, the default of every account. */
export const DEFAULT_API_BASE = "https://api.weixin.qq.com";

/** Account kinds in the order they are offered (the default first). */
export const ACCOUNT_KINDS = ["mini_program", "official_account"] as const satisfies readonly AccountKind[];

/** Token sources in the order they are offered (the safe default first). */
export const TOKEN_MODES = ["stable", "classic", "external", "manual"] as const satisfies readonly TokenMode[];

/** The longest account name the backend accepts. */
export const NAME_MAX = 40;

/** The form's fields, named like the backend's field keys so errors map one to one. */
export type AccountFormValues = {
  /** Chosen when adding; fixed once the account exists. */
  kind: AccountKind;
  name: string;
  appid: string;
  /** An Official Account's bound mini programs (AppIDs); unused for a mini program. */
  miniPrograms: string[];
  tokenMode: TokenMode;
  tokenUrl: string;
  /** The AppSecret, or the access token in manual mode. Write-only. */
  secret: string;
  apiBase: string;
  proxy: string;
};

export type AccountField = keyof AccountFormValues;

const FIELD_KEYS: readonly AccountField[] = [
  "name",
  "appid",
  "miniPrograms",
  "secret",
  "tokenUrl",
  "apiBase",
  "proxy",
  "tokenMode",
];

/** What a token source keeps in the keyring: the AppSecret, a pasted token, or nothing. */
export function secretKind(mode: TokenMode): "appSecret" | "token" | "none" {
  if (mode === "manual") return "token";
  if (mode === "external") return "none";
  return "appSecret";
}

/** The form's starting values: empty for a new account, the account's settings when editing. */
export function initialFormValues(account?: AccountSummary): AccountFormValues {
  return {
    kind: account?.kind ?? "mini_program",
    name: account?.name ?? "",
    appid: account?.appid ?? "",
    miniPrograms: account?.miniPrograms ?? [],
    tokenMode: account?.tokenMode ?? "stable",
    tokenUrl: account?.tokenUrl ?? "",
    secret: "",
    apiBase: account?.apiBase ?? DEFAULT_API_BASE,
    proxy: account?.proxy ?? "",
  };
}

/**
 * Whether the secret must be typed: always for a new account (unless the token comes from an
 * external service), and when editing only if the new token source keeps a different kind of
 * secret than the stored one (an AppSecret is no access token).
 */
export function secretRequired(mode: TokenMode, editing?: AccountSummary): boolean {
  const kind = secretKind(mode);
  if (kind === "none") return false;
  return !editing || secretKind(editing.tokenMode) !== kind;
}

/**
 * Whether the form shows `field` for these choices. A backend error about a field the form
 * hides (the token URL of another token source, say) cannot go under it and must show above.
 */
export function fieldShown(field: AccountField, { kind, tokenMode }: Pick<AccountFormValues, "kind" | "tokenMode">): boolean {
  if (field === "miniPrograms") return kind === "official_account";
  if (field === "tokenUrl") return tokenMode === "external";
  if (field === "secret") return secretKind(tokenMode) !== "none";
  return true;
}

function optional(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/**
 * The settings sent to `add_account` / `update_account`. The kind is always sent: the backend
 * reads a missing kind as a mini program, which would turn an edited Official Account into one.
 * A mini program binds nothing, so bound AppIDs left from switching kinds are not sent.
 */
export function toNewAccount(values: AccountFormValues): NewAccount {
  return {
    name: values.name.trim(),
    kind: values.kind,
    appid: values.appid.trim(),
    miniPrograms: values.kind === "official_account" ? tidyMiniPrograms(values.miniPrograms) : [],
    tokenMode: values.tokenMode,
    apiBase: values.apiBase.trim() || DEFAULT_API_BASE,
    tokenUrl: values.tokenMode === "external" ? optional(values.tokenUrl) : null,
    proxy: optional(values.proxy),
  };
}

/** The secret sent along: `null` keeps the stored one (or when the token source needs none). */
export function toSecret(values: AccountFormValues): string | null {
  if (secretKind(values.tokenMode) === "none") return null;
  return values.secret === "" ? null : values.secret;
}

/** A full http(s) URL with a host. */
export function isHttpUrl(value: string): boolean {
  return isUrl(value, ["http:", "https:"]);
}

/** A proxy URL: http(s) or socks5, with a host. */
export function isProxyUrl(value: string): boolean {
  return isUrl(value, ["http:", "https:", "socks5:"]);
}

function isUrl(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value.trim());
    return protocols.includes(url.protocol) && url.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * The form field an `invalid_input` or `conflict` error is about. The backend starts such
 * messages with the field key and a colon ("appid: …"); that prefix is a key, not prose, and
 * is only used to place the message. A conflict without a prefix is about the name.
 */
export function fieldError(error: IpcError): { field: AccountField; message: string } | null {
  if (error.code !== "invalid_input" && error.code !== "conflict") return null;
  const onField = splitFieldPrefix(error.message, FIELD_KEYS);
  if (onField) return onField;
  if (error.code === "conflict") return { field: "name", message: error.message };
  return null;
}
