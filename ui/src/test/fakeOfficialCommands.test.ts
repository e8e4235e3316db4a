import { invoke } from "@tauri-apps/api/core";
import { afterEach, describe, expect, it } from "vitest";
import type { AppError, Campaign, DraftCreation, DraftInput, DraftSettings, FollowerProgress, FollowerTag, InterceptedSummary, LogPage } from "../bindings";
import { OFFICIAL_ACCOUNT } from "../features/accounts/testing/accountsPage";
import { campaign } from "../features/campaigns/testing/fixtures";
import { entry } from "../features/sendlog/testing/fixtures";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT, installFakeBackend } from "./fakeBackend";
import { listen, resetEvents } from "./fakeEvents";
import { DEMO_FOLLOWERS, FOLLOWERS_EVENT } from "./fakeFollowers";
import { ORDER_SHIPPED } from "./templateFixtures";

/**
 * The fake backend's Official Account commands must refuse what the core refuses and count as it
 * counts (`desk/followers.rs`, `desk/intercepted.rs`): a UI test would otherwise pass against
 * followers of a mini program, or a tag WeChat does not have.
 */

afterEach(resetEvents);

const ACCOUNTS = [SANDBOX_ACCOUNT, REAL_ACCOUNT, OFFICIAL_ACCOUNT];

const SETTINGS: DraftSettings = {
  name: "积分月报",
  templateId: ORDER_SHIPPED.templateId,
  message: { values: {}, page: null, miniprogramState: "formal", lang: "zh_CN" },
  mapping: null,
  options: {},
  rate: 20,
  concurrency: 8,
};

const followersOf = (accountId: number, tagIds: string[], matchAll = false): DraftInput => ({
  accountId,
  source: { kind: "followers", tagIds, matchAll },
  encoding: null,
  settings: SETTINGS,
});

async function refusal(pending: Promise<unknown>): Promise<AppError> {
  try {
    await pending;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("the fake accepted what the core refuses");
}

const createDraft = (input: DraftInput) => invoke<DraftCreation>("create_draft", { input });
const draftOf = (creation: DraftCreation) => {
  if (creation.kind !== "created") throw new Error("not read");
  return creation.draft;
};

describe("the fake's followers", () => {
  it("are an Official Account's only, as the core's official_client refuses a mini program", async () => {
    installFakeBackend({ accounts: ACCOUNTS });
    const tags = await refusal(invoke("follower_tags", { accountId: REAL_ACCOUNT.id }));
    expect(tags).toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^source: /) as string });
    expect(tags.messageZh).toBe(`source: 「${REAL_ACCOUNT.name}」是小程序：只有服务号才有关注者`);
    expect(await refusal(createDraft(followersOf(REAL_ACCOUNT.id, [])))).toMatchObject({ code: "invalid_input" });
    expect(await refusal(invoke("check_intercepted", { accountId: REAL_ACCOUNT.id }))).toMatchObject({ code: "invalid_input" });
    expect(await refusal(invoke("follower_tags", { accountId: 99 }))).toMatchObject({ code: "not_found" });
  });

  it("list the tags with their counts, and refuse a tag WeChat does not have with a tags: error", async () => {
    installFakeBackend({ accounts: ACCOUNTS });
    expect(await invoke<FollowerTag[]>("follower_tags", { accountId: OFFICIAL_ACCOUNT.id })).toEqual([
      { id: "2", name: "星标组", count: 13 },
      { id: "100", name: "VIP", count: 1786 },
      { id: "101", name: "北京", count: 4167 },
    ]);
    const unknown = await refusal(createDraft(followersOf(OFFICIAL_ACCOUNT.id, ["100", "999"])));
    expect(unknown).toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^tags: /) as string });
    expect(unknown.messageZh).toContain("账号没有编号为 999 的标签");
  });

  it("take every follower, or those with any or all of the tags, each once, with one progress event a page", async () => {
    const backend = installFakeBackend({ accounts: ACCOUNTS });
    const events: FollowerProgress[] = [];
    await listen<FollowerProgress>(FOLLOWERS_EVENT, (event) => void events.push(event.payload));

    const all = draftOf(await createDraft(followersOf(OFFICIAL_ACCOUNT.id, [])));
    expect(all).toMatchObject({ headers: ["openid"], rowCount: 12_500, source: { format: "followers", path: null, followers: { tags: [], matchAll: false } } });
    expect(all.sampleRows[0]).toMatchObject({ rowNo: 2, cells: [DEMO_FOLLOWERS.openids[0]] });
    expect(events).toEqual([
      { fetched: 10_000, total: 12_500 },
      { fetched: 12_500, total: 12_500 },
    ]);

    events.length = 0;
    const any = draftOf(await createDraft(followersOf(OFFICIAL_ACCOUNT.id, ["100", "101", "100"])));
    expect(any.rowCount).toBe(5357);
    expect(any.source.followers?.tags.map((tag) => tag.name)).toEqual(["VIP", "北京"]);
    expect(events).toEqual([
      { fetched: 1786, total: 5953 },
      { fetched: 5953, total: 5953 },
    ]);
    const both = draftOf(await createDraft(followersOf(OFFICIAL_ACCOUNT.id, ["100", "101"], true)));
    expect(both.rowCount).toBe(596);
    expect(both.source.followers?.matchAll).toBe(true);
    expect(backend.drafts[both.id]?.rows.every(([openid]) => DEMO_FOLLOWERS.openids.indexOf(openid ?? "") % 21 === 0)).toBe(true);
  });

  it("make a template-message campaign, which a series may fetch again, unlike a paste", async () => {
    installFakeBackend({ accounts: ACCOUNTS, templates: { [OFFICIAL_ACCOUNT.id]: [ORDER_SHIPPED] } });
    const values = { thing1: "积分", character_string2: "A1", phrase3: "已到账", time4: "2026-12-05 10:00", amount5: "1元" };
    const input = { ...followersOf(OFFICIAL_ACCOUNT.id, ["100"]), settings: { ...SETTINGS, message: { ...SETTINGS.message, values } } };
    const daily = { at: Date.now() + 3_600_000, repeat: "daily", window: null, graceMinutes: null, audience: "reread" } as const;
    const draft = draftOf(await createDraft(input));
    const made = await invoke<Campaign>("start_draft", { id: draft.id, schedule: daily });
    expect(made.channel).toBe("template_message");

    const pasted = draftOf(
      await createDraft({ ...input, source: { kind: "paste", text: "oPtYgjmUhBel31iEl2hpChYgCfrL" } }),
    );
    expect(await refusal(invoke("start_draft", { id: pasted.id, schedule: daily }))).toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/^audience: /) as string,
    });
  });
});

