import type { AccountSummary } from "../../ipc";

/** Accounts offered to the user: the sandbox account only when the preference says so. */
export function visibleAccounts(accounts: readonly AccountSummary[], showSandbox: boolean): AccountSummary[] {
  return accounts.filter((account) => showSandbox || !account.isSandbox);
}

/**
 * The account the app works with: the remembered one while it is still offered, otherwise the
 * first real account, otherwise the sandbox (so a fresh install can try everything), otherwise none.
 */
export function resolveSelectedAccount(
  visible: readonly AccountSummary[],
  rememberedId: number | null,
): AccountSummary | undefined {
  const remembered = visible.find((account) => account.id === rememberedId);
  if (remembered) return remembered;
  return visible.find((account) => !account.isSandbox) ?? visible[0];
}

/**
 * The account to work with once a newly added account's connection test has ended; `null`
 * keeps the current one. An account that connects becomes current: it is what the user just
 * set up. One that failed does not silently take the place of the account the user was
 * working with (every page would switch to an account that cannot sync or send). When there
 * was none, the failing one is chosen all the same: it is the only one to work with, the pages
 * would otherwise only say "no account", and its card says it is not connected.
 */
export function accountAfterAddTest(previousId: number | null, addedId: number, connected: boolean): number | null {
  return connected || previousId === null ? addedId : null;
}
