import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { SuppressedEntry } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { onTeam } from "../../test/fakeTeam";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";

const ENTRY: SuppressedEntry = { openid: "oPtYgjmUhBel31iEl2hpChYgAaaA", source: "manual", note: "工单 1234", addedBy: "xiaowang", addedAt: Date.UTC(2026, 2, 1, 2, 0) };

async function openPage(overrides: Parameters<typeof renderApp>[1]) {
  const view = renderApp("/suppression", { suppressed: { [REAL_ACCOUNT.id]: [ENTRY] }, frequencyCaps: { [REAL_ACCOUNT.id]: { maxMessages: 2, perDays: 7 } }, ...overrides }, FAST_USER);
  await appReady();
  await screen.findByTestId("page-suppression");
  await waitFor(() => expect(screen.getAllByTestId("suppression-row")).toHaveLength(1));
  return view;
}

describe("contact rules on a team's store", () => {
  it("shows an author the list and the rules without a way to change them", async () => {
    await openPage(onTeam("author"));
    expect(screen.getByTestId("suppression-read-only")).toHaveTextContent("只有发送人或管理员可以修改免打扰名单");
    expect(screen.queryByTestId("suppression-add")).not.toBeInTheDocument();
    expect(screen.queryByTestId("suppression-remove")).not.toBeInTheDocument();
    expect(screen.getByTestId("suppression-refusals")).toBeDisabled();
    expect(screen.getByTestId("frequency-cap-enabled")).toBeDisabled();
    expect(screen.getByTestId("frequency-cap-days")).toBeDisabled();
  });

  it("lets a sender change the list, and an admin the account's rules", async () => {
    await openPage(onTeam("sender"));
    expect(screen.getByTestId("suppression-add")).toBeInTheDocument();
    expect(screen.getByTestId("suppression-remove")).toBeInTheDocument();
    // The frequency cap and the refusals switch are the account's settings: an admin's.
    expect(screen.getByTestId("suppression-read-only")).toHaveTextContent("只有管理员可以修改频次限制");
    expect(screen.getByTestId("suppression-refusals")).toBeDisabled();
  });

  it("lets an admin change everything", async () => {
    await openPage(onTeam("admin"));
    expect(screen.queryByTestId("suppression-read-only")).not.toBeInTheDocument();
    expect(screen.getByTestId("suppression-add")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("suppression-refusals")).toBeEnabled());
    expect(screen.getByTestId("frequency-cap-enabled")).toBeEnabled();
  });
});
