import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CampaignDraft, SendNowRequest } from "../../ipc";
import { REAL_ACCOUNT, fakePlan, type FakeBackend } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";
import { resetEvents } from "../../test/fakeEvents";
import { GBK_INSPECTION, OPENID_A, OPENID_B } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

// The amount column is called 金额 while the keyword's label is 订单金额: auto-mapping misses it.
const PATH = "D:\\会员\\11月会员.csv";

async function openWizard(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp(
    "/campaigns/new",
    {
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      inspect: () => GBK_INSPECTION,
      pickedFile: PATH,
      testRecipients: { [REAL_ACCOUNT.id]: [{ openid: OPENID_A, note: "小王的手机" }] },
      ...overrides,
    },
    FAST_USER,
  );
  await appReady();
  await screen.findByTestId("campaign-wizard");
  await screen.findByTestId("campaign-template");
  return view;
}

function chooseOption(selectTestId: string, optionTestId: string) {
  fireEvent.mouseDown(within(screen.getByTestId(selectTestId)).getByRole("combobox"));
  fireEvent.click(screen.getAllByTestId(optionTestId).at(-1) as HTMLElement);
}

/** Step 1 done: template chosen, the file browsed and read. */
async function readFile(view: Awaited<ReturnType<typeof openWizard>>) {
  const { user } = view;
  chooseOption("campaign-template", `campaign-template-option-${ORDER_SHIPPED.templateId}`);
  await user.click(screen.getByTestId("campaign-file-browse"));
  await waitFor(() => expect(screen.getByTestId("campaign-file-path")).toHaveValue(PATH));
  await user.click(screen.getByTestId("campaign-inspect"));
  return screen.findByTestId("campaign-inspection");
}

function plans(backend: FakeBackend) {
  return backend.callsTo("plan_campaign").map((call) => (call.args as { draft: CampaignDraft }).draft);
}

