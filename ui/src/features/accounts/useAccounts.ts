import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { call, commands, type NewAccount } from "../../ipc";
import { templatesQueryKey } from "../templates/useTemplates";

export const accountsQueryKey = ["accounts"] as const;

/** Every account known to the backend, the sandbox account included. */
export function useAccounts() {
  return useQuery({
    queryKey: accountsQueryKey,
    queryFn: () => call(commands.listAccounts()),
  });
}

export type SaveAccountInput = {
  /** Set when editing an existing account. */
  id?: number;
  input: NewAccount;
  /** The AppSecret (or the pasted token); `null` keeps the stored one. */
  secret: string | null;
};

/**
 * Adds or edits an account. Errors are shown by the form itself (next to the field they name),
 * so no notification is raised. The accounts list (and the header's switcher) refreshes after.
 */
export function useSaveAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input, secret }: SaveAccountInput) =>
      call(id === undefined ? commands.addAccount(input, secret) : commands.updateAccount(id, input, secret)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountsQueryKey }),
    meta: { silentError: true },
  });
}

/** Removes an account with its cached templates and keyring entries. */
export function useRemoveAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => call(commands.removeAccount(id)),
    onSuccess: (_data, id) => {
      // The cached templates of that account are gone too (see features/templates).
      queryClient.removeQueries({ queryKey: templatesQueryKey(id) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountsQueryKey }),
  });
}
