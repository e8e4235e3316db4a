import { describe, expect, it } from "vitest";
import type { StatusReason } from "../ipc";
import { campaign, counts } from "../features/campaigns/testing/fixtures";
import { awaitsUserAfterInterruption } from "./interruptedCampaigns";

const INTERRUPTED: StatusReason = { kind: "interrupted", errcode: null, failure: null, message: "Pushdesk stopped while this campaign was sending" };

// Bug 3: the launch notice must go away by itself once the campaigns are resumed or finished.
describe("interrupted campaigns still waiting for the user", () => {
  it("counts a campaign paused by the interruption, with rows left to send", () => {
    const paused = campaign({ id: 1, status: "paused", statusReason: INTERRUPTED, counts: counts({ total: 10, sent: 4, pending: 6 }) });
    expect(awaitsUserAfterInterruption(paused)).toBe(true);
  });

  it("counts one the recovery finished with unknown rows to decide on", () => {
    const finished = campaign({ id: 2, status: "finished", statusReason: INTERRUPTED, counts: counts({ total: 10, sent: 9, unknown: 1 }) });
    expect(awaitsUserAfterInterruption(finished)).toBe(true);
  });

  it("drops one resumed since (a run clears the reason), even while it runs or once it finished", () => {
    const running = campaign({ id: 3, status: "running", counts: counts({ total: 10, sent: 4, pending: 6 }) });
    const finished = campaign({ id: 4, status: "finished", counts: counts({ total: 10, sent: 9, unknown: 1 }) });
    expect(awaitsUserAfterInterruption(running)).toBe(false);
    expect(awaitsUserAfterInterruption(finished)).toBe(false);
  });

  it("drops one cancelled since, and one the recovery finished with nothing left to decide", () => {
    const cancelled = campaign({
      id: 5,
      status: "cancelled",
      statusReason: { kind: "user", errcode: null, failure: null, message: "cancelled by the user" },
      counts: counts({ total: 10, sent: 4, cancelled: 6 }),
    });
    const settled = campaign({ id: 6, status: "finished", statusReason: INTERRUPTED, counts: counts({ total: 10, sent: 8, failed: 2 }) });
    expect(awaitsUserAfterInterruption(cancelled)).toBe(false);
    expect(awaitsUserAfterInterruption(settled)).toBe(false);
  });
});
