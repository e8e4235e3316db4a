import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import {
  call,
  commands,
  toIpcError,
  type AppError,
  type Campaign,
  type CampaignAction,
  type ErrcodeCount,
  type Progress,
  type Result,
} from "../../ipc";
import { useTauriEvent } from "../../ipc/useTauriEvent";

import { isFinalStatus } from "./model";

/** The Tauri event carrying a `Progress` snapshot of a running campaign. */
export const PROGRESS_EVENT = "campaign-progress";
/** The Tauri event (no payload) the app's scheduler sends when it started, made or marked something. */
export const SCHEDULE_EVENT = "schedule-changed";

export const campaignsQueryKey = (accountId: number | null) => ["campaigns", accountId] as const;
export const campaignQueryKey = (id: number) => ["campaign", id] as const;
export const interruptedQueryKey = ["interruptedCampaigns"] as const;
export const catalogueQueryKey = ["errorCatalogue"] as const;

/** The account's campaigns, newest first. */
export function useCampaignList(accountId: number | null) {
  return useQuery({
    queryKey: campaignsQueryKey(accountId),
    queryFn: () => call(commands.listCampaigns(accountId)),
    enabled: accountId !== null,
    staleTime: 0,
    meta: { silentError: true },
  });
}

/** One campaign. */
export function useCampaign(id: number) {
  return useQuery({
    queryKey: campaignQueryKey(id),
    queryFn: () => call(commands.getCampaign(id)),
    staleTime: 0,
    meta: { silentError: true },
  });
}

/**
 * A campaign's refused attempts by errcode, from the send log: the breakdown while it is not
 * sending (while it sends, progress events carry it). `version` refetches it when the campaign
 * changes (a run ended, rows were resent).
 */
export function useCampaignErrcodes(id: number, version: string, enabled: boolean) {
  return useQuery({
    queryKey: ["campaignErrcodes", id, version] as const,
    queryFn: () => call(commands.logTotals({ campaignId: id })),
    select: (totals): ErrcodeCount[] =>
      totals.byErrcode.flatMap(({ errcode, count }) => (errcode === null || errcode === 0 ? [] : [{ errcode, count }])),
    enabled,
    staleTime: 0,
    meta: { silentError: true },
  });
}

/** Campaigns that were running when the app last stopped. */
export function useInterruptedCampaigns() {
  return useQuery({
    queryKey: interruptedQueryKey,
    queryFn: () => call(commands.interruptedCampaigns()),
    staleTime: 0,
  });
}

/** The error catalogue: fixed for the app's lifetime, so fetched once. */
export function useErrorCatalogue() {
  return useQuery({
    queryKey: catalogueQueryKey,
    queryFn: async () => {
      try {
        return await commands.errorCatalogue();
      } catch (error) {
        throw toIpcError(error);
      }
    },
    staleTime: Infinity,
    gcTime: Infinity,
    meta: { silentError: true },
  });
}

/** Everything that shows a campaign: refetched after a command or a final progress event. */
export function invalidateCampaign(queryClient: QueryClient, campaign: Pick<Campaign, "id" | "accountId">) {
  void queryClient.invalidateQueries({ queryKey: campaignQueryKey(campaign.id) });
  void queryClient.invalidateQueries({ queryKey: ["campaigns"] });
  void queryClient.invalidateQueries({ queryKey: interruptedQueryKey });
  // A series lists its runs with their status (`seriesQueryKey`, features/series, by its prefix).
  void queryClient.invalidateQueries({ queryKey: ["series"] });
}

/**
 * The app's scheduler started, made or marked something (a scheduled campaign started, a
 * series made its next run, a campaign was missed): every campaign and series shown is read
 * again, and the dashboard (`dashboardQueryKey`, by its prefix: it imports this module) and
 * the settings' background card.
 */
export function useScheduleEvents() {
  const queryClient = useQueryClient();
  useTauriEvent<null>(SCHEDULE_EVENT, () => {
    // `backgroundSettings` (features/settings) says whether anything is scheduled or sending.
    for (const queryKey of [["campaigns"], ["campaign"], ["series"], interruptedQueryKey, ["dashboard"], ["backgroundSettings"]]) {
      void queryClient.invalidateQueries({ queryKey });
    }
  });
}

/**
 * Calls `onProgress` for every `campaign-progress` event (of one campaign when `campaignId` is
 * given). Subscribes once per mount and unsubscribes on unmount, even when `listen` resolves
 * after the component is gone.
 */
