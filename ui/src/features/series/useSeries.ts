import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { call, commands } from "../../ipc";

/** Every series query starts with "series": a campaign's change or the scheduler's refreshes them all. */
export const seriesListQueryKey = (accountId: number | null) => ["series", "list", accountId] as const;
export const seriesQueryKey = (id: number) => ["series", "one", id] as const;

/** The account's recurring campaigns, newest first. */
export function useSeriesList(accountId: number | null) {
  return useQuery({
    queryKey: seriesListQueryKey(accountId),
    queryFn: () => call(commands.listSeries(accountId)),
    enabled: accountId !== null,
    staleTime: 0,
    meta: { silentError: true },
  });
}

/** A series with its runs so far and its next runs. */
export function useSeries(id: number) {
  return useQuery({
    queryKey: seriesQueryKey(id),
    queryFn: () => call(commands.getSeries(id)),
    staleTime: 0,
    meta: { silentError: true },
  });
}

/** Stops a series: no more runs are made (runs already made keep their state). */
export function useStopSeries(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(commands.stopSeries(id)),
    onSuccess: (view) => {
      queryClient.setQueryData(seriesQueryKey(id), view);
      void queryClient.invalidateQueries({ queryKey: ["series", "list"] });
      // Its runs show the series' next run (`campaignsQueryKey`, features/campaigns, by its prefix).
      void queryClient.invalidateQueries({ queryKey: ["campaigns"] });
      void queryClient.invalidateQueries({ queryKey: ["campaign"] });
    },
  });
}
