import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { onTeam } from "../../test/fakeTeam";
import { openAccounts } from "./testing/accountsPage";

describe("accounts page on a team's store", () => {
  it("shows the accounts read-only to an author, who can still test them", async () => {
    const { user, backend } = await openAccounts(onTeam("author"));
    expect(screen.getByTestId("accounts-read-only")).toHaveTextContent("只有管理员可以修改账号");
    expect(screen.getByTestId("accounts-read-only")).toHaveTextContent("你的角色是作者");
    expect(screen.queryByTestId("account-add")).not.toBeInTheDocument();
    expect(screen.queryByTestId(`account-edit-${REAL_ACCOUNT.id}`)).not.toBeInTheDocument();
    expect(screen.queryByTestId(`account-remove-${REAL_ACCOUNT.id}`)).not.toBeInTheDocument();
    expect(screen.getByTestId(`account-card-${REAL_ACCOUNT.id}`)).toHaveTextContent(REAL_ACCOUNT.appid);

    await user.click(screen.getByTestId(`account-test-${SANDBOX_ACCOUNT.id}`));
    await waitFor(() => expect(backend.callsTo("test_connection")).toEqual([{ cmd: "test_connection", args: { id: SANDBOX_ACCOUNT.id } }]));
  });

  it("lets an admin change accounts, as on the desk's own file", async () => {
    await openAccounts(onTeam("admin"));
    expect(screen.getByTestId("account-add")).toBeInTheDocument();
    expect(screen.getByTestId(`account-edit-${REAL_ACCOUNT.id}`)).toBeInTheDocument();
    expect(screen.getByTestId(`account-remove-${REAL_ACCOUNT.id}`)).toBeInTheDocument();
    expect(screen.queryByTestId("accounts-read-only")).not.toBeInTheDocument();
  });
});
