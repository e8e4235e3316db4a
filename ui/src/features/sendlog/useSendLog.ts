import { useInfiniteQuery, useMutation, useQueries, useQuery } from "@tanstack/react-query";
import { call, commands, toIpcError, type ExportFormat, type Language, type LogCursor, type LogFilter } from "../../ipc";
import { useTauriEvent } from "../../ipc/useTauriEvent";
import { PAGE_SIZE } from "./model";

/** The Tauri event carrying the number of rows an export has written so far. */
export const EXPORT_PROGRESS_EVENT = "export-progress";

export const logQueryKey = ["log"] as const;

/** The log of a filter, newest first, one keyset page at a time (never an offset). */
export function useLogPages(filter: LogFilter) {
  return useInfiniteQuery({
    queryKey: [...logQueryKey, "pages", filter],
    queryFn: ({ pageParam }) => call(commands.logPage(filter, pageParam, PAGE_SIZE)),
    initialPageParam: null as LogCursor | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
    meta: { silentError: true },
  });
}

/** Totals of a filter by status and errcode. */
export function useLogTotals(filter: LogFilter) {
  return useQuery({
    queryKey: [...logQueryKey, "totals", filter],
    queryFn: () => call(commands.logTotals(filter)),
    staleTime: 0,
    meta: { silentError: true },
  });
}

/** One attempt with request, response and the recipient's history. */
export function useLogEntry(id: number | null) {
  return useQuery({
    queryKey: [...logQueryKey, "entry", id],
    queryFn: () => call(commands.logEntry(id ?? 0)),
    enabled: id !== null,
    meta: { silentError: true },
  });
}

/** A campaign's report: counts, send rate over time, duration. */
export function useCampaignReport(id: number) {
  return useQuery({
    queryKey: [...logQueryKey, "report", id],
    queryFn: () => call(commands.campaignReport(id)),
    staleTime: 0,
    meta: { silentError: true },
  });
}

/** Campaigns for the campaign filter (of one account, or all). */
export function useLogCampaigns(accountId: number | null) {
  return useQuery({
    queryKey: ["campaigns", accountId],
    queryFn: () => call(commands.listCampaigns(accountId)),
    meta: { silentError: true },
  });
}

/** Templates for the template filter: of the given accounts, without duplicates. */
export function useLogTemplates(accountIds: readonly number[]) {
  return useQueries({
    queries: accountIds.map((accountId) => ({
      queryKey: ["templates", accountId] as const,
      queryFn: () => call(commands.listTemplates(accountId, null)),
      meta: { silentError: true },
    })),
    combine: (results) => {
      const seen = new Map<string, { templateId: string; title: string }>();
      for (const result of results) {
        for (const tpl of result.data ?? []) if (!seen.has(tpl.templateId)) seen.set(tpl.templateId, tpl);
      }
      return [...seen.values()];
    },
  });
}

/** The template list of one account (for keyword labels on the card). */
export function useAccountTemplates(accountId: number | null) {
  return useQuery({
    queryKey: ["templates", accountId ?? -1],
    queryFn: () => call(commands.listTemplates(accountId ?? 0, null)),
    enabled: accountId !== null,
    meta: { silentError: true },
  });
}

/** A sensible default path for an export of `format`. */
export function useDefaultExportPath(format: ExportFormat, enabled: boolean) {
  return useQuery({
    queryKey: ["defaultExportPath", format],
    queryFn: async () => {
      try {
        return await commands.defaultExportPath(format);
      } catch (error) {
        throw toIpcError(error);
      }
    },
    enabled,
    staleTime: 60_000,
    meta: { silentError: true },
  });
}

/** The native save dialog; `null` when the user closes it. */
export function usePickExportPath() {
  return useMutation({ mutationFn: (suggested: string) => call(commands.pickExportPath(suggested)) });
}

/** `overwrite` is true only after the user answered "replace?" for this very path. */
export type ExportArgs = { filter: LogFilter; path: string; lang: Language; overwrite: boolean };

/** Runs an export; errors (and the "replace?" question) are shown inside the export modal. */
export function useExportLog() {
  return useMutation({
    mutationFn: ({ filter, path, lang, overwrite }: ExportArgs) => call(commands.exportLog(filter, path, lang, overwrite)),
    meta: { silentError: true },
  });
}

/** Asks the running export to stop (its partial file is removed). */
export async function cancelExport(): Promise<void> {
  try {
    await commands.cancelExport();
  } catch (error) {
    throw toIpcError(error);
  }
}

/**
 * Calls `onRows` with every `export-progress` event while mounted. Unsubscribes on unmount, even
 * when `listen` resolves after the component is gone.
 */
export function useExportProgress(onRows: (rows: number) => void) {
  useTauriEvent<number>(EXPORT_PROGRESS_EVENT, (rows) => {
    if (typeof rows === "number") onRows(rows);
  });
}
