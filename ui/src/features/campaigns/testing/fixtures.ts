import { DEFAULT_GRACE_MINUTES, type Campaign, type CatalogueEntry, type Counts, type EncodingCandidate, type Progress, type TextEncoding } from "../../../ipc";
import { allowedActions } from "../../../test/campaignRules";
import { REAL_ACCOUNT } from "../../../test/fakeBackend";
import type { AmbiguousFile, FakeTable } from "../../../test/fakeDrafts";
import { ORDER_SHIPPED } from "../../../test/templateFixtures";

export const OPENID_A = "oPtYgjmUhBel31iEl2hpChYgCfrL";
export const OPENID_B = "oPtYgjmUhBel31iEl2hpChYgXyZ9";

/** A GBK CSV as Excel on Chinese Windows writes it; its second data row (row 3) has a broken openid. */
export const GBK_FILE: FakeTable = {
  format: "csv",
  encoding: "gbk",
  delimiter: ",",
  headers: ["openid", "商品名称", "订单号", "物流状态", "发货时间", "金额"],
  rows: [
    [OPENID_A, "拿铁咖啡", "20261124000123", "已发货", "2026-11-24 10:00", "￥32.00"],
    ["not-an-openid", "美式咖啡", "20261124000124", "已发货", "2026-11-24 10:05", "￥28.00"],
    [OPENID_B, "摩卡", "20261124000125", "配送中", "2026-11-24 10:10", "￥35.00"],
  ],
};

export function counts(partial: Partial<Counts>): Counts {
  return { total: 0, pending: 0, sending: 0, sent: 0, notSubscribed: 0, failed: 0, unknown: 0, skipped: 0, cancelled: 0, delivered: 0, deliveryFailed: 0, ...partial };
}

/** A campaign as the core sends it: `actions` follow the lifecycle table (and its approval gates) unless given. */
export function campaign(partial: Partial<Campaign> & { id: number }): Campaign {
  const made: Campaign = {
    accountId: REAL_ACCOUNT.id,
    kind: "campaign",
    channel: "subscribe_message",
    name: `双十一会员提醒 ${partial.id}`,
    templateId: ORDER_SHIPPED.templateId,
    templateTitle: ORDER_SHIPPED.title,
    message: { values: {}, page: null, miniprogramState: "formal", lang: "zh_CN" },
    archivedAt: null,
    status: "ready",
    statusReason: null,
    rate: 20,
    concurrency: 8,
    counts: counts({ total: 100, pending: 100 }),
    parentId: null,
    createdBy: "xiaowang",
    createdAt: Date.UTC(2026, 10, 11, 1, 30),
    startedAt: null,
    finishedAt: null,
    actions: [],
    scheduledAt: null,
    window: null,
    timezone: null,
    graceMinutes: DEFAULT_GRACE_MINUTES,
    resumeAt: null,
    seriesId: null,
    nextRunAt: null,
    approval: "not_needed",
    approvedBy: null,
    approvedAt: null,
    ...partial,
  };
  return { ...made, actions: partial.actions ?? allowedActions(made.status, made.counts, made.approval) };
}

export function progress(partial: Partial<Progress> & { campaignId: number }): Progress {
  return {
    status: "running",
    counts: counts({ total: 100, pending: 100 }),
    ratePerSec: null,
    etaSeconds: null,
    errcodes: [],
    elapsedMs: 0,
    statusReason: null,
    ...partial,
  };
}

export const CATALOGUE: CatalogueEntry[] = [
  {
    failure: { errcode: 45009 },
    class: "pause_campaign",
    retry: { kind: "next_day" },
    explanation: {
      title_zh: "今天的发送次数已达上限",
      title_en: "Today's send quota is used up",
      action_zh: "微信每天零点（北京时间）恢复额度，之后点击「继续」。",
      action_en: "WeChat restores the quota at midnight Beijing time; click Resume after that.",
    },
    detail: null,
  },
  {
    failure: { token_errcode: 45009 },
    class: "pause_campaign",
    retry: { kind: "next_day" },
    explanation: {
      title_zh: "获取令牌的次数已达今日上限",
      title_en: "The token endpoint's daily call quota is used up",
      action_zh: "别的系统可能在频繁获取令牌；在微信公众平台重置调用次数，或明天再试。",
      action_en: "Another system may be fetching tokens too often; reset the API quota on the WeChat platform, or try tomorrow.",
    },
    detail: null,
  },
  {
    failure: { errcode: 40037 },
    class: "stop_campaign",
    retry: null,
    explanation: {
      title_zh: "模板 ID 不正确",
      title_en: "The template id is wrong",
      action_zh: "到「模板」页重新同步模板后再发送。",
      action_en: "Sync the templates again on the Templates page, then resend.",
    },
    detail: null,
  },
  {
    failure: { errcode: 47003 },
    class: "row_failed",
    retry: null,
    explanation: {
      title_zh: "模板参数不符合要求",
      title_en: "A value breaks its keyword's rule",
      action_zh: "检查名单中这一列的内容是否符合字段规则。",
      action_en: "Check that column's values against the keyword's rule.",
    },
    detail: null,
  },
];

/** "拿鐵咖啡" written in Big5, as Excel on Taiwanese Windows saves it: read as GBK it is garbage. */
const BIG5_READ_AS: Record<"big5" | "gbk", string[][]> = {
  big5: [
    ["openid", "thing1", "phrase3"],
    [OPENID_A, "拿鐵咖啡", "已出貨"],
    [OPENID_B, "美式咖啡", "配送中"],
  ],
  gbk: [
    ["openid", "thing1", "phrase3"],
    [OPENID_A, "<U+E18A>臟〡柏", "wX<U+E4A0>"],
    [OPENID_B, "瑪礎〡柏", "瓣癳い"],
  ],
};

export const BIG5_CANDIDATES: EncodingCandidate[] = [
  { encoding: "big5", label: "Big5", sampleRows: BIG5_READ_AS.big5 },
  { encoding: "gbk", label: "GBK", sampleRows: BIG5_READ_AS.gbk },
];

/** A file whose encoding the core cannot tell: `create_draft` asks, then reads it the chosen way. */
export const BIG5_FILE: AmbiguousFile = {
  candidates: BIG5_CANDIDATES,
  read: (encoding: TextEncoding): FakeTable => {
    const [headers = [], ...rows] = encoding === "gbk" ? BIG5_READ_AS.gbk : BIG5_READ_AS.big5;
    return { format: "csv", encoding, delimiter: ",", headers, rows };
  },
};
