import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OPENID_A, OPENID_B } from "../features/campaigns/testing/fixtures";
import { REAL_ACCOUNT } from "../test/fakeBackend";
import { resetEvents } from "../test/fakeEvents";
import { onTeam } from "../test/fakeTeam";
import { FAST_USER, appReady, renderApp } from "../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../test/templateFixtures";
import { readPickedList } from "../features/campaigns/testing/wizardSteps";

vi.mock("@tauri-apps/api/event", () => import("../test/fakeEvents"));
afterEach(resetEvents);

const PATH = "/home/test/会员.csv";
const HEADERS = ["openid", ...ORDER_SHIPPED.keywords.map((k) => k.key)];
const row = (openid: string) => [openid, "拿铁咖啡", "20261124000123", "已发货", "2026-11-24 10:00", "￥32.00"];
const LIST = { format: "csv", encoding: "utf8", delimiter: ",", headers: HEADERS, rows: [row(OPENID_A), row(OPENID_B)] } as const;

describe("the new-campaign wizard for an author", () => {
  it("makes the campaign for a sender to start", async () => {
    const { user, backend } = renderApp(
      "/campaigns/new",
      {
        ...onTeam("author"),
        templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
        files: { [PATH]: { ...LIST, rows: [...LIST.rows] } },
        pickedFile: PATH,
      },
      FAST_USER,
    );
    await appReady();
    await readPickedList(user, PATH);
await waitFor(() => expect(screen.getByTestId("campaign-report-valid")).toHaveAttribute("data-value", "2"));
    await user.click(screen.getByTestId("campaign-next"));

    const start = await screen.findByTestId("campaign-start");
    expect(start).toHaveTextContent("提交（等待发送人开始）");
    await user.click(start);
    expect(await screen.findByTestId("campaign-confirm")).toHaveTextContent("团队中的发送人开始后才会发送");
    const ok = screen.getByTestId("campaign-confirm-ok");
    expect(ok).toHaveTextContent("提交（等待发送人开始）");
    await user.click(ok);
    await waitFor(() => expect(backend.callsTo("start_draft")).toHaveLength(1));
    await waitFor(() => expect(backend.campaigns[0]?.status).toBe("ready"));
  });
});
