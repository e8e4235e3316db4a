import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { App as AntApp } from "antd";
import { describe, expect, it } from "vitest";
import { createQueryClient, type CampaignAction } from "../../ipc";
import { CampaignActionBar } from "./CampaignActions";
import { campaign, counts } from "./testing/fixtures";

function renderBar(actions: CampaignAction[], only?: readonly CampaignAction[]) {
  // Status and counts that would suggest other actions: the bar must not look at them.
  const subject = campaign({ id: 9, status: "paused", counts: counts({ total: 9, pending: 3, unknown: 3, failed: 3 }), actions });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <AntApp>
        <CampaignActionBar campaign={subject} counts={subject.counts} testIdPrefix="t" only={only} />
      </AntApp>
    </QueryClientProvider>,
  );
}

const shown = () => [...document.querySelectorAll("[data-action]")].map((el) => el.getAttribute("data-action"));

describe("campaign action bar", () => {
  it.each<[CampaignAction[]]>([
    [[]],
    [["cancel"]],
    [["resend_failed"]],
    [["start", "resume", "pause", "cancel", "resend_unknown", "resend_failed"]],
    [["start", "reschedule", "unschedule", "cancel"]],
    [["start", "reschedule", "skip"]],
    [["approve", "reschedule", "cancel"]],
  ])("shows exactly the campaign's actions %j, in its order", (actions) => {
    renderBar(actions);
    expect(shown()).toEqual(actions);
    for (const action of actions) expect(screen.getByTestId(`t-${action.replace(/_/g, "-")}`)).toBeEnabled();
  });

  it("keeps only the kinds asked for, still from the campaign's actions", () => {
    renderBar(["pause", "resend_unknown"], ["start", "resume", "pause", "cancel"]);
    expect(shown()).toEqual(["pause"]);
  });
});