describe("new campaign wizard", () => {
  it("reads the file, maps, validates, previews, tests and starts", async () => {
    const view = await openWizard();
    const { user, backend } = view;
    expect(screen.getByTestId("campaign-next")).toBeDisabled();

    await user.clear(screen.getByTestId("campaign-name"));
    await user.type(screen.getByTestId("campaign-name"), "双十一会员提醒");
    const inspection = await readFile(view);
    expect(backend.callsTo("inspect_audience")[0]?.args).toEqual({ source: { kind: "file", path: PATH } });
    expect(within(inspection).getByTestId("campaign-inspection-encoding")).toHaveTextContent("GBK");
    expect(within(inspection).getByTestId("campaign-inspection-delimiter")).toHaveTextContent("逗号");
    for (const header of GBK_INSPECTION.headers) expect(within(inspection).getAllByText(header).length).toBeGreaterThan(0);
    expect(within(inspection).getByText("拿铁咖啡")).toBeInTheDocument();

    // Step 2 starts from the automatic mapping.
    await user.click(screen.getByTestId("campaign-next"));
    await waitFor(() => expect(plans(backend)).toHaveLength(1));
    expect(plans(backend)[0]?.mapping).toBeNull();
    const report = await screen.findByTestId("campaign-report");
    expect(within(report).getByTestId("campaign-report-valid")).toHaveTextContent("0");
    expect(within(screen.getByTestId("campaign-map-thing1")).getByTitle("商品名称")).toBeInTheDocument();
    expect(screen.getByTestId("campaign-next")).toBeEnabled();

    // Edit: the amount becomes a fixed value with a placeholder, and skipping duplicates off.
    await user.type(screen.getByTestId("campaign-value-amount5"), "￥{{{{金额}}");
    await user.click(screen.getByTestId("campaign-skip-duplicates"));
    expect(await screen.findByTestId("campaign-report-stale")).toBeInTheDocument();
    expect(screen.getByTestId("campaign-next")).toBeDisabled();
    await user.click(screen.getByTestId("campaign-validate"));
    await waitFor(() => expect(plans(backend)).toHaveLength(2));
    const edited = plans(backend)[1];
    expect(edited?.mapping).toMatchObject({
      openidColumn: 0,
      keywordColumns: { thing1: 1, character_string2: 2, phrase3: 3, time4: 4 },
      placeholderColumns: { 金额: 5 },
    });
    expect(edited?.mapping?.keywordColumns).not.toHaveProperty("amount5");
    expect(edited?.message.values).toEqual({ amount5: "￥{{金额}}" });
    expect(edited?.options).toEqual({ skipDuplicates: false, skipUnsubscribed: false });
    await waitFor(() => expect(screen.queryByTestId("campaign-report-stale")).not.toBeInTheDocument());

    // The report: counts and problems with row and column.
    expect(screen.getByTestId("campaign-report-total")).toHaveTextContent("3");
    expect(screen.getByTestId("campaign-report-valid")).toHaveTextContent("2");
    expect(screen.getByTestId("campaign-report-invalid")).toHaveTextContent("1");
    const problems = screen.getByTestId("campaign-problems");
    const problemRow = within(problems).getByText("openid 格式不对").closest("tr") as HTMLElement;
    expect(problemRow).toHaveTextContent("2");
    expect(problemRow).toHaveTextContent("openid");
    await user.click(screen.getByTestId("campaign-problems-download"));
    await waitFor(() => expect(backend.callsTo("save_problems_csv")).toHaveLength(1));

    // The preview steps through rows, as the WeChat card.
    const preview = screen.getByTestId("campaign-preview");
    expect(within(preview).getByTestId("campaign-preview-position")).toHaveTextContent("1 / 3");
    expect(within(preview).getByTestId("wx-card-row-thing1")).toHaveTextContent("拿铁咖啡");
    expect(within(preview).getByTestId("wx-card-row-amount5")).toHaveTextContent("￥￥32.00");
    expect(within(preview).getByTestId("campaign-preview-prev")).toBeDisabled();
    await user.click(within(preview).getByTestId("campaign-preview-next"));
    expect(within(preview).getByTestId("campaign-preview-position")).toHaveTextContent("2 / 3");
    expect(within(preview).getByTestId("campaign-preview-row")).toHaveAttribute("data-state", "skipped");
    expect(within(preview).getByTestId("campaign-preview-reason")).toHaveTextContent("openid 格式不对");
    await user.click(within(preview).getByTestId("campaign-preview-next"));
    expect(within(preview).getByTestId("wx-card-row-thing1")).toHaveTextContent("摩卡");
    expect(within(preview).getByTestId("campaign-preview-next")).toBeDisabled();
    await user.click(within(preview).getByTestId("campaign-preview-prev"));
    expect(within(preview).getByTestId("campaign-preview-position")).toHaveTextContent("2 / 3");

    // Step 3: speed, test send, confirm.
    await user.click(screen.getByTestId("campaign-next"));
    expect(screen.getByTestId("campaign-rate")).toHaveValue("20");
    expect(screen.getByTestId("campaign-concurrency")).toHaveValue("8");
    await user.clear(screen.getByTestId("campaign-rate"));
    await user.type(screen.getByTestId("campaign-rate"), "10");
    expect(screen.getByTestId("campaign-estimate")).toHaveTextContent("2 人，预计用时 约 1 秒");

    await user.click(screen.getByTestId("campaign-test-send"));
    expect(await screen.findByTestId("compose-result")).toHaveTextContent("1 / 1 已送达微信");
    const request = (backend.callsTo("send_now")[0]?.args as { request: SendNowRequest }).request;
    expect(request.target).toEqual({ kind: "test" });
    expect(request.message.values).toMatchObject({ thing1: "拿铁咖啡", amount5: "￥￥32.00" });

    await user.click(screen.getByTestId("campaign-start"));
    const confirm = await screen.findByTestId("campaign-confirm");
    expect(within(confirm).getByTestId("campaign-confirm-account")).toHaveTextContent(REAL_ACCOUNT.name);
    expect(within(confirm).getByTestId("campaign-confirm-template")).toHaveTextContent("订单发货通知");
    expect(within(confirm).getByTestId("campaign-confirm-count")).toHaveTextContent("2 人");
    expect(within(confirm).getByTestId("campaign-confirm-rate")).toHaveTextContent("每秒 10 条 · 同时 8 个请求");
    expect(within(confirm).getByTestId("campaign-confirm-state")).toHaveTextContent("正式版");
    expect(backend.callsTo("create_campaign")).toHaveLength(0);

    await user.click(screen.getByTestId("campaign-confirm-ok"));
    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    const order = backend.calls.map((c) => c.cmd).filter((cmd) => cmd === "create_campaign" || cmd === "start_campaign");
    expect(order).toEqual(["create_campaign", "start_campaign"]);
    const created = (backend.callsTo("create_campaign")[0]?.args as { draft: CampaignDraft }).draft;
    expect(created).toMatchObject({ name: "双十一会员提醒", rate: 10, concurrency: 8, templateId: ORDER_SHIPPED.templateId });
    expect(created.mapping).toEqual(edited?.mapping);
    const id = backend.campaigns[0]?.id;
    expect(backend.callsTo("start_campaign")[0]?.args).toEqual({ id, resend: null });
    expect(window.location.hash).toBe(`#/campaigns/${id}`);
    expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "running");
  }, 60_000);

  it("shows why a file cannot be read", async () => {
    const view = await openWizard();
    view.backend.failures.inspect_audience = { code: "invalid_input", message: "11月会员.csv row 3, column 金额: not valid text" };
    chooseOption("campaign-template", `campaign-template-option-${ORDER_SHIPPED.templateId}`);
    await view.user.type(screen.getByTestId("campaign-file-path"), "/tmp/list.csv");
    await view.user.click(screen.getByTestId("campaign-inspect"));
    const alert = await screen.findByTestId("campaign-inspect-error");
    expect(alert).toHaveTextContent("row 3, column 金额");
    expect(screen.getByTestId("campaign-next")).toBeDisabled();
  });

  it("reads pasted openids and disables start when no row is valid", async () => {
    const view = await openWizard({
      inspect: (source) => ({
        source: "paste",
        format: "paste",
        encoding: null,
        delimiter: null,
        headers: ["openid"],
        sampleRows: source.kind === "paste" ? source.text.split("\n").map((line) => [line]) : [],
      }),
      plan: (draft, backend) => {
        const plan = fakePlan(draft, backend);
        return { ...plan, report: { ...plan.report, valid: 0 } };
      },
    });
    const { user, backend } = view;
    chooseOption("campaign-template", `campaign-template-option-${ORDER_SHIPPED.templateId}`);
    await user.click(screen.getByTestId("campaign-source-paste"));
    fireEvent.change(screen.getByTestId("campaign-paste"), { target: { value: `${OPENID_A}\n${OPENID_B}` } });
    await user.click(screen.getByTestId("campaign-inspect"));
    await screen.findByTestId("campaign-inspection");
    expect(backend.callsTo("inspect_audience")[0]?.args).toEqual({ source: { kind: "paste", text: `${OPENID_A}\n${OPENID_B}` } });
    await user.click(screen.getByTestId("campaign-next"));
    await screen.findByTestId("campaign-report");
    await user.click(screen.getByTestId("campaign-next"));
    expect(screen.getByTestId("campaign-start")).toBeDisabled();
    expect(screen.getByTestId("campaign-test-send")).toBeDisabled();
  }, 60_000);
});
