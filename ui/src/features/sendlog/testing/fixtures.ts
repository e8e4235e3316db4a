import type { Campaign, Explanation, LogEntry } from "../../../ipc";
import { REAL_ACCOUNT } from "../../../test/fakeBackend";
import { NO_RECEIPT } from "../../../test/fakeSendLog";
import { ORDER_SHIPPED } from "../../../test/templateFixtures";
import { OPENID_A, campaign as readyCampaign, counts } from "../../campaigns/testing/fixtures";

export const OPENID = OPENID_A;
/** 19 digits, above 2^53: a JS number would round it. */
export const MSGID = "2097683633284153344";

export const NOT_SUBSCRIBED: Explanation = {
  title_zh: "用户未订阅或订阅次数已用完",
  title_en: "The user has not subscribed or has no subscription left",
  action_zh: "这不是故障：请用户在小程序中再次同意订阅后再发送。",
  action_en: "Not a fault: send again once the user accepts a subscription in the mini program.",
};

export const BAD_DATA: Explanation = {
  title_zh: "模板参数不符合要求",
  title_en: "A value breaks the template's rules",
  action_zh: "按提示修改对应字段的内容后重新发送。",
  action_en: "Fix the value named in the message and send again.",
};

/** An Official Account's 43004: the person does not follow it (the core's catalogue). */
export const NOT_FOLLOWING: Explanation = {
  title_zh: "用户未关注公众号",
  title_en: "Not a follower",
  action_zh: "模板消息只能发给关注了公众号的用户。这不是故障；用户关注后才能发送。",
  action_en: "Template messages reach only the Official Account's followers. This is not a fault; you can send once the user follows the account.",
};

/** An Official Account's 43019: the person blocked it. */
export const BLOCKED_ACCOUNT: Explanation = {
  title_zh: "用户已拉黑公众号",
  title_en: "The user blocked the Official Account",
  action_zh: "该用户把公众号加入了黑名单，收不到消息。这不是故障，请不要再发给他。",
  action_en: "The user put the Official Account on their block list and receives nothing from it. This is not a fault; do not send to them again.",
};

/** A log entry of the real account's campaign 7 by default. */
export function entry(partial: Partial<LogEntry> & { id: number }): LogEntry {
  return {
    startedAt: Date.UTC(2026, 2, 2, 6, 0, 0) + partial.id * 1000,
    finishedAt: Date.UTC(2026, 2, 2, 6, 0, 0) + partial.id * 1000 + 180,
    accountId: REAL_ACCOUNT.id,
    channel: "subscribe_message",
    accountName: REAL_ACCOUNT.name,
    campaignId: 7,
    campaignName: "双十一会员提醒",
    campaignKind: "campaign",
    templateId: ORDER_SHIPPED.templateId,
    templateTitle: ORDER_SHIPPED.title,
    openid: OPENID,
    status: "sent",
    errcode: null,
    errmsg: null,
    rid: "6575a1b2-1c2d3e4f-5a6b7c8d",
    msgid: MSGID,
    attemptNo: 1,
    page: "pages/order/detail?id=123",
    values: [
      { key: "thing1", value: "拿铁咖啡" },
      { key: "character_string2", value: "20261124000123" },
    ],
    miniprogramState: "formal",
    lang: "zh_CN",
    explanation: null,
    ...NO_RECEIPT,
    ...partial,
  };
}

export { counts };

/** A finished campaign of the real account. */
export function campaign(partial: Partial<Campaign> & { id: number }): Campaign {
  return readyCampaign({
    name: "双十一会员提醒",
    status: "finished",
    counts: counts({ total: 100, sent: 90, notSubscribed: 4, failed: 4, unknown: 1, skipped: 1 }),
    startedAt: Date.UTC(2026, 10, 11, 1, 31),
    finishedAt: Date.UTC(2026, 10, 11, 1, 36),
    ...partial,
  });
}