describe("the fake's interception check", () => {
  const SENT_AT = Date.now() - 3_600_000;
  const TEMPLATE = "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY";
  const oa = { accountId: OFFICIAL_ACCOUNT.id, channel: "template_message" as const, templateId: TEMPLATE };

  it("marks the send closest to each interception within two minutes, once, and counts what it asked and found", async () => {
    const backend = installFakeBackend({
      accounts: ACCOUNTS,
      campaigns: [
        campaign({ id: 20, ...oa, createdAt: SENT_AT - 60_000 }),
        // Older than 30 days: its template is not asked about.
        campaign({ id: 21, ...oa, templateId: "old-template", createdAt: Date.now() - 31 * 24 * 3_600_000 }),
      ],
      logEntries: [
        // Two sends to the same person, 2 min 30 s apart: only the closer one is the message WeChat listed.
        entry({ id: 1, ...oa, campaignId: 20, openid: "oFans0000000000000000000007", startedAt: SENT_AT - 60_000 }),
        entry({ id: 2, ...oa, campaignId: 20, openid: "oFans0000000000000000000007", startedAt: SENT_AT + 90_000 }),
        entry({ id: 3, ...oa, campaignId: 20, openid: "oFans0000000000000000000014", startedAt: SENT_AT - 10 * 60_000 }),
      ],
      interceptions: {
        [OFFICIAL_ACCOUNT.id]: [
          { templateId: TEMPLATE, openid: "oFans0000000000000000000007", sentAt: SENT_AT + 80_000 },
          // Ten minutes away from its send: not that send.
          { templateId: TEMPLATE, openid: "oFans0000000000000000000014", sentAt: SENT_AT },
          { templateId: "old-template", openid: "oFans0000000000000000000021", sentAt: SENT_AT },
        ],
      },
    });
    const check = () => invoke<InterceptedSummary>("check_intercepted", { accountId: OFFICIAL_ACCOUNT.id });
    expect(await check()).toEqual({ templates: 1, found: 2, marked: 1 });
    expect(backend.logEntries.map((e) => e.deliveryStatus)).toEqual([null, "intercepted", null]);
    expect(backend.logEntries[1]).toMatchObject({ delivery: "delivery_failed", deliveryAt: SENT_AT + 80_000 });
    expect(backend.campaigns.find((c) => c.id === 20)?.counts.deliveryFailed).toBe(1);
    expect(await check()).toEqual({ templates: 1, found: 2, marked: 0 });
  });

  it("is what the log's channel filter narrows to", async () => {
    installFakeBackend({
      accounts: ACCOUNTS,
      logEntries: [entry({ id: 1 }), entry({ id: 2, ...oa })],
    });
    const page = (channel: "subscribe_message" | "template_message" | null) =>
      invoke<LogPage>("log_page", { filter: { channel }, cursor: null, limit: 10 }).then((p) => p.entries.map((e) => e.id));
    expect(await page(null)).toEqual([2, 1]);
    expect(await page("template_message")).toEqual([2]);
    expect(await page("subscribe_message")).toEqual([1]);
  });
});
