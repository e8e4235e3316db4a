import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { onTeam } from "../test/fakeTeam";
import { FAST_USER, appReady, renderApp } from "../test/renderApp";

describe("the new-campaign wizard on a team's store", () => {
  it("is not offered to a viewer, who is led back to the campaigns", async () => {
    const { user } = renderApp("/campaigns/new", onTeam("viewer"), FAST_USER);
    await appReady();
    expect(await screen.findByTestId("page-new-campaign-not-permitted")).toHaveTextContent("你的角色是查看者，不能创建任务");
    await user.click(screen.getByTestId("new-campaign-back"));
    expect(await screen.findByTestId("page-campaigns")).toBeInTheDocument();
    expect(screen.queryByTestId("campaigns-new")).not.toBeInTheDocument();
  });
});
