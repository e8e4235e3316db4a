import type { AccountSummary, DraftInput, MessageChannel } from "../bindings";
import { isAppError } from "./fakeDashboard";
import { createFollowersDraft, followerTags, noFollowers, type FollowerFields } from "./fakeFollowers";
import { checkIntercepted, noInterceptions, type InterceptedFields } from "./fakeIntercepted";

/** The fake backend's Official Account fields: followers and interceptions. */
export type OfficialFields = FollowerFields & InterceptedFields;

export function noOfficial(): OfficialFields {
  return { ...noFollowers(), ...noInterceptions() };
}

/** A campaign's channel, fixed by its account's kind when it is made. */
export function channelOf(accounts: readonly AccountSummary[], accountId: number): MessageChannel {
  return accounts.find((a) => a.id === accountId)?.kind === "official_account" ? "template_message" : "subscribe_message";
}

type OfficialState = OfficialFields & Parameters<typeof followerTags>[0] & Parameters<typeof checkIntercepted>[0];

/**
 * The Official Account commands (`follower_tags`, `check_intercepted`, and `create_draft` when
 * its source is followers): the answer, which may be an error or a promise of one, or
 * `undefined` for any other command.
 */
export function officialCommand(state: OfficialState, cmd: string, args: unknown): { result: unknown } | undefined {
  switch (cmd) {
    case "follower_tags":
      return { result: followerTags(state, (args as { accountId: number }).accountId) };
    case "check_intercepted": {
      const { accountId } = args as { accountId: number };
      return { result: settled(state.beforeInterceptedCheck().then(() => checkIntercepted(state, accountId))) };
    }
    case "create_draft": {
      const { input } = args as { input: DraftInput };
      if (input.source.kind !== "followers") return undefined;
      return { result: settled(createFollowersDraft(state, { ...input, source: input.source })) };
    }
    default:
      return undefined;
  }
}

/** A slow answer that may be an error: the error rejects, as the command's `Err` does. */
function settled<T>(pending: Promise<T>): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  return pending.then((result) => (isAppError(result) ? Promise.reject(result) : result));
}
