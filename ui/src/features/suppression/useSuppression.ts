import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { call, commands, type FrequencyCap } from "../../ipc";

/** Every query of an account's suppression list (all searches) starts with this. */
export const suppressionQueryKey = (accountId: number) => ["suppression", accountId] as const;

/**
 * A page of the account's list: the newest entries (at most 500) whose openid or note contains
 * `search`, the counts, and the auto-add setting. Errors are shown on the page.
 */
export function useSuppressionList(accountId: number, search: string) {
  return useQuery({
    queryKey: [...suppressionQueryKey(accountId), search.trim()],
    queryFn: () => call(commands.suppressionList(accountId, search.trim())),
    // A new search keeps the table on screen until its answer comes.
    placeholderData: keepPreviousData,
    meta: { silentError: true },
  });
}

/** Puts the openids of a paste on the list. Errors are shown in the add dialog. */
export function useSuppress(accountId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ text, note }: { text: string; note: string }) => call(commands.suppress(accountId, text, note)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: suppressionQueryKey(accountId) }),
    meta: { silentError: true },
  });
}

/** Takes openids off the list; answers how many were on it. Errors are reported globally. */
export function useUnsuppress(accountId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (openids: string[]) => call(commands.unsuppress(accountId, openids)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: suppressionQueryKey(accountId) }),
  });
}

/** Whether WeChat's 43101 answers put people on the list from now on. Errors are reported globally. */
export function useSetSuppressRefusals(accountId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) => call(commands.setSuppressRefusals(accountId, on)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: suppressionQueryKey(accountId) }),
  });
}

/**
 * Whether one openid is on the account's list (for Compose, after a single send was refused):
 * asked only while `enabled`.
 */
export function useIsSuppressed(accountId: number, openid: string, enabled: boolean) {
  const trimmed = openid.trim();
  return useQuery({
    queryKey: [...suppressionQueryKey(accountId), trimmed],
    queryFn: () => call(commands.suppressionList(accountId, trimmed)),
    enabled: enabled && trimmed !== "",
    select: (list) => list.entries.some((entry) => entry.openid === trimmed),
    meta: { silentError: true },
  });
}

/** The account's frequency cap query (apart from the list's: a search could be any text). */
export const frequencyCapQueryKey = (accountId: number) => ["frequencyCap", accountId] as const;

/** The account's frequency cap, or null when it has none. Errors are shown on the card. */
export function useFrequencyCap(accountId: number) {
  return useQuery({
    queryKey: frequencyCapQueryKey(accountId),
    queryFn: () => call(commands.frequencyCap(accountId)),
    meta: { silentError: true },
  });
}

/** Sets the account's frequency cap; null removes it. Errors (a cap out of bounds) are shown on the card. */
export function useSetFrequencyCap(accountId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (cap: FrequencyCap | null) => call(commands.setFrequencyCap(accountId, cap)),
    onSuccess: (_, cap) => queryClient.setQueryData(frequencyCapQueryKey(accountId), cap),
    onSettled: () => queryClient.invalidateQueries({ queryKey: frequencyCapQueryKey(accountId) }),
    meta: { silentError: true },
  });
}
