import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { call, commands } from "../../ipc";

/** Every query of an account's ledger (templates, users, push keys) starts with this. */
export const ledgerQueryKey = (accountId: number) => ["ledger", accountId] as const;

/** The users of a template shown at most; the rest are found by openid. */
export const LEDGER_USERS_LIMIT = 500;

/**
 * What a new intake changes: the log (receipts, confirmed unknowns), campaign counts (delivered,
 * and unknown rows now sent), the dashboard and the account's ledger.
 */
function refreshAfterIntake(queryClient: QueryClient, accountId: number) {
  return Promise.all(
    [["log"], ["campaigns"], ["campaign"], ["dashboard"], ledgerQueryKey(accountId)].map((queryKey) =>
      queryClient.invalidateQueries({ queryKey }),
    ),
  );
}

/** Reads files of pushes into the account's log and ledger. Errors are shown beside the import. */
export function useImportEvents(accountId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (files: string[]) => call(commands.importEvents(accountId, files)),
    onSuccess: () => refreshAfterIntake(queryClient, accountId),
    meta: { silentError: true },
  });
}

/** Reads the pushes the built-in sandbox made for the sandbox account. */
export function useImportSandboxEvents(accountId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(commands.importSandboxEvents(accountId)),
    onSuccess: () => refreshAfterIntake(queryClient, accountId),
    meta: { silentError: true },
  });
}

/** The native dialog for files of pushes; null when closed. Errors are reported globally. */
export function usePickEventFiles() {
  return useMutation({ mutationFn: () => call(commands.pickEventFiles()) });
}

/** Which of the account's push keys are set (never the keys). Errors are shown on the card. */
export function usePushKeysStatus(accountId: number) {
  return useQuery({
    queryKey: [...ledgerQueryKey(accountId), "pushKeys"],
    queryFn: () => call(commands.pushKeysStatus(accountId)),
    meta: { silentError: true },
  });
}

/** Saves both push keys, or removes them (`token: null`). Errors are shown under the fields. */
export function useSetPushKeys(accountId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ token, aesKey }: { token: string | null; aesKey: string | null }) => call(commands.setPushKeys(accountId, token, aesKey)),
    onSuccess: (status) => queryClient.setQueryData([...ledgerQueryKey(accountId), "pushKeys"], status),
    meta: { silentError: true },
  });
}

/** Every template the ledger knows, with totals and 43101 days. Errors are shown on the card. */
export function useLedgerTemplates(accountId: number) {
  return useQuery({
    queryKey: [...ledgerQueryKey(accountId), "templates"],
    queryFn: () => call(commands.ledgerTemplates(accountId)),
    staleTime: 0,
    meta: { silentError: true },
  });
}

/** The ledger's users of a template (or one of them, by openid). Errors are shown in place. */
export function useLedgerEntries(accountId: number, templateId: string, openid: string) {
  const wanted = openid.trim();
  return useQuery({
    queryKey: [...ledgerQueryKey(accountId), "entries", templateId, wanted],
    queryFn: () => call(commands.ledgerEntries(accountId, templateId, wanted === "" ? null : wanted, LEDGER_USERS_LIMIT)),
    // A new search keeps the table on screen until its answer comes.
    placeholderData: keepPreviousData,
    meta: { silentError: true },
  });
}

/** Sets balances from a CSV file; answers the rows set. Errors are shown on the card. */
export function useImportLedger(accountId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => call(commands.importLedger(accountId, path)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ledgerQueryKey(accountId) }),
    meta: { silentError: true },
  });
}
