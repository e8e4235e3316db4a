import {
  DEFAULT_GRACE_MINUTES,
  MAX_GRACE_MINUTES,
  type AppError,
  type BackgroundSettings,
  type Campaign,
  type NoticeSettings,
  type NoticeSettingsInput,
  type RobotDelivery,
  type RobotKind,
  type ScheduleRequest,
  type Series,
  type SeriesView,
} from "../bindings";
import { notFound } from "./coreErrors";
import type { ApprovalFields } from "./fakeApproval";
import { PAST_SLACK_MS, actOn, rescheduleOn, steer, withActions } from "./fakeCampaigns";
import type { FakeDraft } from "./fakeDrafts";
import { checkWindow, describeRepeat, nextAfter, parseRepeat, repeatText, timeOfDay } from "./fakeRepeat";
import { FAKE_USER } from "./fakeSuppression";
import { atPassed, badWebhook, graceTooLong, neverRuns, pastedCannotReread, robotNotSaved, webhookMissing, type UrlProblem } from "./scheduleErrors";

/**
 * The fake backend's schedules, series, notices and background settings: the commands of
 * `src-tauri/src/commands/schedule.rs`, and what `start_draft` does with its `ScheduleRequest`,
 * answered as the core answers them (`desk/schedule.rs`, `desk/notices.rs`).
 */
export type ScheduleFields = {
  /** Recurring campaigns (`list_series`, `get_series`, `stop_series`); a repeat rule on `start_draft` adds one. */
  series: Series[];
  /** The notice settings; `webhook` is the fake keyring's address, never answered. */
  notices: { desktop: boolean; robot: RobotKind | null; webhook: string | null; lastRobot: RobotDelivery | null };
  /** How `test_robot`'s post goes (its `at` is now); default: the robot takes it at once. */
  robotTest: Omit<RobotDelivery, "at"> | null;
  /** Whether the app starts at login (`background_settings`, `set_start_at_login`). */
  startAtLogin: boolean;
};

/** No series, desktop notices on, no robot, not started at login. */
export function noSchedules(): ScheduleFields {
  return { series: [], notices: { desktop: true, robot: null, webhook: null, lastRobot: null }, robotTest: null, startAtLogin: false };
}

/** What the schedule commands need of the fake backend; the person is who steers the campaigns. */
type ScheduleState = ScheduleFields & ApprovalFields & { campaigns: Campaign[]; busy: Record<number, number> };

/** The zone this machine reads wall-clock times in (`local_zone`). */
export const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The campaign fields a schedule decides. */
export type Timing = Pick<Campaign, "status" | "scheduledAt" | "window" | "timezone" | "graceMinutes" | "resumeAt" | "seriesId" | "nextRunAt">;

/** A `start_draft` schedule, checked: the new campaign's timing, whether it starts now, and its series. */
export type PlannedSchedule = { timing: Timing; startNow: boolean; series: Omit<Series, "id" | "firstCampaignId" | "accountId" | "name"> | null };

/**
 * `Desk::send_draft` / `schedule_draft`, up to making the campaign: the grace period, the window,
 * then a time (refused when it passed) or a repeat rule (its first run, the one after, and where
 * its runs find their recipients — a pasted list only as the first run's).
 */
