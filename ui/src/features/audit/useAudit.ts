import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { call, commands, toIpcError, type AuditFilter, type Language } from "../../ipc";

export const auditQueryKey = ["audit"] as const;

/**
 * The trail of a filter, newest first, a page of 100 at a time: each page continues below the
 * previous page's `next` id. Always read afresh: every action of the app adds to it.
 */
export function useAuditPages(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: [...auditQueryKey, "pages", filter],
    queryFn: ({ pageParam }) => call(commands.auditTrail(filter, pageParam)),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.next ?? undefined,
    staleTime: 0,
    meta: { silentError: true },
  });
}

/**
 * Asks where to save an export: the native save dialog, starting at the core's suggestion.
 * `null` when the user closes the dialog. A failure is reported like any backend error.
 */
export function usePickAuditExportPath() {
  return useMutation({
    mutationFn: async () => {
      let suggested: string;
      try {
        suggested = await commands.defaultAuditExportPath();
      } catch (error) {
        throw toIpcError(error);
      }
      return call(commands.pickExportPath(suggested));
    },
  });
}

/** `overwrite` is true only after the user answered "replace?" for this very path. */
export type AuditExportArgs = { filter: AuditFilter; path: string; lang: Language; overwrite: boolean };

/** Writes the trail of a filter to a CSV file; answers how many entries. Errors are shown on the page. */
export function useExportAudit() {
  return useMutation({
    mutationFn: ({ filter, path, lang, overwrite }: AuditExportArgs) => call(commands.exportAudit(filter, path, lang, overwrite)),
    meta: { silentError: true },
  });
}
