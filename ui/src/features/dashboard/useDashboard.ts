import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { call, commands, type Dashboard } from "../../ipc";
import { isFinalStatus } from "../campaigns/model";
import { useProgressEvents } from "../campaigns/useCampaigns";
import { hasRunning, patchActive } from "./model";

export const dashboardQueryKey = (accountId: number) => ["dashboard", accountId] as const;
export const sendQuotaQueryKey = (accountId: number) => ["sendQuota", accountId] as const;

/** How often the page reads the local store again while one of its campaigns is sending. */
export const LIVE_REFRESH_MS = 5_000;

/**
 * How long a quota answer is good for before coming back to the page asks WeChat again. Each
 * check is a call to WeChat: the page does not poll it, the user can ask with "Check again".
 */
export const QUOTA_STALE_MS = 5 * 60_000;

/** The account's sends today and this week and its campaigns: read from the local store only. */
export function useDashboard(accountId: number) {
  return useQuery({
    queryKey: dashboardQueryKey(accountId),
    queryFn: () => call(commands.dashboard(accountId)),
    staleTime: 0,
    // While a campaign sends, today's and this week's numbers move: read them again every few seconds.
    refetchInterval: (query) => (query.state.data && hasRunning(query.state.data) ? LIVE_REFRESH_MS : false),
    meta: { silentError: true },
  });
}

/** Today's send quota, as WeChat counts it. Slow or failing on its own: nothing else waits for it. */
export function useSendQuota(accountId: number) {
  return useQuery({
    queryKey: sendQuotaQueryKey(accountId),
    queryFn: () => call(commands.sendQuota(accountId)),
    staleTime: QUOTA_STALE_MS,
    meta: { silentError: true },
  });
}

/**
 * Follows `campaign-progress` events: a campaign's bar moves with each one, and when a run ends
 * the dashboard is read again (and the quota, which the run used). A campaign the page does not
 * list is looked for once (it may have just started); events of other accounts' campaigns are
 * not followed after that.
 */
export function useLiveDashboard(accountId: number) {
  const queryClient = useQueryClient();
  const lookedFor = useRef(new Set<number>());
  useProgressEvents(null, (progress) => {
    const key = dashboardQueryKey(accountId);
    const current = queryClient.getQueryData<Dashboard>(key);
    if (!current) return;
    const active = patchActive(current.active, { id: progress.campaignId, status: progress.status, counts: progress.counts });
    if (!active) {
      if (lookedFor.current.has(progress.campaignId)) return;
      lookedFor.current.add(progress.campaignId);
      void queryClient.invalidateQueries({ queryKey: key });
      return;
    }
    queryClient.setQueryData<Dashboard>(key, { ...current, active });
    if (isFinalStatus(progress.status)) {
      void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: sendQuotaQueryKey(accountId) });
    }
  });
}
