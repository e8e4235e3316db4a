import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { roleRefused } from "../../test/coreErrors";
import { TEAM_LOGIN, TEAM_SERVER, onTeam } from "../../test/fakeTeam";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { fieldOf, fill } from "../accounts/testing/accountsPage";

async function openSettings(options?: Parameters<typeof renderApp>[1]) {
  const view = renderApp("/settings", options, FAST_USER);
  await appReady();
  await screen.findByTestId("team-server");
  return view;
}

describe("settings: team", () => {
  it("joins a team with server, login and password, then offers to restart", async () => {
    const { user, backend } = await openSettings();
    const card = screen.getByTestId("team-card");
    expect(screen.getByTestId("team-current")).toHaveTextContent("本机数据");
    expect(card).toHaveTextContent("密码只保存在本机的系统钥匙串中，不会写入推送台的文件");
    expect(screen.getByTestId("team-server")).toHaveAttribute("placeholder", "postgres://db.example.com:5432/pushdesk");
    // On the desk's own file there is no team, so no threshold and nothing to leave.
    expect(screen.queryByTestId("team-approval-threshold")).not.toBeInTheDocument();
    expect(screen.queryByTestId("team-leave")).not.toBeInTheDocument();

    await fill(user, screen.getByTestId("team-server"), ` ${TEAM_SERVER} `);
    await fill(user, screen.getByTestId("team-login"), "wang");
    await fill(user, screen.getByTestId("team-password"), "s3cret pw");
    await user.keyboard("{Enter}");

    const joined = await screen.findByTestId("team-joined");
    expect(backend.callsTo("join_team")).toEqual([
      { cmd: "join_team", args: { link: { server: TEAM_SERVER, login: "wang" }, password: "s3cret pw" } },
    ]);
    expect(joined).toHaveTextContent("已连接，你的角色：作者。重新启动推送台后开始使用团队数据库");
    expect(backend.teamLink).toEqual({ server: TEAM_SERVER, login: "wang" });
    // The password is not kept on the page.
    expect(screen.getByTestId("team-password")).toHaveValue("");
    expect(document.body.innerHTML).not.toContain("s3cret pw");
    // Used from the next start: this run still works on this computer's data.
    expect(screen.getByTestId("team-current")).toHaveTextContent("本机数据");
    expect(await screen.findByTestId("team-leave")).toBeInTheDocument();

    await user.click(within(joined).getByTestId("team-restart"));
    await waitFor(() => expect(backend.callsTo("restart_app")).toHaveLength(1));
  });

  it("shows the core's refusal under the field it is about, in the UI language", async () => {
    const { user, backend } = await openSettings();
    await fill(user, screen.getByTestId("team-server"), "postgres://li:pw@db.example.com:5432/pushdesk");
    await fill(user, screen.getByTestId("team-login"), TEAM_LOGIN);
    await fill(user, screen.getByTestId("team-password"), "pw");
    await user.click(screen.getByTestId("team-join"));
    expect(await screen.findByTestId("team-server-error")).toHaveTextContent("请在各自的输入框中填写登录名和密码，不要写在服务器地址里");
    expect(fieldOf("team-server")).toHaveClass("ant-form-item-has-error");
    expect(screen.queryByTestId("team-joined")).not.toBeInTheDocument();
    expect(screen.queryByTestId("team-join-error")).not.toBeInTheDocument();
    expect(backend.teamLink).toBeNull();

    // Changing a field takes the refusal away; a server that is not an address is refused too.
    await user.clear(screen.getByTestId("team-server"));
    expect(screen.queryByTestId("team-server-error")).not.toBeInTheDocument();
    await fill(user, screen.getByTestId("team-server"), "db.example.com:5432");
    await user.click(screen.getByTestId("team-join"));
    expect(await screen.findByTestId("team-server-error")).toHaveTextContent("服务器应为 PostgreSQL 地址");

    await user.clear(screen.getByTestId("team-server"));
    await fill(user, screen.getByTestId("team-server"), TEAM_SERVER);
    await user.clear(screen.getByTestId("team-login"));
    await user.click(screen.getByTestId("team-join"));
    expect(await screen.findByTestId("team-login-error")).toHaveTextContent("请填写你的数据库登录名");

    await user.click(screen.getByTestId("settings-language-en"));
    expect(screen.getByTestId("team-login-error")).toHaveTextContent("give your database login");
  });

  it("shows a failure to sign in with the core's message", async () => {
    const { user } = await openSettings({
      failures: {
        join_team: {
          code: "store",
          message: "PostgreSQL: password authentication failed for user \"li\"",
          messageZh: "PostgreSQL：用户「li」的密码验证失败",
        },
      },
    });
    await fill(user, screen.getByTestId("team-server"), TEAM_SERVER);
    await fill(user, screen.getByTestId("team-login"), TEAM_LOGIN);
    await fill(user, screen.getByTestId("team-password"), "wrong");
    await user.keyboard("{Enter}");
    const error = await screen.findByTestId("team-join-error");
    expect(error).toHaveTextContent("无法连接团队");
    expect(error).toHaveTextContent("PostgreSQL：用户「li」的密码验证失败");
    expect(screen.queryByTestId("team-joined")).not.toBeInTheDocument();
  });

  it("shows the team and the role, and leaves the team after asking", async () => {
    const { user, backend } = await openSettings(onTeam("sender"));
    const current = screen.getByTestId("team-current");
    expect(current).toHaveTextContent("li@db.example.com:5432/pushdesk");
    expect(current).toHaveTextContent("你的角色：发送人");
    // The link this desk signs in with is filled in.
    expect(screen.getByTestId("team-server")).toHaveValue(TEAM_SERVER);
    expect(screen.getByTestId("team-login")).toHaveValue(TEAM_LOGIN);
    expect(screen.getByTestId("team-password")).toHaveValue("");

    await user.click(screen.getByTestId("team-leave"));
    await user.click(await screen.findByTestId("team-leave-confirm"));
    const left = await screen.findByTestId("team-left");
    expect(left).toHaveTextContent("已离开团队。重新启动推送台后改用本机数据");
    expect(backend.callsTo("leave_team")).toHaveLength(1);
    expect(backend.teamLink).toBeNull();
    await waitFor(() => expect(screen.queryByTestId("team-leave")).not.toBeInTheDocument());

    await user.click(within(left).getByTestId("team-restart"));
    await waitFor(() => expect(backend.callsTo("restart_app")).toHaveLength(1));
  });

  it("lets an admin set the approval threshold", async () => {
    const { user, backend } = await openSettings(onTeam("admin", 1000));
    const threshold = await screen.findByTestId("team-approval-threshold");
    expect(threshold).toHaveValue("1000");
    expect(threshold).toBeEnabled();
    expect(screen.getByTestId("team-card")).toHaveTextContent("收件人超过此人数的任务，需要团队中另一位发送人批准后才能开始发送");
    expect(screen.getByTestId("team-approval-save")).toBeDisabled();

    await user.clear(threshold);
    await user.type(threshold, "500");
    await user.click(screen.getByTestId("team-approval-save"));
    await waitFor(() => expect(backend.callsTo("set_approval_threshold")).toEqual([{ cmd: "set_approval_threshold", args: { recipients: 500 } }]));
    expect(backend.approvalThreshold).toBe(500);
    await waitFor(() => expect(screen.getByTestId("team-approval-save")).toBeDisabled());
    expect(threshold).toHaveValue("500");
  });

  it("shows the threshold read-only to anyone but an admin", async () => {
    await openSettings(onTeam("author", 800));
    const threshold = await screen.findByTestId("team-approval-threshold");
    expect(threshold).toHaveValue("800");
    expect(threshold).toBeDisabled();
    expect(screen.queryByTestId("team-approval-save")).not.toBeInTheDocument();
    expect(screen.getByTestId("team-approval-read-only")).toHaveTextContent("只有管理员可以修改");
    expect(screen.getByTestId("team-current")).toHaveTextContent("你的角色：作者");
  });

  it("shows the core's refusal of a threshold", async () => {
    // The role changed on the server since this run started: the database refuses.
    const { user, backend } = await openSettings({
      ...onTeam("admin", 1000),
      failures: { set_approval_threshold: roleRefused("permission denied for table settings (42501)") },
    });
    const threshold = await screen.findByTestId("team-approval-threshold");
    await user.clear(threshold);
    await user.type(threshold, "20");
    await user.keyboard("{Enter}");
    const error = await screen.findByTestId("team-approval-error");
    expect(error).toHaveAttribute("data-code", "not_permitted");
    expect(error).toHaveTextContent("你在团队中的角色不能做这件事");
    expect(backend.approvalThreshold).toBe(1000);
  });
});
