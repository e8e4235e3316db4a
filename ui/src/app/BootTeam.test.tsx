import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TEAM_LOGIN, TEAM_SERVER, onTeam } from "../test/fakeTeam";
import { renderApp } from "../test/renderApp";

const UNREACHABLE = {
  code: "store",
  message: "PostgreSQL: could not connect to server db.example.com:5432 (connection refused)",
  messageZh: "PostgreSQL：无法连接服务器 db.example.com:5432（连接被拒绝）",
} as const;

describe("start-up failure on a team's store", () => {
  it("says which server and login it tried, and goes back to this computer's data", async () => {
    const { user, backend } = renderApp("/", { ...onTeam("sender"), failures: { get_preferences: UNREACHABLE } });
    expect(await screen.findByTestId("boot-error-message")).toHaveTextContent("无法连接服务器 db.example.com:5432");
    expect(await screen.findByTestId("boot-team-server")).toHaveTextContent(TEAM_SERVER);
    expect(screen.getByTestId("boot-team-login")).toHaveTextContent(TEAM_LOGIN);

    await user.click(screen.getByTestId("boot-leave-team"));
    await waitFor(() => expect(backend.callsTo("restart_app")).toHaveLength(1));
    expect(backend.callsTo("leave_team")).toHaveLength(1);
    expect(backend.teamLink).toBeNull();
    expect(screen.getByTestId("boot-team-left")).toHaveTextContent("已改用本机数据，正在重新启动推送台");
  });

  it("offers nothing about a team on the desk's own file", async () => {
    const { backend } = renderApp("/", { failures: { get_preferences: UNREACHABLE } });
    await screen.findByTestId("boot-error-message");
    await waitFor(() => expect(backend.callsTo("team_link")).toHaveLength(1));
    expect(screen.queryByTestId("boot-leave-team")).not.toBeInTheDocument();
  });
});
