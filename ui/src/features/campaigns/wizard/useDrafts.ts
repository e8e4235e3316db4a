import { useMutation, useQueryClient } from "@tanstack/react-query";
import { call, commands, reportError, toIpcError, type DraftInput, type DraftSettings, type ScheduleRequest } from "../../../ipc";
import { campaignQueryKey } from "../useCampaigns";
import { followerTagsQueryKey } from "./useFollowers";

/**
 * The wizard's drafts: the file is read once into a draft (`create_draft`), and everything
 * after — validation, test send, start — works on that draft by id. Errors are shown inline.
 */

/**
 * Reads a file or a paste into a draft, or answers which encodings it could be in; or fetches an
 * Official Account's followers into one. A failed fetch lists the tags again: a tag deleted on
 * WeChat meanwhile (`tags:` refusal) is gone from the choice.
 */
export function useCreateDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DraftInput) => call(commands.createDraft(input)),
    onError: (_error, input) => {
      if (input.source.kind === "followers") void queryClient.invalidateQueries({ queryKey: followerTagsQueryKey(input.accountId) });
    },
    meta: { silentError: true },
  });
}

/** Saves the wizard's choices into the draft and validates every row against them. */
export function useUpdateDraft() {
  return useMutation({
    mutationFn: ({ id, settings }: { id: number; settings: DraftSettings }) => call(commands.updateDraft(id, settings)),
    meta: { silentError: true },
  });
}

/** Whether the draft is gone: after a failed start, the campaign may exist already. */
export async function draftIsGone(id: number): Promise<boolean> {
  try {
    await call(commands.getDraft(id));
    return false;
  } catch (error) {
    return toIpcError(error).code === "not_found";
  }
}

/** Stores the wizard's current choices in the draft when they changed since last stored. */
export type SaveDraft = () => Promise<void>;

/** Sends the draft's first valid row to the test list, with the choices on screen stored first. */
export function useTestSendDraft(id: number, save: SaveDraft) {
  return useMutation({
    mutationFn: async () => {
      await save();
      return call(commands.testSendDraft(id));
    },
    meta: { silentError: true },
  });
}

/**
 * Makes the campaign from the draft and starts it, or schedules it (a time, a repeat rule — then
 * a series too); the draft is gone afterwards. The name and speed on screen are stored first:
 * the campaign is made from what the draft holds.
 */
export function useStartDraft(id: number, save: SaveDraft) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (schedule: ScheduleRequest) => {
      await save();
      return call(commands.startDraft(id, schedule));
    },
    onSuccess: (campaign) => {
      queryClient.setQueryData(campaignQueryKey(campaign.id), campaign);
      void queryClient.invalidateQueries({ queryKey: ["campaigns"] });
      // A repeat rule made a series (`seriesQueryKey`, features/series, by its prefix).
      if (campaign.seriesId !== null) void queryClient.invalidateQueries({ queryKey: ["series"] });
    },
    meta: { silentError: true },
  });
}

/**
 * Throws a draft away (it holds every row of the file). A draft already gone is fine: a
 * started draft became its campaign.
 */
export function discardDraft(id: number): void {
  call(commands.discardDraft(id)).catch((error: unknown) => {
    if (toIpcError(error).code !== "not_found") reportError(error);
  });
}
