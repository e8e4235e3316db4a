import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { call, commands, type FollowerProgress } from "../../../ipc";
import { useTauriEvent } from "../../../ipc/useTauriEvent";

/** The Tauri event `create_draft` reports each page of followers with (`commands/drafts.rs`). */
export const FOLLOWERS_PROGRESS_EVENT = "followers-progress";

export const followerTagsQueryKey = (accountId: number) => ["followerTags", accountId] as const;

/** An Official Account's follower tags with their counts, asked of WeChat when the followers source is chosen. */
export function useFollowerTags(accountId: number) {
  return useQuery({
    queryKey: followerTagsQueryKey(accountId),
    queryFn: () => call(commands.followerTags(accountId)),
    // Shown beside the select, with a retry.
    meta: { silentError: true },
  });
}

/**
 * How far the followers being fetched have come: the newest `followers-progress` event, null
 * before the first page. `restart` forgets the last fetch's; call it as a fetch is asked for
 * (not when the wizard learns it is pending: the first page may be reported before that).
 */
export function useFollowersProgress(): { progress: FollowerProgress | null; restart: () => void } {
  const [progress, setProgress] = useState<FollowerProgress | null>(null);
  useTauriEvent<FollowerProgress>(FOLLOWERS_PROGRESS_EVENT, setProgress);
  return { progress, restart: () => setProgress(null) };
}
