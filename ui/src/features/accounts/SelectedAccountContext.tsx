import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import type { AccountSummary } from "../../ipc";
import { useLoadedPreferences, useUpdatePreferences } from "../settings/usePreferences";
import { resolveSelectedAccount, visibleAccounts } from "./selection";
import { useAccounts } from "./useAccounts";

export type SelectedAccountState = {
  /** Accounts the user can choose from (honours "show sandbox account"). */
  accounts: AccountSummary[];
  /** The account every page is scoped to; `undefined` while loading or when there is none. */
  selectedAccount: AccountSummary | undefined;
  selectedAccountId: number | null;
  /** Chooses an account; remembered across restarts (`selectedAccountId` preference). */
  selectAccount: (id: number) => void;
  /**
   * Remembers the account in use when it is only the fallback (nothing remembered yet), so that
   * adding an account does not move the fallback to it: a new real account comes before the sandbox.
   */
  rememberSelection: () => void;
  isLoading: boolean;
};

const SelectedAccountContext = createContext<SelectedAccountState | null>(null);

export function SelectedAccountProvider({ children }: { children: ReactNode }) {
  const prefs = useLoadedPreferences();
  const { update } = useUpdatePreferences();
  const accountsQuery = useAccounts();

  const selectAccount = useCallback((id: number) => update({ selectedAccountId: id }), [update]);

  const value = useMemo<SelectedAccountState>(() => {
    const accounts = visibleAccounts(accountsQuery.data ?? [], prefs.showSandbox);
    const selectedAccount = resolveSelectedAccount(accounts, prefs.selectedAccountId);
    return {
      accounts,
      selectedAccount,
      selectedAccountId: selectedAccount?.id ?? null,
      selectAccount,
      rememberSelection: () => {
        if (selectedAccount && selectedAccount.id !== prefs.selectedAccountId) selectAccount(selectedAccount.id);
      },
      isLoading: accountsQuery.isPending,
    };
  }, [accountsQuery.data, accountsQuery.isPending, prefs.showSandbox, prefs.selectedAccountId, selectAccount]);

  return <SelectedAccountContext.Provider value={value}>{children}</SelectedAccountContext.Provider>;
}

/** The app-wide selected account. Templates, compose, campaigns and the log are scoped to it. */
export function useSelectedAccount(): SelectedAccountState {
  const state = useContext(SelectedAccountContext);
  if (!state) throw new Error("useSelectedAccount must be used inside <SelectedAccountProvider>");
  return state;
}
