import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { onTeam } from "../../test/fakeTeam";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { SANDBOX_TEMPLATES } from "../../test/templateFixtures";

async function openTemplates(options?: Parameters<typeof renderApp>[1]) {
  renderApp("/templates", options, FAST_USER);
  await appReady();
  return screen.findByTestId("page-templates");
}

describe("templates on a team's store", () => {
  it("offers no sync to a viewer", async () => {
    const page = await openTemplates(onTeam("viewer"));
    expect(within(page).getByTestId("templates-sync-not-permitted")).toHaveTextContent("同步模板需要作者或更高的角色");
    expect(within(page).queryByTestId("templates-sync-empty")).not.toBeInTheDocument();
    expect(within(page).queryByTestId("templates-sync")).not.toBeInTheDocument();
  });

  it("lets an author sync", async () => {
    const page = await openTemplates({ ...onTeam("author"), templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES } });
    expect(within(page).getByTestId("templates-sync")).toBeEnabled();
  });
});