export function planSchedule(request: ScheduleRequest, draft: FakeDraft, now: number): PlannedSchedule | AppError {
  const graceMinutes = request.graceMinutes ?? DEFAULT_GRACE_MINUTES;
  if (graceMinutes > MAX_GRACE_MINUTES) return graceTooLong(MAX_GRACE_MINUTES);
  const windowProblem = request.window ? checkWindow(request.window) : null;
  if (windowProblem) return windowProblem;
  const timing: Timing = {
    status: "ready",
    scheduledAt: request.at,
    window: request.window ? { ...request.window } : null,
    timezone: localZone(),
    graceMinutes,
    resumeAt: null,
    seriesId: null,
    nextRunAt: null,
  };
  if (request.repeat === null) {
    if (request.at === null) return { timing, startNow: true, series: null };
    if (request.at < now - PAST_SLACK_MS) return atPassed;
    return { timing: { ...timing, status: "scheduled" }, startNow: false, series: null };
  }
  const rule = parseRepeat(request.repeat, request.at !== null ? timeOfDay(request.at) : null);
  if ("code" in rule) return rule;
  const from = request.at ?? now;
  if (from < now - PAST_SLACK_MS) return atPassed;
  const first = nextAfter(rule, from - 1);
  if (first === null) return neverRuns(repeatText(rule));
  const audience = request.audience ?? "reread";
  // Followers are fetched again before each run; only a paste cannot be read again.
  if (audience === "reread" && draft.source.path === null && !draft.source.followers) return pastedCannotReread;
  const next = nextAfter(rule, first);
  const words = describeRepeat(rule);
  return {
    timing: { ...timing, status: "scheduled", scheduledAt: first, nextRunAt: next },
    startNow: false,
    series: {
      repeat: repeatText(rule),
      repeatEn: words.en,
      repeatZh: words.zh,
      timezone: timing.timezone ?? "UTC",
      audience,
      sourceFile: audience === "reread" ? draft.source.path : null,
      nextRunAt: next,
      stoppedAt: null,
      createdBy: FAKE_USER,
      createdAt: now,
    },
  };
}

let nextSeriesId = 300;

/** The campaign made from a planned schedule, with its series (added to `state.series`) when it has one. */
export function withSeries(state: ScheduleState, campaign: Campaign, planned: PlannedSchedule): Campaign {
  if (!planned.series) return campaign;
  nextSeriesId += 1;
  state.series = [
    { ...planned.series, id: nextSeriesId, accountId: campaign.accountId, name: campaign.name, firstCampaignId: campaign.id },
    ...state.series,
  ];
  return { ...campaign, seriesId: nextSeriesId };
}

/** How many next runs the series page lists (`UPCOMING_RUNS`). */
const UPCOMING_RUNS = 5;

function seriesView(state: ScheduleState, id: number): SeriesView | AppError {
  const series = state.series.find((s) => s.id === id);
  if (!series) return notFound("series", id);
  const runs = state.campaigns.filter((c) => c.seriesId === id).sort((a, b) => b.id - a.id).map((run) => withActions(run, state));
  const upcoming: number[] = [];
  const rule = parseRepeat(series.repeat, null);
  for (let at = series.nextRunAt; at !== null && upcoming.length < UPCOMING_RUNS && !("code" in rule); at = nextAfter(rule, at)) {
    upcoming.push(at);
  }
  return { series: { ...series }, runs, upcoming };
}

/** `Store::stop_series`: the first stop's time stays; no next run, for the series and its runs. */
function stopSeries(state: ScheduleState, id: number, now: number): SeriesView | AppError {
  const series = state.series.find((s) => s.id === id);
  if (!series) return notFound("series", id);
  state.series = state.series.map((s) => (s.id === id ? { ...s, stoppedAt: s.stoppedAt ?? now, nextRunAt: null } : s));
  state.campaigns = state.campaigns.map((c) => (c.seriesId === id ? { ...c, nextRunAt: null } : c));
  return seriesView(state, id);
}

/** The robots' own hosts (`RobotKind::of_host`). */
const ROBOT_HOSTS: Record<string, RobotKind> = {
  "qyapi.weixin.qq.com": "wecom",
  "open.feishu.cn": "feishu",
  "open.larksuite.com": "feishu",
  "oapi.dingtalk.com": "dingtalk",
};

/** `check_robot_url`: an https address (http only to this computer), the robot's own with its key, or a relay. */
function webhookProblem(kind: RobotKind, address: string): UrlProblem | null {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return "not_a_url";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "scheme";
  const host = url.hostname.toLowerCase();
  if (host === "") return "not_a_url";
  const loopback = host === "localhost" || host === "127.0.0.1" || host === "[::1]";
  if (url.protocol === "http:" && !loopback) return "needs_https";
  const found = ROBOT_HOSTS[host.replace(/\.$/, "")];
  if (!found) return null;
  if (found !== kind) return { wrongRobot: found };
  const query = (name: string) => (url.searchParams.get(name) ?? "").trim() !== "";
  const keyed =
    kind === "wecom"
      ? url.pathname === "/cgi-bin/webhook/send" && query("key")
      : kind === "dingtalk"
        ? url.pathname === "/robot/send" && query("access_token")
        : /^\/open-apis\/bot\/v2\/hook\/[^/]+$/.test(url.pathname);
  return keyed ? null : "missing_key";
}

