import type { Campaign, Explanation, LogEntry } from "../bindings";
import { campaign, counts } from "../features/campaigns/testing/fixtures";
import { BAD_DATA, NOT_SUBSCRIBED, entry } from "../features/sendlog/testing/fixtures";
import { REAL_ACCOUNT } from "./fakeBackend";
import { dayAndWeekStart } from "./fakeDashboard";

const TRANSPORT: Explanation = {
  title_zh: "网络中断，不确定微信是否收到",
  title_en: "The connection broke: WeChat may or may not have the message",
  action_zh: "先在日志中核对这些人是否收到，再决定是否重发。",
  action_en: "Check in the log whether these people got it before sending again.",
};

/**
 * A week of sends and a few campaigns of the real account, for looking at the dashboard in the
 * dev backend (`?demo=1`): long names, every outcome, a running and a paused campaign.
 */
export function demoDashboard(now: Date = new Date()): { campaigns: Campaign[]; logEntries: LogEntry[] } {
  const { todayFromMs, weekFromMs } = dayAndWeekStart(now);
  const hour = 3600_000;
  let id = 10_000;
  const make = (at: number, partial: Partial<LogEntry>, times: number) =>
    Array.from({ length: times }, () => {
      id += 1;
      return entry({ id, startedAt: at + id, finishedAt: at + id + 180, ...partial });
    });
  const failed = { status: "failed", errcode: 47003, msgid: null, explanation: BAD_DATA } as const;
  const refused = { status: "not_subscribed", errcode: 43101, msgid: null, explanation: NOT_SUBSCRIBED } as const;
  const unknown = { status: "unknown", errcode: -2, msgid: null, explanation: TRANSPORT } as const;
  const logEntries = [
    ...make(todayFromMs + 9 * hour, {}, 1280),
    ...make(todayFromMs + 9 * hour, refused, 64),
    ...make(todayFromMs + 9 * hour, failed, 7),
    ...make(todayFromMs + 9 * hour, unknown, 3),
    ...make(todayFromMs + 10 * hour, { status: "sending", msgid: null }, 2),
    ...make(weekFromMs + 11 * hour, {}, 12_040),
    ...make(weekFromMs + 11 * hour, refused, 388),
    ...make(weekFromMs + 11 * hour, failed, 41),
    ...make(weekFromMs + 11 * hour, { status: "failed", errcode: 40037, msgid: null, explanation: null }, 12),
  ];
  const campaigns = [
    campaign({
      id: 901,
      name: "双十一会员专享折扣提醒（第二批：华东地区门店会员）",
      status: "running",
      counts: counts({ total: 24_000, sent: 9_120, notSubscribed: 310, failed: 22, unknown: 4, pending: 14_544 }),
      startedAt: todayFromMs + 9 * hour,
    }),
    campaign({ id: 902, name: "新品上架提醒", status: "paused", counts: counts({ total: 5_000, sent: 2_000, pending: 3_000 }) }),
    campaign({ id: 903, name: "周末预约到店提醒", status: "ready" }),
    campaign({ id: 904, name: "十月账单通知", status: "finished", counts: counts({ total: 8_000, sent: 7_700, notSubscribed: 280, failed: 20 }), finishedAt: weekFromMs + 12 * hour }),
    campaign({ id: 905, name: "试发活动", status: "cancelled", counts: counts({ total: 300, sent: 50, cancelled: 250 }), finishedAt: weekFromMs + 13 * hour }),
  ].map((c) => ({ ...c, accountId: REAL_ACCOUNT.id }));
  return { campaigns, logEntries };
}
