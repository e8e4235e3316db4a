import { invoke } from "@tauri-apps/api/core";
import { describe, expect, it } from "vitest";
import {
  ARCHIVABLE_STATUSES,
  CAMPAIGN_RULES,
  type AppError,
  type ApprovalState,
  type Campaign,
  type CampaignAction,
  type CampaignStatus,
  type Counts,
  type Dashboard,
} from "../bindings";
import { campaign, counts } from "../features/campaigns/testing/fixtures";
import { REAL_ACCOUNT, installFakeBackend } from "./fakeBackend";

/**
 * The fake backend must answer campaign actions exactly as the core's lifecycle table does:
 * the UI's tests would otherwise pass against moves the real app refuses.
 */

const STATUSES: CampaignStatus[] = ["ready", "scheduled", "waiting_window", "missed", "running", "paused", "stopped", "cancelled", "finished"];
/** In the order the core lists a campaign's actions (`CampaignAction::ALL`). */
const ACTIONS: CampaignAction[] = ["approve", "start", "resume", "reschedule", "unschedule", "pause", "skip", "cancel", "resend_unknown", "resend_failed"];
const APPROVALS: ApprovalState[] = ["not_needed", "waiting", "approved"];

/** A time a day ahead: a reschedule's time is never the reason it is refused here. */
const TOMORROW = Date.now() + 24 * 3600_000;

/** Each action's command and arguments. */
const CALL: Record<CampaignAction, [string, Record<string, unknown>]> = {
  start: ["start_campaign", {}],
  resume: ["resume_campaign", {}],
  pause: ["pause_campaign", {}],
  cancel: ["cancel_campaign", {}],
  resend_unknown: ["resend_campaign", { kind: "unknown" }],
  resend_failed: ["resend_campaign", { kind: "failed" }],
  reschedule: ["reschedule_campaign", { at: TOMORROW }],
  unschedule: ["unschedule_campaign", {}],
  skip: ["skip_campaign", {}],
  approve: ["approve_campaign", {}],
};

/** The row states the table's `needs` name, and the count each reads. */
const NEEDS_COUNT = { pending: "pending", unknown: "unknown", failed: "failed" } as const satisfies Record<string, keyof Counts>;

/** Every combination of the rows a rule can need: none or some pending, unknown, failed. */
const COUNTS: Counts[] = [0, 2].flatMap((pending) =>
  [0, 1].flatMap((unknown) =>
    [0, 3].map((failed) => counts({ total: 10, pending, unknown, failed, sent: 10 - pending - unknown - failed })),
  ),
);

/** Whether the table's approval gate lets an action through (`ApprovalGate::opens`). */
function gateOpen(gate: (typeof CAMPAIGN_RULES)[number]["approval"], approval: ApprovalState): boolean {
  if (gate === "only_waiting") return approval === "waiting";
  if (gate === "not_waiting") return approval !== "waiting";
  return true;
}

/** What the core answers, read straight off the generated table (`lifecycle::decide`). */
function expected(status: CampaignStatus, rows: Counts, action: CampaignAction, approval: ApprovalState = "not_needed"): "ok" | AppError["code"] {
  const rule = CAMPAIGN_RULES.find((r) => r.from === status && r.action === action);
  if (!rule) return "action_not_allowed";
  if (!gateOpen(rule.approval, approval)) return action === "approve" ? "nothing_to_do" : "action_not_allowed";
  if (rule.needs !== null && rows[NEEDS_COUNT[rule.needs]] <= 0) return "nothing_to_do";
  return "ok";
}

async function answer(id: number, action: CampaignAction): Promise<"ok" | AppError["code"]> {
  const [cmd, args] = CALL[action];
  try {
    await invoke<Campaign>(cmd, { id, ...args });
    return "ok";
  } catch (error) {
    return (error as AppError).code;
  }
}

