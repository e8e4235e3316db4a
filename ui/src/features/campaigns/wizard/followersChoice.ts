import type { AudienceSource } from "../../../ipc";

/**
 * Which of an Official Account's followers the wizard takes: all of them, or those with the
 * chosen tags — any of them, or (`matchAll`) every one. The tags stay chosen while "all" is
 * picked, so switching back loses nothing.
 */
export type FollowersChoice = {
  by: "all" | "tags";
  tagIds: string[];
  matchAll: boolean;
};

export const ALL_FOLLOWERS: FollowersChoice = { by: "all", tagIds: [], matchAll: false };

/** The source to fetch, or null while "by tags" has no tag chosen. */
export function followersSourceOf(choice: FollowersChoice): AudienceSource | null {
  if (choice.by === "all") return { kind: "followers", tagIds: [], matchAll: false };
  return choice.tagIds.length === 0 ? null : { kind: "followers", tagIds: [...choice.tagIds], matchAll: choice.matchAll };
}
