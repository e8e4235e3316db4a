import type { AccountSummary, AppError, NewAccount } from "../bindings";
import {
  accountAppidInvalid,
  accountAppidTaken,
  accountNameInvalid,
  accountNameTaken,
  miniProgramNotAnother,
  miniProgramsNotOfficial,
  notAUrl,
  notFound,
  tokenUrlMissing,
  tooManyMiniPrograms,
} from "./coreErrors";

/**
 * The fake `add_account` / `update_account`: the core's `NewAccount::validate` and the checks
 * of `desk/accounts.rs`, in the same order and with the same errors, so a UI test cannot save
 * an account the real app refuses. Written apart from the form's own checks on purpose: a
 * mistake in those must not be copied here, where it would go unnoticed.
 */

/** What the fake store holds for accounts (a part of `FakeBackend`). */
export type AccountsState = {
  accounts: AccountSummary[];
  /** The fake keyring: secrets by account id. */
  secrets: Record<number, string>;
};

/** `account::DEFAULT_API_BASE`. */
const DEFAULT_API_BASE = "https://api.weixin.qq.com";

/** `account::MAX_BOUND_MINI_PROGRAMS`. */
const MAX_BOUND_MINI_PROGRAMS = 20;

/** `account::is_appid`: "wx" and 16 more ASCII letters or digits. */
function isAppid(value: string): boolean {
  return value.length === 18 && value.startsWith("wx") && /^[A-Za-z0-9]+$/.test(value);
}

/** `check_url`: an http(s) or socks5 URL with a host. */
function isUrl(value: string): boolean {
  if (!["http://", "https://", "socks5://"].some((scheme) => value.startsWith(scheme))) return false;
  try {
    return new URL(value).hostname !== "";
  } catch {
    return false;
  }
}

function trimmedOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

/** `NewAccount` after `validate`: every field present, trimmed and checked. */
type ValidAccount = Required<NewAccount>;

/** `NewAccount::check_mini_programs`: tidied, only for an Official Account, each another AppID, at most 20. */
function checkMiniPrograms(input: ValidAccount): string[] | AppError {
  const bound: string[] = [];
  for (const appid of input.miniPrograms.map((a) => a.trim())) {
    if (appid !== "" && !bound.includes(appid)) bound.push(appid);
  }
  if (input.kind === "mini_program" && bound.length > 0) return miniProgramsNotOfficial();
  const bad = bound.find((appid) => !isAppid(appid) || appid === input.appid);
  if (bad !== undefined) return miniProgramNotAnother(bad);
  if (bound.length > MAX_BOUND_MINI_PROGRAMS) return tooManyMiniPrograms(MAX_BOUND_MINI_PROGRAMS);
  return bound;
}

/** `NewAccount::validate`: a missing kind is a mini program, missing bound mini programs none. */
export function validateAccount(raw: NewAccount): ValidAccount | AppError {
  const apiBase = raw.apiBase.trim().replace(/\/+$/, "");
  const input: ValidAccount = {
    name: raw.name.trim(),
    kind: raw.kind ?? "mini_program",
    appid: raw.appid.trim(),
    miniPrograms: raw.miniPrograms ?? [],
    tokenMode: raw.tokenMode,
    apiBase: apiBase === "" ? DEFAULT_API_BASE : apiBase,
    tokenUrl: trimmedOrNull(raw.tokenUrl),
    proxy: trimmedOrNull(raw.proxy),
  };
  const nameLength = [...input.name].length;
  if (nameLength === 0 || nameLength > 40) return accountNameInvalid();
  if (!isAppid(input.appid)) return accountAppidInvalid(input.appid, input.kind);
  const bound = checkMiniPrograms(input);
  if (!Array.isArray(bound)) return bound;
  input.miniPrograms = bound;
  if (!isUrl(input.apiBase)) return notAUrl("apiBase", input.apiBase);
  if (input.proxy !== null && !isUrl(input.proxy)) return notAUrl("proxy", input.proxy);
  if (input.tokenMode === "external") {
    if (input.tokenUrl === null) return tokenUrlMissing();
    if (!isUrl(input.tokenUrl)) return notAUrl("tokenUrl", input.tokenUrl);
  } else {
    input.tokenUrl = null;
  }
  return input;
}

/** `add_account` (no `id`) and `update_account`. The keyring's own refusals are not played here. */
export function saveAccount(
  state: AccountsState,
  { id, input: raw, secret }: { id?: number; input: NewAccount; secret: string | null },
): AccountSummary | AppError {
  const input = validateAccount(raw);
  if ("code" in input) return input;
  const before = id === undefined ? undefined : state.accounts.find((account) => account.id === id && !account.isSandbox);
  if (id !== undefined && !before) return notFound("account", id);
  if (state.accounts.some((account) => account.appid === input.appid && account.id !== id)) {
    return accountAppidTaken(input.appid);
  }
  if (state.accounts.some((account) => account.name === input.name && account.id !== id)) {
    return accountNameTaken(input.name);
  }
  const accountId = before?.id ?? Math.max(0, ...state.accounts.map((a) => a.id)) + 1;
  const summary: AccountSummary = {
    id: accountId,
    ...input,
    isSandbox: false,
    templatesSyncedAt: before?.templatesSyncedAt ?? null,
  };
  state.accounts = before
    ? state.accounts.map((account) => (account.id === accountId ? summary : account))
    : [...state.accounts, summary];
  if (secret !== null) state.secrets[accountId] = secret;
  return summary;
}