describe("the fake backend's campaign lifecycle", () => {
  it("reads only row states it knows from the table", () => {
    for (const rule of CAMPAIGN_RULES) if (rule.needs !== null) expect(Object.keys(NEEDS_COUNT)).toContain(rule.needs);
  });

  it("offers and accepts exactly what CAMPAIGN_RULES allows, for every status, rows and approval", async () => {
    for (const status of STATUSES) {
      for (const rows of COUNTS) {
        for (const approval of APPROVALS) {
          const allowed = ACTIONS.filter((action) => expected(status, rows, action, approval) === "ok");
          installFakeBackend({ campaigns: [campaign({ id: 1, status, counts: rows, approval, actions: [] })] });
          const fetched = await invoke<Campaign>("get_campaign", { id: 1 });
          const listed = await invoke<Campaign[]>("list_campaigns", { accountId: null });
          const label = `${status} ${approval} ${JSON.stringify(rows)}`;
          expect(fetched.actions, label).toEqual(allowed);
          expect(listed[0]?.actions, label).toEqual(allowed);
          for (const action of ACTIONS) {
            // A fresh campaign for each action: an accepted one changes it.
            installFakeBackend({ campaigns: [campaign({ id: 1, status, counts: rows, approval })] });
            expect(await answer(1, action), `${label} ${action}`).toBe(expected(status, rows, action, approval));
          }
        }
      }
    }
  });

  it("says what docs/design.md's lifecycle table says", () => {
    const some = counts({ total: 10, pending: 2, unknown: 1, failed: 3, sent: 4 });
    const offered = (status: CampaignStatus) => ACTIONS.filter((action) => expected(status, some, action) === "ok");
    expect(offered("ready")).toEqual(["start", "reschedule", "cancel"]);
    expect(offered("scheduled")).toEqual(["start", "reschedule", "unschedule", "cancel"]);
    expect(offered("waiting_window")).toEqual(["pause", "cancel"]);
    expect(offered("missed")).toEqual(["start", "reschedule", "skip"]);
    expect(offered("running")).toEqual(["pause", "cancel"]);
    expect(offered("paused")).toEqual(["resume", "cancel", "resend_unknown", "resend_failed"]);
    expect(offered("stopped")).toEqual(["resume", "cancel", "resend_unknown", "resend_failed"]);
    expect(offered("finished")).toEqual(["resend_unknown", "resend_failed"]);
    expect(offered("cancelled")).toEqual([]);
    // Waiting for approval: approve instead of start, from the states that never sent.
    const waiting = (status: CampaignStatus) => ACTIONS.filter((action) => expected(status, some, action, "waiting") === "ok");
    expect(waiting("ready")).toEqual(["approve", "reschedule", "cancel"]);
    expect(waiting("scheduled")).toEqual(["approve", "reschedule", "unschedule", "cancel"]);
    expect(waiting("missed")).toEqual(["approve", "reschedule", "skip"]);
    expect(waiting("paused")).toEqual(offered("paused"));
    const none = counts({ total: 10, sent: 10 });
    expect(expected("finished", none, "resend_unknown")).toBe("nothing_to_do");
    expect(expected("paused", none, "resume")).toBe("nothing_to_do");
  });

  it("refuses every action with `busy` while another process sends the campaign", async () => {
    for (const action of ACTIONS) {
      installFakeBackend({ campaigns: [campaign({ id: 1, status: "paused", counts: counts({ total: 3, pending: 1, unknown: 1, failed: 1 }) })], busy: { 1: 4242 } });
      expect(await answer(1, action)).toBe("busy");
    }
  });

  it("refuses with the core's texts in both languages (model/lifecycle.rs)", async () => {
    installFakeBackend({
      campaigns: [
        campaign({ id: 7, status: "finished", counts: counts({ total: 2, sent: 2 }) }),
        campaign({ id: 8, status: "cancelled", counts: counts({ total: 2, sent: 1, cancelled: 1 }) }),
      ],
    });
    const refusal = (cmd: string, args: Record<string, unknown>) => invoke(cmd, args).catch((error: unknown) => error as AppError);
    await expect(refusal("resend_campaign", { id: 7, kind: "unknown" })).resolves.toEqual({
      code: "nothing_to_do",
      message: "campaign 7 has no rows whose outcome is unknown",
      messageZh: "任务 7 没有结果未知的收件人",
    });
    await expect(refusal("resume_campaign", { id: 8 })).resolves.toEqual({
      code: "action_not_allowed",
      message: "campaign 8 is cancelled: it cannot be resumed now",
      messageZh: "任务 8 已取消，现在不能继续发送",
    });
  });

  it("recomputes the actions of a changed campaign", async () => {
    installFakeBackend({ campaigns: [campaign({ id: 1, status: "finished", counts: counts({ total: 3, sent: 2, unknown: 1 }) })] });
    const resent = await invoke<Campaign>("resend_campaign", { id: 1, kind: "unknown" });
    expect(resent.status).toBe("running");
    expect(resent.counts).toMatchObject({ unknown: 0, pending: 1 });
    expect(resent.actions).toEqual(["pause", "cancel"]);
    expect(await answer(1, "resend_unknown")).toBe("action_not_allowed");
  });
});

