import type { AudienceInspection, Campaign, CatalogueEntry, Counts, Progress } from "../../../ipc";
import { REAL_ACCOUNT } from "../../../test/fakeBackend";
import { ORDER_SHIPPED } from "../../../test/templateFixtures";

export const OPENID_A = "oPtYgjmUhBel31iEl2hpChYgCfrL";
export const OPENID_B = "oPtYgjmUhBel31iEl2hpChYgXyZ9";

/** A GBK CSV as Excel on Chinese Windows writes it; row 2 has a broken openid. */
export const GBK_INSPECTION: AudienceInspection = {
  source: "11月会员.csv",
  format: "csv",
  encoding: "GBK",
  delimiter: ",",
  headers: ["openid", "商品名称", "订单号", "物流状态", "发货时间", "金额"],
  sampleRows: [
    [OPENID_A, "拿铁咖啡", "20261124000123", "已发货", "2026-11-24 10:00", "￥32.00"],
    ["not-an-openid", "美式咖啡", "20261124000124", "已发货", "2026-11-24 10:05", "￥28.00"],
    [OPENID_B, "摩卡", "20261124000125", "配送中", "2026-11-24 10:10", "￥35.00"],
  ],
};

export function counts(partial: Partial<Counts>): Counts {
  return { total: 0, pending: 0, sending: 0, sent: 0, notSubscribed: 0, failed: 0, unknown: 0, skipped: 0, cancelled: 0, ...partial };
}

export function campaign(partial: Partial<Campaign> & { id: number }): Campaign {
  return {
    accountId: REAL_ACCOUNT.id,
    kind: "campaign",
    name: `双十一会员提醒 ${partial.id}`,
    templateId: ORDER_SHIPPED.templateId,
    templateTitle: ORDER_SHIPPED.title,
    message: { values: {}, page: null, miniprogramState: "formal", lang: "zh_CN" },
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
    ...partial,
  };
}

export function progress(partial: Partial<Progress> & { campaignId: number }): Progress {
  return {
    status: "running",
    counts: counts({ total: 100, pending: 100 }),
    ratePerSec: null,
    etaSeconds: null,
    errcodes: [],
    elapsedMs: 0,
    ...partial,
  };
}

export const CATALOGUE: CatalogueEntry[] = [
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