function noticeSettings(state: ScheduleState): NoticeSettings {
  const { desktop, robot, webhook, lastRobot } = state.notices;
  return { desktop, robot, robotSaved: webhook !== null, lastRobot: lastRobot ? { ...lastRobot } : null };
}

/** `Desk::save_notice_settings`: a new address is checked, then kept in the (fake) keyring. */
function saveNotices(state: ScheduleState, input: NoticeSettingsInput): NoticeSettings | AppError {
  const webhook = input.webhook !== null && input.webhook.trim() !== "" ? input.webhook.trim() : null;
  if (input.robot !== null && webhook !== null) {
    const problem = webhookProblem(input.robot, webhook);
    if (problem) return badWebhook(input.robot, problem);
  }
  if (input.robot !== null && webhook === null && state.notices.webhook === null) return webhookMissing;
  const saved = input.robot === null ? null : (webhook ?? state.notices.webhook);
  state.notices = { ...state.notices, desktop: input.desktop, robot: input.robot, webhook: saved };
  return noticeSettings(state);
}

/** `Desk::test_robot`: posts to the saved robot; how it went is also the last delivery. */
function testRobot(state: ScheduleState, now: number): RobotDelivery | AppError {
  if (state.notices.robot === null || state.notices.webhook === null) return robotNotSaved;
  const delivery: RobotDelivery = { ...(state.robotTest ?? { ok: true, attempts: 1, errorEn: null, errorZh: null }), at: now };
  state.notices = { ...state.notices, lastRobot: delivery };
  return { ...delivery };
}

/** `Desk::pending_work`: anything scheduled, waiting for its window, sending or due to recur. */
function backgroundSettings(state: ScheduleState): BackgroundSettings {
  const pendingWork =
    state.campaigns.some((c) => c.status === "scheduled" || c.status === "waiting_window" || c.status === "running") ||
    state.series.some((s) => s.stoppedAt === null && s.nextRunAt !== null);
  return { startAtLogin: state.startAtLogin, pendingWork };
}

/**
 * The schedule, series, notice and background commands: the answer, which may be an error, or
 * `undefined` for a command that is not one of them.
 */
export function scheduleCommand(state: ScheduleState, cmd: string, args: unknown, now = Date.now()): { result: unknown } | undefined {
  const { id } = (args ?? {}) as { id: number };
  switch (cmd) {
    case "reschedule_campaign": {
      const { at } = args as { at: number };
      return { result: steer(state, id, (campaign) => rescheduleOn(campaign, at, state.busy[id], now, state)) };
    }
    case "unschedule_campaign":
      return { result: steer(state, id, (campaign) => actOn(campaign, "unschedule", state.busy[id], now, state)) };
    case "skip_campaign":
      return { result: steer(state, id, (campaign) => actOn(campaign, "skip", state.busy[id], now, state)) };
    case "list_series": {
      const { accountId } = args as { accountId: number | null };
      return { result: state.series.filter((s) => accountId === null || s.accountId === accountId).sort((a, b) => b.id - a.id) };
    }
    case "get_series":
      return { result: seriesView(state, id) };
    case "stop_series":
      return { result: stopSeries(state, id, now) };
    case "notice_settings":
      return { result: noticeSettings(state) };
    case "save_notice_settings":
      return { result: saveNotices(state, (args as { input: NoticeSettingsInput }).input) };
    case "test_robot":
      return { result: testRobot(state, now) };
    case "background_settings":
      return { result: backgroundSettings(state) };
    case "set_start_at_login":
      state.startAtLogin = (args as { enabled: boolean }).enabled;
      return { result: backgroundSettings(state) };
    default:
      return undefined;
  }
}