describe("the fake backend's approval (store/approval.rs)", () => {
  const refusal = (cmd: string, args: Record<string, unknown>) => invoke(cmd, args).catch((error: unknown) => error as AppError);
  const WAITING = { status: "ready", counts: counts({ total: 1500, pending: 1500 }), approval: "waiting", createdBy: "li" } as const;

  it("refuses the campaign's author with not_permitted and the core's texts, and never offers them the approval", async () => {
    installFakeBackend({ login: "li", teamRole: "sender", approvalThreshold: 1000, campaigns: [campaign({ id: 3, ...WAITING })] });
    const fetched = await invoke<Campaign>("get_campaign", { id: 3 });
    expect(fetched.actions).toEqual(["reschedule", "cancel"]);
    await expect(refusal("approve_campaign", { id: 3 })).resolves.toEqual({
      code: "not_permitted",
      message: "campaign 3 was created by you: another sender of the team must approve it",
      messageZh: "任务 3 是你创建的：需要团队中另一位发送人批准",
    });
  });

  it("refuses a start while the campaign waits with action_not_allowed and the core's texts", async () => {
    installFakeBackend({ login: "wang", teamRole: "sender", approvalThreshold: 1000, campaigns: [campaign({ id: 3, ...WAITING })] });
    await expect(refusal("start_campaign", { id: 3 })).resolves.toEqual({
      code: "action_not_allowed",
      message: "campaign 3 is above the team's approval threshold: another sender must approve it before it starts",
      messageZh: "任务 3 的收件人超过团队的审批人数：需要另一位发送人批准后才能开始发送",
    });
  });

  it("lets another sender approve it as their login: then start is offered, and a second approval has nothing to do", async () => {
    const backend = installFakeBackend({ login: "wang", teamRole: "sender", approvalThreshold: 1000, campaigns: [campaign({ id: 3, ...WAITING })] });
    expect((await invoke<Campaign>("get_campaign", { id: 3 })).actions).toEqual(["approve", "reschedule", "cancel"]);
    const approved = await invoke<Campaign>("approve_campaign", { id: 3 });
    expect(approved).toMatchObject({ status: "ready", approval: "approved", approvedBy: "wang" });
    expect(approved.approvedAt).toEqual(expect.any(Number));
    expect(approved.actions).toEqual(["start", "reschedule", "cancel"]);
    expect(backend.campaigns[0]?.approval).toBe("approved");
    await expect(refusal("approve_campaign", { id: 3 })).resolves.toEqual({
      code: "nothing_to_do",
      message: "campaign 3 is already approved",
      messageZh: "任务 3 已经批准过了",
    });
    expect((await invoke<Campaign>("start_campaign", { id: 3 })).status).toBe("running");
  });

  it("says a campaign that asks for no approval needs none", async () => {
    installFakeBackend({ campaigns: [campaign({ id: 3, status: "ready" })] });
    await expect(refusal("approve_campaign", { id: 3 })).resolves.toEqual({
      code: "nothing_to_do",
      message: "campaign 3 needs no approval",
      messageZh: "任务 3 不需要批准",
    });
  });

  it("clears the approval when a campaign that never sent gets a new time, or none", async () => {
    const approved = { ...WAITING, approval: "approved", approvedBy: "wang", approvedAt: 1 } as const;
    installFakeBackend({
      login: "wang",
      teamRole: "sender",
      approvalThreshold: 1000,
      campaigns: [campaign({ id: 3, ...approved }), campaign({ id: 4, ...approved, status: "scheduled", scheduledAt: TOMORROW })],
    });
    const rescheduled = await invoke<Campaign>("reschedule_campaign", { id: 3, at: TOMORROW });
    expect(rescheduled).toMatchObject({ status: "scheduled", approval: "waiting", approvedBy: null, approvedAt: null });
    expect(rescheduled.actions).toEqual(["approve", "reschedule", "unschedule", "cancel"]);
    const unscheduled = await invoke<Campaign>("unschedule_campaign", { id: 4 });
    expect(unscheduled).toMatchObject({ status: "ready", approval: "waiting", approvedBy: null });
  });

  it("offers nothing below sender, and refuses what is asked with not_permitted", async () => {
    installFakeBackend({ login: "zhao", teamRole: "author", approvalThreshold: 1000, campaigns: [campaign({ id: 3, ...WAITING }), campaign({ id: 4, status: "ready" })] });
    const listed = await invoke<Campaign[]>("list_campaigns", { accountId: null });
    expect(listed.map((c) => c.actions)).toEqual([[], []]);
    await expect(refusal("approve_campaign", { id: 3 })).resolves.toMatchObject({ code: "not_permitted" });
    await expect(refusal("start_campaign", { id: 4 })).resolves.toMatchObject({ code: "not_permitted" });
  });
});

