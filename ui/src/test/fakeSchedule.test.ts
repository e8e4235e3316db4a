import { invoke } from "@tauri-apps/api/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_WINDOW, type AppError, type Campaign, type NoticeSettings, type RobotDelivery, type ScheduleRequest, type SeriesView } from "../bindings";
import { campaign, counts } from "../features/campaigns/testing/fixtures";
import { REAL_ACCOUNT, installFakeBackend } from "./fakeBackend";
import type { FakeDraft } from "./fakeDrafts";
import { nextAfter, parseRepeat, windowIsOpen, windowNextOpen, type Repeat } from "./fakeRepeat";
import { ORDER_SHIPPED } from "./templateFixtures";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const row = (n: number) => [`oPtYgjmUhBel31iEl2hpCh${String(n).padStart(6, "0")}`, "拿铁咖啡", `2026112400${n}`, "已发货", "2026-11-24 10:00", "￥32.00"];

function draft(id: number, path: string | null = "/home/test/会员.csv"): FakeDraft {
  return {
    id,
    accountId: REAL_ACCOUNT.id,
    source: { name: path ? "会员.csv" : "paste", path, format: path ? "csv" : "paste", encoding: "utf8", delimiter: "," },
    headers: ["openid", ...ORDER_SHIPPED.keywords.map((k) => k.key)],
    rows: [row(1), row(2)],
    settings: {
      name: "周一会员提醒",
      templateId: ORDER_SHIPPED.templateId,
      message: { values: {}, page: null, miniprogramState: "formal", lang: "zh_CN" },
      mapping: null,
      options: {},
      rate: 20,
      concurrency: 8,
    },
  };
}

const NOW: ScheduleRequest = { at: null, repeat: null, window: null, graceMinutes: null, audience: null };

function backendWithDrafts(...drafts: FakeDraft[]) {
  return installFakeBackend({ templates: { [REAL_ACCOUNT.id]: [ORDER_SHIPPED] }, drafts: Object.fromEntries(drafts.map((d) => [d.id, d])) });
}

const start = (id: number, schedule: Partial<ScheduleRequest>) => invoke<Campaign>("start_draft", { id, schedule: { ...NOW, ...schedule } });
const refusal = (pending: Promise<unknown>) => pending.then(() => null, (error: unknown) => error as AppError);

/** Tomorrow at 10:00, local time. */
function tomorrowAt10(): number {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 10, 0).getTime();
}