export function useProgressEvents(campaignId: number | null, onProgress: (progress: Progress) => void) {
  useTauriEvent<Progress>(
    PROGRESS_EVENT,
    (progress) => {
      if (campaignId === null || progress.campaignId === campaignId) onProgress(progress);
    },
    campaignId,
  );
}

/** Keeps cached campaigns' counts and status in step with progress events. */
export function applyProgress(queryClient: QueryClient, progress: Progress) {
  const patch = (campaign: Campaign): Campaign =>
    campaign.id === progress.campaignId ? { ...campaign, status: progress.status, counts: progress.counts } : campaign;
  queryClient.setQueriesData<Campaign[]>({ queryKey: ["campaigns"] }, (list) => list?.map(patch));
  if (isFinalStatus(progress.status)) {
    void queryClient.invalidateQueries({ queryKey: ["campaigns"] });
    void queryClient.invalidateQueries({ queryKey: interruptedQueryKey });
  }
}

/** The actions that take nothing but the campaign; a new time is asked with `useRescheduleCampaign`. */
export type PlainAction = Exclude<CampaignAction, "reschedule">;

/** The command behind each action a campaign may offer. */
const ACTION_COMMANDS: Record<PlainAction, (id: number) => Promise<Result<Campaign, AppError>>> = {
  start: (id) => commands.startCampaign(id),
  resume: (id) => commands.resumeCampaign(id),
  pause: (id) => commands.pauseCampaign(id),
  cancel: (id) => commands.cancelCampaign(id),
  resend_unknown: (id) => commands.resendCampaign(id, "unknown"),
  resend_failed: (id) => commands.resendCampaign(id, "failed"),
  unschedule: (id) => commands.unscheduleCampaign(id),
  skip: (id) => commands.skipCampaign(id),
  // Another sender's approval (a team's store): the campaign may then start.
  approve: (id) => commands.approveCampaign(id),
};

export type ActionRequest = { campaign: Pick<Campaign, "id" | "accountId">; action: PlainAction };

/** One key per campaign: while one of its actions runs, its other buttons wait. */
export const campaignActionKey = (id: number) => ["campaignAction", id] as const;

/**
 * Runs one of a campaign's actions. The answer is the campaign with its new `actions`. A
 * refusal (`busy`, `action_not_allowed`, …) is shown by the error notifier, and the campaign is
 * fetched again: what this window showed was out of date.
 */
export function useCampaignAction(campaignId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: campaignActionKey(campaignId),
    mutationFn: ({ campaign, action }: ActionRequest) => call(ACTION_COMMANDS[action](campaign.id)),
    onSuccess: (campaign) => {
      queryClient.setQueryData(campaignQueryKey(campaign.id), campaign);
      invalidateCampaign(queryClient, campaign);
    },
    onError: (_error, { campaign }) => invalidateCampaign(queryClient, campaign),
  });
}

export type RescheduleRequest = { campaign: Pick<Campaign, "id" | "accountId">; at: number };

/**
 * Gives a campaign that has not started a (new) time to start. It shares the campaign's action
 * key. A refusal is shown where the time is chosen (`at: …` under the field), so it is silent
 * here; the campaign is fetched again either way.
 */
export function useRescheduleCampaign(campaignId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: campaignActionKey(campaignId),
    mutationFn: ({ campaign, at }: RescheduleRequest) => call(commands.rescheduleCampaign(campaign.id, at)),
    onSuccess: (campaign) => {
      queryClient.setQueryData(campaignQueryKey(campaign.id), campaign);
      invalidateCampaign(queryClient, campaign);
    },
    onError: (_error, { campaign }) => invalidateCampaign(queryClient, campaign),
    meta: { silentError: true },
  });
}

export type ArchiveRequest = { campaign: Pick<Campaign, "id" | "accountId">; archived: boolean };

/**
 * Archives a campaign or brings it back. It shares the campaign's action key: while it runs, the
 * campaign's other buttons wait. A refusal (`conflict`: not finished or cancelled) is shown by
 * the error notifier and the campaign is fetched again. The dashboard leaves archived campaigns
 * out, so it is read again too.
 */
export function useArchiveCampaign(campaignId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: campaignActionKey(campaignId),
    mutationFn: ({ campaign, archived }: ArchiveRequest) => call(commands.archiveCampaign(campaign.id, archived)),
    onSuccess: (campaign) => {
      queryClient.setQueryData(campaignQueryKey(campaign.id), campaign);
      invalidateCampaign(queryClient, campaign);
      // `dashboardQueryKey` (features/dashboard) by its prefix: the dashboard imports this module.
      void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
    },
    onError: (_error, { campaign }) => invalidateCampaign(queryClient, campaign),
  });
}
