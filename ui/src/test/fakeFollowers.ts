import type { AccountSummary, AppError, DraftCreation, DraftInput, FollowerProgress, FollowerTag } from "../bindings";
import { notFound } from "./coreErrors";
import { draftView, type FakeDraft } from "./fakeDrafts";
import { emitEvent } from "./fakeEvents";
import { notOfficialAccount, unknownFollowerTag } from "./officialErrors";

/**
 * An Official Account's followers as the fake backend's WeChat knows them, and the commands that
 * take them (`follower_tags`, `create_draft` with a followers source), answered as
 * `desk/followers.rs` answers: only for an Official Account, tags checked against `tags/get`,
 * fetched page by page with a `followers-progress` event after each page.
 */

/** The event `create_draft` reports fetching progress with (`src-tauri/src/commands/drafts.rs`). */
export const FOLLOWERS_EVENT = "followers-progress";

/** WeChat's page of `user/get` and `user/tag/get` (`FOLLOWERS_PAGE`). */
export const FOLLOWERS_PAGE = 10_000;

/** One account's followers: openids in WeChat's order, and each tag with its members. */
export type FakeFollowers = {
  openids: string[];
  tags: { id: string; name: string; members: (index: number) => boolean }[];
};

/** What the fake backend holds for followers. */
export type FollowerFields = {
  /** Followers by account id; an Official Account not listed has `DEMO_FOLLOWERS`. */
  followers: Record<number, FakeFollowers>;
  /**
   * Awaited before each page is fetched (0 = the first): WeChat's round trip. Default: a
   * macrotask, so the UI sees each page's progress; a test holds a page to look at it.
   */
  beforeFollowerPage: (page: number) => Promise<void>;
};

/** A follower's openid: 28 characters, as WeChat's are. */
export const followerOpenid = (index: number) => `oFans${String(index).padStart(23, "0")}`;

/**
 * 12 500 followers: VIP is every 7th (1 786), 北京 every 3rd (4 167), WeChat's own 星标组 every
 * 1 000th (13). VIP or 北京: 5 357; both: 596.
 */
export const DEMO_FOLLOWERS: FakeFollowers = {
  openids: Array.from({ length: 12_500 }, (_, i) => followerOpenid(i)),
  tags: [
    { id: "2", name: "星标组", members: (i) => i % 1000 === 0 },
    { id: "100", name: "VIP", members: (i) => i % 7 === 0 },
    { id: "101", name: "北京", members: (i) => i % 3 === 0 },
  ],
};

/** No followers given: every Official Account has the demo ones; pages come one macrotask apart. */
export function noFollowers(): FollowerFields {
  return { followers: {}, beforeFollowerPage: () => new Promise((resolve) => setTimeout(resolve, 0)) };
}

/** What the follower commands need of the fake backend. */
type FollowersState = FollowerFields & { accounts: AccountSummary[]; drafts: Record<number, FakeDraft> };

/** Draft ids of followers' drafts: apart from the fake backend's own (from 501), so none collide. */
let nextFollowersDraftId = 9000;

/** `Desk::official_client`: the account, if it is an Official Account. */
export function officialAccount(state: { accounts: AccountSummary[] }, accountId: number): AccountSummary | AppError {
  const account = state.accounts.find((a) => a.id === accountId);
  if (!account) return notFound("account", accountId);
  return account.kind === "official_account" ? account : notOfficialAccount(account.name);
}

const followersOf = (state: FollowersState, accountId: number) => state.followers[accountId] ?? DEMO_FOLLOWERS;

/** `tags/get`: each tag with how many followers have it. */
function tagsOf(followers: FakeFollowers): FollowerTag[] {
  return followers.tags.map(({ id, name, members }) => ({
    id,
    name,
    count: followers.openids.filter((_, i) => members(i)).length,
  }));
}

/** `follower_tags`. */
export function followerTags(state: FollowersState, accountId: number): FollowerTag[] | AppError {
  const account = officialAccount(state, accountId);
  if ("code" in account) return account;
  return tagsOf(followersOf(state, accountId));
}

/**
 * `create_draft` with a followers source: every follower (no tags), or those with any (or, with
 * `matchAll`, every one) of the tags, each once in WeChat's order; progress after each page.
 * The draft has the one column `openid`, the first follower on row 2.
 */
export async function createFollowersDraft(
  state: FollowersState,
  input: DraftInput & { source: { kind: "followers" } },
): Promise<DraftCreation | AppError> {
  const account = officialAccount(state, input.accountId);
  if ("code" in account) return account;
  const followers = followersOf(state, input.accountId);
  const known = tagsOf(followers);
  const chosen: FollowerTag[] = [];
  for (const id of input.source.tagIds) {
    const tag = known.find((t) => t.id === id);
    if (!tag) return unknownFollowerTag(id);
    if (!chosen.some((t) => t.id === id)) chosen.push(tag);
  }
  const progress: FollowerProgress = { fetched: 0, total: chosen.length === 0 ? null : chosen.reduce((sum, t) => sum + (t.count ?? 0), 0) };
  let page = 0;
  /** Follows one listing's pages, as `fetch_pages` does. */
  const fetchListing = async (indexes: number[], total: number | null) => {
    for (let start = 0; start === 0 || start < indexes.length; start += FOLLOWERS_PAGE) {
      await state.beforeFollowerPage(page);
      page += 1;
      const got = indexes.slice(start, start + FOLLOWERS_PAGE);
      progress.total ??= total;
      progress.fetched += got.length;
      emitEvent(FOLLOWERS_EVENT, { ...progress });
    }
    return indexes;
  };
  const all = followers.openids.map((_, i) => i);
  let indexes: number[];
  if (chosen.length === 0) {
    indexes = await fetchListing(all, all.length);
  } else {
    const lists: number[][] = [];
    for (const tag of chosen) {
      const members = followers.tags.find((t) => t.id === tag.id)?.members ?? (() => false);
      lists.push(await fetchListing(all.filter(members), null));
    }
    indexes = combine(lists, input.source.matchAll);
  }
  nextFollowersDraftId += 1;
  const stored: FakeDraft = {
    id: nextFollowersDraftId,
    accountId: input.accountId,
    source: {
      name: "followers",
      path: null,
      format: "followers",
      encoding: null,
      delimiter: null,
      followers: { tags: chosen, matchAll: input.source.matchAll },
    },
    headers: ["openid"],
    rows: indexes.map((i) => [followers.openids[i] ?? ""]),
    settings: structuredClone(input.settings),
  };
  state.drafts[stored.id] = stored;
  return { kind: "created", draft: draftView(stored) };
}

/** `combine`: each follower once, in the order first seen; with `matchAll` only those every list has. */
function combine(lists: number[][], matchAll: boolean): number[] {
  const sets = matchAll ? lists.map((list) => new Set(list)) : [];
  const seen = new Set<number>();
  const out: number[] = [];
  for (const index of lists.flat()) {
    if (sets.every((set) => set.has(index)) && !seen.has(index)) {
      seen.add(index);
      out.push(index);
    }
  }
  return out;
}