describe("the fake start_draft with a schedule", () => {
  it("starts now, or schedules at a time with the window, grace period and zone", async () => {
    const backend = backendWithDrafts(draft(1), draft(2));
    const now = await start(1, {});
    expect(now).toMatchObject({ status: "running", scheduledAt: null, window: null, graceMinutes: 60, seriesId: null });
    const at = tomorrowAt10();
    const later = await start(2, { at, window: { ...DEFAULT_WINDOW }, graceMinutes: 30 });
    expect(later).toMatchObject({ status: "scheduled", scheduledAt: at, window: DEFAULT_WINDOW, graceMinutes: 30, seriesId: null });
    expect(later.timezone).toEqual(expect.any(String));
    expect(later.actions).toEqual(["start", "reschedule", "unschedule", "cancel"]);
    expect(backend.drafts).toEqual({});
  });

  it("refuses a time that passed, a bad window, a long grace period — and keeps the draft", async () => {
    const backend = backendWithDrafts(draft(1));
    await expect(refusal(start(1, { at: Date.now() - 2 * 60_000 }))).resolves.toEqual({
      code: "invalid_input",
      message: "at: this time has already passed; choose a later one",
      messageZh: "at: 这个时间已经过去了，请选择以后的时间",
    });
    // Within a minute is "now-ish": a form filled in slowly.
    await expect(refusal(start(1, { at: Date.now() - 30_000, window: { start: 600, end: 600 } }))).resolves.toMatchObject({
      message: 'window: send window "10:00–10:00" is not understood; write it like 08:00-21:00 (start and end must differ)',
    });
    await expect(refusal(start(1, { at: tomorrowAt10(), graceMinutes: 1441 }))).resolves.toMatchObject({ messageZh: "grace: 最多允许晚 1440 分钟自动开始" });
    await expect(refusal(start(1, { repeat: "hourly", at: tomorrowAt10() }))).resolves.toMatchObject({ message: expect.stringMatching(/^repeat: repeat "hourly"/) as string });
    await expect(refusal(start(1, { repeat: "daily" }))).resolves.toMatchObject({ message: expect.stringMatching(/^repeat: .*needs a time of day/) as string });
    await expect(refusal(start(1, { repeat: "cron 61 * * * *" }))).resolves.toMatchObject({ messageZh: "repeat: cron 表达式 “61 * * * *” 有误：分钟 61 超出范围 0-59" });
    await expect(refusal(start(1, { repeat: "cron 0 0 30 2 *" }))).resolves.toMatchObject({ message: 'repeat: "0 0 30 2 *" never runs: no date matches it' });
    expect(Object.keys(backend.drafts)).toEqual(["1"]);
    expect(backend.campaigns).toEqual([]);
  });

  it("makes a series with its first run scheduled, and lists its next runs", async () => {
    const backend = backendWithDrafts(draft(1));
    const at = tomorrowAt10();
    const first = await start(1, { at, repeat: "daily", window: { ...DEFAULT_WINDOW } });
    expect(first).toMatchObject({ status: "scheduled", scheduledAt: at, nextRunAt: new Date(at).setDate(new Date(at).getDate() + 1) });
    expect(first.seriesId).toEqual(expect.any(Number));
    const listed = await invoke<{ id: number; repeat: string; repeatZh: string; audience: string; sourceFile: string }[]>("list_series", { accountId: REAL_ACCOUNT.id });
    expect(listed).toMatchObject([{ id: first.seriesId, repeat: "daily 10:00", repeatZh: "每天 10:00", audience: "reread", sourceFile: "/home/test/会员.csv" }]);
    expect(await invoke("list_series", { accountId: 999 })).toEqual([]);
    const view = await invoke<SeriesView>("get_series", { id: first.seriesId });
    expect(view.runs.map((r) => r.id)).toEqual([first.id]);
    expect(view.upcoming).toEqual([1, 2, 3, 4, 5].map((n) => new Date(at).setDate(new Date(at).getDate() + n)));

    const stopped = await invoke<SeriesView>("stop_series", { id: first.seriesId });
    expect(stopped.series.stoppedAt).toEqual(expect.any(Number));
    expect(stopped.upcoming).toEqual([]);
    expect(backend.campaigns[0]?.nextRunAt).toBeNull();
    await expect(invoke("get_series", { id: 12345 })).rejects.toMatchObject({ code: "not_found", messageZh: "找不到周期任务 12345" });
  });

  it("reads a pasted list only as the first run's recipients", async () => {
    backendWithDrafts(draft(1, null), draft(2, null));
    await expect(refusal(start(1, { at: tomorrowAt10(), repeat: "weekly:MON,THU" }))).resolves.toMatchObject({ message: expect.stringMatching(/^audience: a pasted list/) as string });
    const run = await start(2, { at: tomorrowAt10(), repeat: "weekly:MON,THU", audience: "reuse" });
    const view = await invoke<SeriesView>("get_series", { id: run.seriesId });
    expect(view.series).toMatchObject({ audience: "reuse", sourceFile: null, repeatEn: "every Monday and Thursday at 10:00", repeatZh: "每周一、周四 10:00" });
    for (const at of [run.scheduledAt ?? 0, ...view.upcoming]) {
      expect([1, 4]).toContain(new Date(at).getDay());
      expect([new Date(at).getHours(), new Date(at).getMinutes()]).toEqual([10, 0]);
    }
  });

  it("waits for the window when sending now outside it", async () => {
    backendWithDrafts(draft(1));
    const hour = new Date().getHours();
    // A one-hour window that is closed now.
    const window = { start: ((hour + 2) % 24) * 60, end: ((hour + 3) % 24) * 60 };
    const waiting = await start(1, { window });
    expect(waiting).toMatchObject({ status: "waiting_window", statusReason: { kind: "window" }, window });
    expect(waiting.resumeAt).toBeGreaterThan(Date.now());
    expect(waiting.actions).toEqual(["pause", "cancel"]);
  });
});

describe("the fake reschedule, unschedule and skip", () => {
  it("moves a campaign as the core does", async () => {
    const backend = installFakeBackend({
      campaigns: [
        campaign({ id: 1, status: "scheduled", scheduledAt: Date.now() + HOUR }),
        campaign({ id: 2, status: "missed", scheduledAt: Date.now() - DAY, counts: counts({ total: 5, pending: 5 }) }),
        campaign({ id: 3, status: "ready" }),
      ],
    });
    const at = tomorrowAt10();
    await expect(invoke<Campaign>("reschedule_campaign", { id: 3, at })).resolves.toMatchObject({ status: "scheduled", scheduledAt: at });
    await expect(invoke<Campaign>("unschedule_campaign", { id: 1 })).resolves.toMatchObject({ status: "ready", scheduledAt: null, actions: ["start", "reschedule", "cancel"] });
    const skipped = await invoke<Campaign>("skip_campaign", { id: 2 });
    expect(skipped).toMatchObject({ status: "cancelled", counts: { pending: 0, cancelled: 5 }, statusReason: { kind: "user" }, actions: [] });
    await expect(refusal(invoke("reschedule_campaign", { id: 3, at: Date.now() - DAY }))).resolves.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^at: /) as string });
    await expect(refusal(invoke("skip_campaign", { id: 3 }))).resolves.toEqual({
      code: "action_not_allowed",
      message: "campaign 3 is scheduled: it cannot be skipped now",
      messageZh: "任务 3 正在等待定时发送，现在不能跳过",
    });
    expect(backend.campaigns.map((c) => c.status)).toEqual(["ready", "cancelled", "scheduled"]);
  });
});

