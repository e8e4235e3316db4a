import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import dayjs from "dayjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ScheduleRequest } from "../../ipc";
import { REAL_ACCOUNT, type FakeBackend } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";
import { AT_FORMAT } from "./scheduleText";
import { OPENID_A, OPENID_B } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

const PATH = "/home/test/会员.csv";
const HEADERS = ["openid", ...ORDER_SHIPPED.keywords.map((k) => k.key)];
const row = (openid: string) => [openid, "拿铁咖啡", "20261124000123", "已发货", "2026-11-24 10:00", "￥32.00"];
const LIST = { format: "csv", encoding: "utf8", delimiter: ",", headers: HEADERS, rows: [row(OPENID_A), row(OPENID_B)] } as const;

/** Today + `days` at 10:00, local time: as typed, and as unix ms. */
function day(days: number): { text: string; ms: number } {
  const at = dayjs().startOf("day").add(days, "day").hour(10);
  return { text: at.format(AT_FORMAT), ms: at.valueOf() };
}

function chooseOption(selectTestId: string, optionTestId: string) {
  fireEvent.mouseDown(within(screen.getByTestId(selectTestId)).getByRole("combobox"));
  fireEvent.click(screen.getAllByTestId(optionTestId).at(-1) as HTMLElement);
}

/** The wizard at its last step, with a list of two sendable rows read from a file (or pasted). */
async function atSendStep(source: "file" | "paste" = "file") {
  const view = renderApp(
    "/campaigns/new",
    { templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES }, files: { [PATH]: { ...LIST, rows: [...LIST.rows] } }, pickedFile: PATH },
    FAST_USER,
  );
  const { user } = view;
  await appReady();
  await screen.findByTestId("campaign-template");
  chooseOption("campaign-template", `campaign-template-option-${ORDER_SHIPPED.templateId}`);
  if (source === "file") {
    await user.click(screen.getByTestId("campaign-file-browse"));
    await waitFor(() => expect(screen.getByTestId("campaign-file-path")).toHaveValue(PATH));
  } else {
    await user.click(screen.getByTestId("campaign-source-paste"));
    const text = [HEADERS, row(OPENID_A), row(OPENID_B)].map((cells) => cells.join(",")).join("\n");
    fireEvent.change(screen.getByTestId("campaign-paste"), { target: { value: text } });
  }
  await user.click(screen.getByTestId("campaign-inspect"));
  await screen.findByTestId("campaign-inspection");
  await user.click(screen.getByTestId("campaign-next"));
  await waitFor(() => expect(screen.getByTestId("campaign-report-valid")).toHaveAttribute("data-value", "2"));
  await user.click(screen.getByTestId("campaign-next"));
  await screen.findByTestId("campaign-start");
  return view;
}

/** Types into a date or time picker and takes it with Enter. */
async function typeInto(user: Awaited<ReturnType<typeof atSendStep>>["user"], testId: string, text: string) {
  const input = screen.getByTestId(testId);
  await user.click(input);
  await user.clear(input);
  await user.type(input, text);
  await user.keyboard("{Enter}");
}

const scheduleSent = (backend: FakeBackend) => (backend.callsTo("start_draft")[0]?.args as { schedule: ScheduleRequest } | undefined)?.schedule;

