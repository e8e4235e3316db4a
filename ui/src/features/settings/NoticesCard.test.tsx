import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { RobotDelivery } from "../../ipc";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";

const WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0f1e2d3c-4b5a";
const SAVED = { desktop: true, robot: "wecom" as const, webhook: WECOM, lastRobot: null };

function chooseRobot(choice: string) {
  fireEvent.mouseDown(within(screen.getByTestId("settings-robot-kind")).getByRole("combobox"));
  fireEvent.click(screen.getAllByTestId(`settings-robot-kind-${choice}`).at(-1) as HTMLElement);
}

const saves = (backend: ReturnType<typeof renderApp>["backend"]) => backend.callsTo("save_notice_settings").map((call) => (call.args as { input: unknown }).input);

describe("settings: notices", () => {
  it("saves a group robot with a new webhook address, which is never shown again", async () => {
    const { user, backend } = renderApp("/settings", {}, FAST_USER);
    await appReady();
    const webhook = await screen.findByTestId("settings-robot-webhook");
    expect(webhook).toBeDisabled();
    expect(screen.getByTestId("settings-robot-test")).toBeDisabled();
    expect(screen.getByTestId("settings-notices")).toHaveTextContent("只保存在本机的系统钥匙串中");
    expect(screen.getByTestId("settings-notices")).toHaveTextContent("请把「推送台」加为关键词");

    chooseRobot("wecom");
    expect(webhook).toBeEnabled();
    // A robot needs its address.
    expect(screen.getByTestId("settings-robot-save")).toBeDisabled();
    await user.type(webhook, "https://open.feishu.cn/open-apis/bot/v2/hook/abc");
    await user.click(screen.getByTestId("settings-robot-save"));
    expect(await screen.findByTestId("settings-robot-webhook-error")).toHaveTextContent("这是飞书机器人的地址");
    expect(backend.notices.webhook).toBeNull();

    await user.clear(webhook);
    expect(screen.queryByTestId("settings-robot-webhook-error")).not.toBeInTheDocument();
    await user.type(webhook, WECOM);
    await user.click(screen.getByTestId("settings-robot-save"));
    await waitFor(() => expect(saves(backend)).toHaveLength(2));
    expect(saves(backend)[1]).toEqual({ desktop: true, robot: "wecom", webhook: WECOM });
    expect(await screen.findByTestId("settings-robot-saved")).toHaveTextContent("已保存在系统钥匙串");
    expect(webhook).toHaveValue("");
    expect(document.body.textContent).not.toContain("0f1e2d3c");
    expect(backend.notices).toMatchObject({ robot: "wecom", webhook: WECOM });
    expect(screen.getByTestId("settings-robot-test")).toBeEnabled();
  });

  it("keeps the saved address when saving without a new one, and deletes it with 不发送", async () => {
    const { user, backend } = renderApp("/settings", { notices: { ...SAVED } }, FAST_USER);
    await appReady();
    expect(await screen.findByTestId("settings-robot-saved")).toBeInTheDocument();
    expect(screen.getByTestId("settings-robot-webhook")).toHaveAttribute("placeholder", expect.stringContaining("留空则保持不变") as string);
    expect(screen.getByTestId("settings-robot-save")).toBeDisabled();

    // The desktop switch saves at once, keeping the robot and its address.
    await user.click(screen.getByTestId("settings-notice-desktop"));
    await waitFor(() => expect(saves(backend)).toEqual([{ desktop: false, robot: "wecom", webhook: null }]));
    await waitFor(() => expect(screen.getByTestId("settings-notice-desktop")).toHaveAttribute("aria-checked", "false"));
    expect(backend.notices).toMatchObject({ desktop: false, webhook: WECOM });

    chooseRobot("none");
    expect(screen.getByTestId("settings-notices")).toHaveTextContent("已保存的地址会从系统钥匙串删除");
    await user.click(screen.getByTestId("settings-robot-save"));
    await waitFor(() => expect(saves(backend)).toHaveLength(2));
    expect(saves(backend)[1]).toEqual({ desktop: false, robot: null, webhook: null });
    await waitFor(() => expect(screen.queryByTestId("settings-robot-saved")).not.toBeInTheDocument());
    expect(backend.notices.webhook).toBeNull();
  });

  it("asks for the new robot's address when the kind of robot changes", async () => {
    renderApp("/settings", { notices: { ...SAVED } }, FAST_USER);
    await appReady();
    await screen.findByTestId("settings-robot-saved");
    chooseRobot("dingtalk");
    expect(screen.getByTestId("settings-notices")).toHaveTextContent("换了机器人，请粘贴新机器人的 Webhook 地址");
    expect(screen.getByTestId("settings-robot-save")).toBeDisabled();
    expect(screen.getByTestId("settings-robot-test")).toBeDisabled();
  });

  it("sends a test notice and shows how it went, in the UI's language", async () => {
    const refused: Omit<RobotDelivery, "at"> = {
      ok: false,
      attempts: null,
      errorEn: "the WeCom robot refused the message (code 93000: invalid webhook url)",
      errorZh: "企业微信机器人拒绝了消息（93000：webhook 地址无效）",
    };
    const { user, backend } = renderApp("/settings", { notices: { ...SAVED } }, FAST_USER);
    await appReady();
    await user.click(await screen.findByTestId("settings-robot-test"));
    const ok = await screen.findByTestId("settings-robot-result");
    expect(ok).toHaveAttribute("data-ok", "true");
    expect(ok).toHaveTextContent("测试通知已发到群里");

    backend.robotTest = refused;
    await user.click(screen.getByTestId("settings-robot-test"));
    await waitFor(() => expect(screen.getByTestId("settings-robot-result")).toHaveAttribute("data-ok", "false"));
    expect(screen.getByTestId("settings-robot-result")).toHaveTextContent("企业微信机器人拒绝了消息（93000：webhook 地址无效）");
    expect(backend.callsTo("test_robot")).toHaveLength(2);

    await user.click(screen.getByTestId("settings-language-en"));
    expect(screen.getByTestId("settings-robot-result")).toHaveTextContent("the WeCom robot refused the message (code 93000: invalid webhook url)");
    expect(screen.getByTestId("settings-notices")).toHaveTextContent("add “Pushdesk” as the keyword");
  });

  it("shows the last delivery of a notice to the group", async () => {
    const lastRobot: RobotDelivery = { at: Date.UTC(2026, 11, 12, 2, 0), ok: false, attempts: null, errorEn: "could not reach the WeCom robot", errorZh: "无法连接企业微信机器人" };
    renderApp("/settings", { notices: { ...SAVED, lastRobot } }, FAST_USER);
    await appReady();
    const last = await screen.findByTestId("settings-robot-last");
    expect(last).toHaveTextContent("上一条群通知没有送达");
    expect(last).toHaveTextContent("无法连接企业微信机器人");
  });
});

describe("settings: background", () => {
  it("starts at login when asked, and says what closing the window does", async () => {
    const { user, backend } = renderApp("/settings", {}, FAST_USER);
    await appReady();
    const toggle = await screen.findByTestId("settings-start-at-login");
    expect(toggle).toHaveAttribute("aria-checked", "false");
    expect(screen.getByTestId("settings-background-tray")).toHaveTextContent("关闭窗口后推送台会留在系统托盘继续运行");
    expect(screen.getByTestId("settings-background-pending")).toHaveAttribute("data-pending", "false");
    await user.click(toggle);
    await waitFor(() => expect(backend.callsTo("set_start_at_login")).toEqual([{ cmd: "set_start_at_login", args: { enabled: true } }]));
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "true"));
    expect(backend.startAtLogin).toBe(true);
  });
});