describe("the fake repeat rules and windows", () => {
  const rule = (text: string, time: [number, number] | null = [10, 0]) => parseRepeat(text, time) as Repeat;

  it("finds the next run strictly after a time, as the core's next_after", () => {
    const from = new Date(2030, 11, 12, 10, 0).getTime(); // a Thursday
    expect(nextAfter(rule("daily"), from)).toBe(new Date(2030, 11, 13, 10, 0).getTime());
    expect(nextAfter(rule("daily"), from - 1)).toBe(from);
    expect(nextAfter(rule("weekly:MON"), from)).toBe(new Date(2030, 11, 16, 10, 0).getTime());
    expect(nextAfter(rule("cron */30 9-10 * * *", null), from)).toBe(new Date(2030, 11, 12, 10, 30).getTime());
    expect(nextAfter(rule("cron 0 9 1,15 * MON", null), from)).toBe(new Date(2030, 11, 15, 9, 0).getTime());
  });

  it("opens a window over midnight at night and closes it in the morning", () => {
    const window = { start: 22 * 60, end: 6 * 60 };
    expect(windowIsOpen(window, new Date(2030, 0, 1, 23, 0).getTime())).toBe(true);
    expect(windowIsOpen(window, new Date(2030, 0, 1, 5, 59).getTime())).toBe(true);
    expect(windowIsOpen(window, new Date(2030, 0, 1, 6, 0).getTime())).toBe(false);
    expect(windowNextOpen(window, new Date(2030, 0, 1, 12, 0).getTime())).toBe(new Date(2030, 0, 1, 22, 0).getTime());
    expect(windowNextOpen(DEFAULT_WINDOW, new Date(2030, 0, 1, 21, 0).getTime())).toBe(new Date(2030, 0, 2, 8, 0).getTime());
  });
});

describe("the fake notices and background settings", () => {
  const save = (input: { desktop: boolean; robot: string | null; webhook: string | null }) => invoke<NoticeSettings>("save_notice_settings", { input });
  const WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123";

  it("checks a new webhook address, keeps it, never answers it, and deletes it with the robot", async () => {
    const backend = installFakeBackend();
    await expect(refusal(save({ desktop: true, robot: "wecom", webhook: null }))).resolves.toMatchObject({ messageZh: "webhook: 请粘贴群机器人的 Webhook 地址" });
    await expect(refusal(save({ desktop: true, robot: "wecom", webhook: "https://open.feishu.cn/open-apis/bot/v2/hook/x" }))).resolves.toMatchObject({
      messageZh: "webhook: 企业微信机器人的 webhook 地址不能用：这是飞书机器人的地址，请选择「飞书」或换成企业微信机器人的地址",
    });
    await expect(refusal(save({ desktop: true, robot: "wecom", webhook: "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a" }))).resolves.toMatchObject({
      message: expect.stringMatching(/must start with https:\/\//) as string,
    });
    await expect(refusal(save({ desktop: true, robot: "dingtalk", webhook: "https://oapi.dingtalk.com/robot/send" }))).resolves.toMatchObject({
      messageZh: expect.stringMatching(/缺少 access_token/) as string,
    });
    const saved = await save({ desktop: false, robot: "wecom", webhook: ` ${WECOM} ` });
    expect(saved).toEqual({ desktop: false, robot: "wecom", robotSaved: true, lastRobot: null });
    expect(JSON.stringify(saved)).not.toContain("abc-123");
    expect(backend.notices.webhook).toBe(WECOM);
    // No new address keeps the saved one.
    await expect(save({ desktop: true, robot: "wecom", webhook: null })).resolves.toMatchObject({ robotSaved: true });
    expect(backend.notices.webhook).toBe(WECOM);
    await expect(save({ desktop: true, robot: null, webhook: null })).resolves.toMatchObject({ robot: null, robotSaved: false });
    expect(backend.notices.webhook).toBeNull();
  });

  it("tests the saved robot only, and keeps how it went", async () => {
    const failed = { ok: false, attempts: null, errorEn: "the WeCom robot refused the message", errorZh: "企业微信机器人拒绝了消息" };
    const backend = installFakeBackend({ robotTest: failed });
    await expect(refusal(invoke("test_robot"))).resolves.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^webhook: /) as string });
    backend.notices = { desktop: true, robot: "wecom", webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", lastRobot: null };
    const delivery = await invoke<RobotDelivery>("test_robot");
    expect(delivery).toMatchObject(failed);
    await expect(invoke<NoticeSettings>("notice_settings")).resolves.toMatchObject({ lastRobot: delivery });
  });

  it("says whether anything is pending, and starts at login when asked", async () => {
    const backend = installFakeBackend({ campaigns: [campaign({ id: 1, status: "finished", counts: counts({ total: 1, sent: 1 }) })] });
    await expect(invoke("background_settings")).resolves.toEqual({ startAtLogin: false, pendingWork: false });
    backend.campaigns.push(campaign({ id: 2, status: "scheduled", scheduledAt: Date.now() + HOUR }));
    await expect(invoke("set_start_at_login", { enabled: true })).resolves.toEqual({ startAtLogin: true, pendingWork: true });
  });
});
