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
