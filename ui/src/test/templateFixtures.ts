import type { ConnectionReport, SyncedTemplate } from "../bindings";

const SYNCED_AT = "2026-03-02T06:30:00Z";

/**
 * The fixtures' keywords carry the template's own example value for them, as the core reads it
 * from the `example` text (`attach_examples`: the text after a line's label). Where the
 * sandbox's demo template has the same label, its example is used (`pushdesk-sandbox/src/demo.rs`).
 */

/** 订单发货通知: one-time, five keywords of common types. */
export const ORDER_SHIPPED: SyncedTemplate = {
  templateId: "2dZAkg05rK_gqv81RKMGHZEM9YpvujA-C5Q52ryFlwR",
  title: "订单发货通知",
  content: "商品名称:{{thing1.DATA}}\n订单号:{{character_string2.DATA}}\n物流状态:{{phrase3.DATA}}\n发货时间:{{time4.DATA}}\n订单金额:{{amount5.DATA}}\n",
  example: "商品名称:星巴克 拿铁咖啡豆 250g\n订单号:20261124000123\n物流状态:已发货\n发货时间:2026-11-24 10:00\n订单金额:￥89.00",
  kind: 2,
  keywords: [
    { key: "thing1", label: "商品名称", kind: "thing", enumValues: [], example: "星巴克 拿铁咖啡豆 250g" },
    { key: "character_string2", label: "订单号", kind: "character_string", enumValues: [], example: "20261124000123" },
    { key: "phrase3", label: "物流状态", kind: "phrase", enumValues: [], example: "已发货" },
    { key: "time4", label: "发货时间", kind: "time", enumValues: [], example: "2026-11-24 10:00" },
    { key: "amount5", label: "订单金额", kind: "amount", enumValues: [], example: "￥89.00" },
  ],
  syncedAt: SYNCED_AT,
};

/** 预约成功通知: with an enum keyword. */
export const BOOKING_CONFIRMED: SyncedTemplate = {
  templateId: "tn6kfaqDeMqG3omjMyXHCabM6JOF8EFd0Nhcy-1kGD2",
  title: "预约成功通知",
  content: "预约人:{{name1.DATA}}\n联系电话:{{phone_number2.DATA}}\n预约时间:{{time3.DATA}}\n车牌号:{{car_number4.DATA}}\n服务类型:{{enum_string5.DATA}}\n",
  example: "预约人:张三\n联系电话:138-0013-8000\n预约时间:2026年11月28日 14:30\n车牌号:粤A8Z888\n服务类型:保养",
  kind: 2,
  keywords: [
    { key: "name1", label: "预约人", kind: "name", enumValues: [], example: "张三" },
    { key: "phone_number2", label: "联系电话", kind: "phone_number", enumValues: [], example: "138-0013-8000" },
    { key: "time3", label: "预约时间", kind: "time", enumValues: [], example: "2026年11月28日 14:30" },
    { key: "car_number4", label: "车牌号", kind: "car_number", enumValues: [], example: "粤A8Z888" },
    { key: "enum_string5", label: "服务类型", kind: "enum", enumValues: ["保养", "维修", "洗车"], example: "保养" },
  ],
  syncedAt: SYNCED_AT,
};

/** 办理进度通知: the long-term (type 3) template. */
export const SERVICE_PROGRESS: SyncedTemplate = {
  templateId: "ie9Pu2njHkAm1-5wDr16EpLLJIVGHz4FxFEtKyPiYGF",
  title: "办理进度通知",
  content: "办理事项:{{thing1.DATA}}\n办理进度:{{phrase2.DATA}}\n更新日期:{{date3.DATA}}\n",
  example: "办理事项:居住证签注\n办理进度:已受理\n更新日期:2026年11月24日",
  kind: 3,
  keywords: [
    { key: "thing1", label: "办理事项", kind: "thing", enumValues: [], example: "居住证签注" },
    { key: "phrase2", label: "办理进度", kind: "phrase", enumValues: [], example: "已受理" },
    { key: "date3", label: "更新日期", kind: "date", enumValues: [], example: "2026年11月24日" },
  ],
  syncedAt: SYNCED_AT,
};

/** What the sandbox's simulated WeChat returns on sync. */
export const SANDBOX_TEMPLATES: SyncedTemplate[] = [ORDER_SHIPPED, BOOKING_CONFIRMED, SERVICE_PROGRESS];

/** A connection report for an account whose token and template list both worked. */
export function okReport(templateCount: number): ConnectionReport {
  return { ok: true, failedStep: null, templateCount, problem: null, errcode: null, detail: null };
}

/** 40164: the office IP is not in the AppID's whitelist. */
export const IP_NOT_WHITELISTED_REPORT: ConnectionReport = {
  ok: false,
  failedStep: "token",
  templateCount: null,
  errcode: 40164,
  detail: "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6575a1b2-1c2d3e4f-5a6b7c8d",
  problem: {
    failure: { errcode: 40164 },
    class: "stop_campaign",
    retry: null,
    explanation: {
      title_zh: "本机 IP 不在小程序的 IP 白名单中",
      title_en: "This computer's IP address is not in the mini program's IP whitelist",
      action_zh: "在小程序管理后台 → 开发管理 → 开发设置 → IP 白名单中加入本机出口 IP，或改用公司代理 / 外部 token 服务。",
      action_en: "Add this computer's public IP to the whitelist (admin console → Development → Settings), or use the company proxy or an external token service.",
    },
    detail: "203.0.113.7",
  },
};

/**
 * No network: the stable token request cannot even resolve WeChat's host name. As the core
 * reports it, with the catalogue's `token_fetch` entry, which is worded for a running campaign.
 */
export const NO_NETWORK_REPORT: ConnectionReport = {
  ok: false,
  failedStep: "token",
  templateCount: null,
  errcode: null,
  detail:
    "could not resolve the host name of WeChat (/cgi-bin/stable_token): error sending request: client error (Connect): dns error: failed to lookup address information: Temporary failure in name resolution",
  problem: {
    failure: { token_fetch: "dns" },
    class: "unreachable",
    retry: { kind: "backoff" },
    explanation: {
      title_zh: "获取访问令牌失败",
      title_en: "Could not get an access token",
      action_zh: "没有发送任何消息。Pushdesk 会稍候再试；仍不成功时任务会暂停，恢复后继续发送。请检查网络、代理服务器和连接方式。",
      action_en:
        "Nothing was sent. Pushdesk tries again for a moment; if it still fails, the campaign pauses and goes on when you resume. Check the network, proxy and token source settings.",
    },
    detail:
      "could not resolve the host name of WeChat (/cgi-bin/stable_token): error sending request: client error (Connect): dns error: failed to lookup address information: Temporary failure in name resolution",
  },
};