describe("the wizard's when to send", () => {
  it("schedules at a typed time, in the default window, and opens the scheduled campaign", async () => {
    const { user, backend } = await atSendStep();
    // Now, at any hour, by default: the person is here and asks for now.
    expect(screen.getByTestId("campaign-when-now")).toBeChecked();
    expect(screen.getByTestId("campaign-window-enabled")).toHaveAttribute("aria-checked", "false");
    expect(screen.getByTestId("campaign-start")).toHaveTextContent("开始发送");

    await user.click(screen.getByTestId("campaign-when-at"));
    expect(screen.getByTestId("campaign-window-enabled")).toHaveAttribute("aria-checked", "true");
    expect(screen.getByTestId("campaign-window-start")).toHaveValue("08:00");
    expect(screen.getByTestId("campaign-window-end")).toHaveValue("21:00");
    expect(screen.getByTestId("campaign-grace")).toHaveValue("60");
    // No time yet: nothing to confirm.
    expect(screen.getByTestId("campaign-start")).toBeDisabled();
    const at = day(1);
    await typeInto(user, "campaign-at", at.text);
    expect(screen.getByTestId("campaign-at")).toHaveValue(at.text);
    const startButton = screen.getByTestId("campaign-start");
    expect(startButton).toHaveTextContent("定时发送");
    expect(startButton).toBeEnabled();

    await user.click(startButton);
    const confirm = await screen.findByTestId("campaign-confirm");
    expect(screen.getByText("确认定时发送？")).toBeInTheDocument();
    expect(within(confirm).getByTestId("campaign-confirm-when")).toHaveTextContent(at.text);
    expect(within(confirm).getByTestId("campaign-confirm-window")).toHaveTextContent("每天 08:00–21:00");
    expect(within(confirm).getByTestId("campaign-confirm-grace")).toHaveTextContent("60 分钟");
    expect(screen.getByTestId("campaign-confirm-ok")).toHaveTextContent("定时发给 2 人");
    await user.click(screen.getByTestId("campaign-confirm-ok"));

    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    expect(scheduleSent(backend)).toEqual({ at: at.ms, repeat: null, window: { start: 480, end: 1260 }, graceMinutes: 60, audience: null });
    expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "scheduled");
    const card = screen.getByTestId("campaign-schedule");
    expect(within(card).getByTestId("campaign-scheduled-at")).toHaveTextContent(at.text);
    expect(card).toHaveTextContent("每天 08:00–21:00");
    expect(backend.drafts).toEqual({});
  }, 60_000);

  it("shows the core's refusal of a time that passed under the field, and keeps the draft", async () => {
    const { user, backend } = await atSendStep();
    await user.click(screen.getByTestId("campaign-when-at"));
    await typeInto(user, "campaign-at", day(-1).text);
    await user.click(screen.getByTestId("campaign-start"));
    await user.click(await screen.findByTestId("campaign-confirm-ok"));

    const error = await screen.findByTestId("campaign-schedule-error-at");
    expect(error).toHaveTextContent("这个时间已经过去了，请选择以后的时间");
    expect(error.textContent).not.toContain("at:");
    await waitFor(() => expect(screen.queryByTestId("campaign-confirm")).not.toBeInTheDocument());
    expect(backend.campaigns).toEqual([]);
    expect(Object.keys(backend.drafts)).toHaveLength(1);

    // A new time clears it; the start goes through.
    await typeInto(user, "campaign-at", day(2).text);
    expect(screen.queryByTestId("campaign-schedule-error-at")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("campaign-start"));
    await user.click(await screen.findByTestId("campaign-confirm-ok"));
    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    expect(backend.callsTo("start_draft")).toHaveLength(2);
  }, 60_000);

  it("repeats weekly on the chosen days in a changed window, and links the run to its series", async () => {
    const { user, backend } = await atSendStep();
    await user.click(screen.getByTestId("campaign-when-repeat"));
    await user.click(screen.getByTestId("campaign-repeat-kind-weekly"));
    expect(screen.getByTestId("campaign-start")).toBeDisabled();
    await user.click(screen.getByTestId("campaign-repeat-day-THU"));
    await user.click(screen.getByTestId("campaign-repeat-day-MON"));
    const first = day(1);
    await typeInto(user, "campaign-at", first.text);
    // A file can be read again before each run: the default. Here, the first run's people each time.
    expect(screen.getByTestId("campaign-audience-reread")).toBeChecked();
    await user.click(screen.getByTestId("campaign-audience-reuse"));
    await typeInto(user, "campaign-window-end", "20:00");
    await user.clear(screen.getByTestId("campaign-grace"));
    await user.type(screen.getByTestId("campaign-grace"), "30");

    expect(screen.getByTestId("campaign-start")).toHaveTextContent("定时发送");
    await user.click(screen.getByTestId("campaign-start"));
    const confirm = await screen.findByTestId("campaign-confirm");
    expect(within(confirm).getByTestId("campaign-confirm-when")).toHaveTextContent(/^每周一、周四 10:00，首次 \d{4}-\d\d-\d\d 10:00$/);
    expect(within(confirm).getByTestId("campaign-confirm-window")).toHaveTextContent("每天 08:00–20:00");
    expect(within(confirm).getByTestId("campaign-confirm-audience")).toHaveTextContent("这次读到的收件人");
    await user.click(screen.getByTestId("campaign-confirm-ok"));

    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    expect(scheduleSent(backend)).toEqual({ at: first.ms, repeat: "weekly:MON,THU", window: { start: 480, end: 1200 }, graceMinutes: 30, audience: "reuse" });
    expect(backend.series).toHaveLength(1);
    await user.click(screen.getByTestId("campaign-series-link"));
    expect(await screen.findByTestId("page-series")).toBeInTheDocument();
    expect(await screen.findByTestId("series-rule")).toHaveTextContent("每周一、周四 10:00");
  }, 60_000);

  it("reuses a pasted list: it cannot be read again before each run", async () => {
    const { user, backend } = await atSendStep("paste");
    await user.click(screen.getByTestId("campaign-when-repeat"));
    expect(screen.getByTestId("campaign-audience-reread")).toBeDisabled();
    expect(screen.getByTestId("campaign-audience-reuse")).toBeChecked();
    expect(screen.getByTestId("campaign-audience-hint")).toHaveTextContent("粘贴的名单无法重新读取");
    await typeInto(user, "campaign-at", day(1).text);
    await user.click(screen.getByTestId("campaign-start"));
    await user.click(await screen.findByTestId("campaign-confirm-ok"));
    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    expect(scheduleSent(backend)).toMatchObject({ repeat: "daily", audience: "reuse" });
  }, 60_000);
});