describe("the fake backend's archive", () => {
  const archive = (id: number, archived: boolean) => invoke<Campaign>("archive_campaign", { id, archived });

  it("archives exactly ARCHIVABLE_STATUSES, refuses the rest as the core does, and always brings one back", async () => {
    expect([...ARCHIVABLE_STATUSES].sort()).toEqual(["cancelled", "finished"]);
    for (const status of STATUSES) {
      const backend = installFakeBackend({ campaigns: [campaign({ id: 5, status, counts: counts({ total: 4, sent: 2, pending: 2 }) })] });
      if ((ARCHIVABLE_STATUSES as readonly CampaignStatus[]).includes(status)) {
        const archived = await archive(5, true);
        expect(archived.archivedAt, status).toEqual(expect.any(Number));
        expect(archived.actions, status).toEqual(backend.campaigns[0]?.actions);
        // Archiving again keeps the first time (`COALESCE`).
        const first = archived.archivedAt;
        await new Promise((resolve) => setTimeout(resolve, 2));
        expect((await archive(5, true)).archivedAt).toBe(first);
        const listed = await invoke<Campaign[]>("list_campaigns", { accountId: null });
        expect(listed.map((c) => c.archivedAt)).toEqual([first]);
      } else {
        await expect(archive(5, true), status).rejects.toEqual({
          code: "conflict",
          message: `campaign 5 is ${status}: only a finished or cancelled campaign can be archived`,
          messageZh: "任务 5 还没有结束：只有已完成或已取消的任务可以归档",
        });
        expect(backend.campaigns[0]?.archivedAt, status).toBeNull();
      }
      expect((await archive(5, false)).archivedAt, status).toBeNull();
      expect(backend.campaigns[0]?.archivedAt, status).toBeNull();
    }
  });

  it("refuses a campaign it does not have", async () => {
    installFakeBackend({ campaigns: [] });
    await expect(archive(9, true)).rejects.toMatchObject({ code: "not_found", messageZh: "找不到任务 9" });
  });

  it("leaves archived campaigns out of the dashboard (`Desk::dashboard`) but not out of the list", async () => {
    installFakeBackend({
      campaigns: [
        campaign({ id: 1, status: "finished", counts: counts({ total: 1, sent: 1 }) }),
        campaign({ id: 2, status: "finished", counts: counts({ total: 1, sent: 1 }), archivedAt: 1 }),
        campaign({ id: 3, status: "cancelled", counts: counts({ total: 1, cancelled: 1 }), archivedAt: 1 }),
      ],
    });
    const dashboard = await invoke<Dashboard>("dashboard", { accountId: REAL_ACCOUNT.id });
    expect(dashboard.recent.map((c) => c.id)).toEqual([1]);
    const listed = await invoke<Campaign[]>("list_campaigns", { accountId: REAL_ACCOUNT.id });
    expect(listed.map((c) => c.id).sort()).toEqual([1, 2, 3]);
  });
});
