import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { call, commands } from "../../ipc";
import { accountsQueryKey } from "../accounts/useAccounts";

/** Query key of an account's cached templates (every search is filtered from it locally). */
export const templatesQueryKey = (accountId: number) => ["templates", accountId] as const;

/** The account's templates as cached locally by the last sync: available offline. */
export function useTemplates(accountId: number | null) {
  return useQuery({
    queryKey: templatesQueryKey(accountId ?? -1),
    queryFn: () => call(commands.listTemplates(accountId ?? -1, null)),
    enabled: accountId !== null,
    // The page shows this error inline.
    meta: { silentError: true },
  });
}

/** Pulls the account's templates from WeChat into the local cache. Errors are shown inline. */
export function useSyncTemplates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (accountId: number) => call(commands.syncTemplates(accountId)),
    onSuccess: async (_summary, accountId) => {
      // The account carries the time of its last sync.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: templatesQueryKey(accountId) }),
        queryClient.invalidateQueries({ queryKey: accountsQueryKey }),
      ]);
    },
    meta: { silentError: true },
  });
}

/** Case-insensitive match of a template title against the search box. */
export function matchesSearch(title: string, search: string): boolean {
  const needle = search.trim().toLocaleLowerCase();
  return needle === "" || title.toLocaleLowerCase().includes(needle);
}
