import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DraftInput, DraftSettings } from "../../ipc";
import { REAL_ACCOUNT, fakePlan, type FakeBackend } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";
import { resetEvents } from "../../test/fakeEvents";
import { BIG5_FILE, GBK_FILE, OPENID_A, OPENID_B } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

// The amount column is called 金额 while the keyword's label is 订单金额: auto-mapping misses it.
const PATH = "D:\\会员\\11月会员.csv";
const BIG5_PATH = "/home/test/台北門市.csv";

async function openWizard(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp(
    "/campaigns/new",
    {
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      files: { [PATH]: GBK_FILE, [BIG5_PATH]: BIG5_FILE },
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

/** Step 1 done: template chosen, the file browsed and read into a draft. */
async function readFile(view: Awaited<ReturnType<typeof openWizard>>) {
  const { user } = view;
  chooseOption("campaign-template", `campaign-template-option-${ORDER_SHIPPED.templateId}`);
  await user.click(screen.getByTestId("campaign-file-browse"));
  await waitFor(() => expect(screen.getByTestId("campaign-file-path")).toHaveValue(PATH));
  await user.click(screen.getByTestId("campaign-inspect"));
  return screen.findByTestId("campaign-inspection");
}

const inputs = (backend: FakeBackend) => backend.callsTo("create_draft").map((call) => (call.args as { input: DraftInput }).input);
const updates = (backend: FakeBackend) =>
  backend.callsTo("update_draft").map((call) => call.args as { id: number; settings: DraftSettings });
const draftIdOf = (backend: FakeBackend) => Number(Object.keys(backend.drafts)[0]);

describe("new campaign wizard", () => {
  // Regression (issue 18, bug 1): `?id={{快递单号}}` in the page went to all 989 people as written.
  it("maps a placeholder of the page to its column and previews each row's page", async () => {
    const view = await openWizard();
    const { user, backend } = view;
    await readFile(view);
    await user.click(screen.getByTestId("campaign-next"));
    await screen.findByTestId("campaign-report");
    // user-event treats "{" as a key descriptor: "{{" types one brace.
    await user.type(screen.getByTestId("campaign-page"), "pages/order/detail?id={{{{订单号}}");
    expect(await screen.findByTestId("campaign-placeholders")).toHaveTextContent("订单号");
    await user.click(screen.getByTestId("campaign-validate"));
    await waitFor(() => expect(updates(backend)).toHaveLength(2));
    expect(updates(backend)[1]?.settings).toMatchObject({
      mapping: { placeholderColumns: { 订单号: 2 } },
      message: { page: "pages/order/detail?id={{订单号}}" },
    });
    const preview = await screen.findByTestId("campaign-preview");
    await waitFor(() =>
      expect(within(preview).getByTestId("campaign-preview-page")).toHaveTextContent("pages/order/detail?id=20261124000123"),
    );
  });

  it("reads the file once into a draft, maps, validates, previews, tests and starts it", async () => {
    const view = await openWizard();
    const { user, backend } = view;
    expect(screen.getByTestId("campaign-next")).toBeDisabled();

    await user.clear(screen.getByTestId("campaign-name"));
    await user.type(screen.getByTestId("campaign-name"), "双十一会员提醒");
    const inspection = await readFile(view);
    expect(inputs(backend)).toHaveLength(1);
    expect(inputs(backend)[0]).toMatchObject({
      accountId: REAL_ACCOUNT.id,
      source: { kind: "file", path: PATH },
      encoding: null,
      settings: { templateId: ORDER_SHIPPED.templateId, mapping: null },
    });
    const id = draftIdOf(backend);
    expect(within(inspection).getByTestId("campaign-inspection-encoding")).toHaveTextContent("GBK");
    expect(within(inspection).getByTestId("campaign-inspection-delimiter")).toHaveTextContent("逗号");
    expect(within(inspection).getByTestId("campaign-inspection-rows")).toHaveTextContent("3 行");
    for (const header of GBK_FILE.headers) expect(within(inspection).getAllByText(header).length).toBeGreaterThan(0);
    const sample = within(inspection).getByTestId("campaign-inspection-sample");
    // Rows as the spreadsheet numbers them: the first data row is row 2.
    expect(within(sample).getByText("拿铁咖啡").closest("tr")).toHaveTextContent(/^2/);

    // Step 2 starts from the automatic mapping, validated on the draft.
    await user.click(screen.getByTestId("campaign-next"));
    await waitFor(() => expect(updates(backend)).toHaveLength(1));
    expect(updates(backend)[0]).toMatchObject({ id, settings: { mapping: null, message: { values: {} } } });
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
    await waitFor(() => expect(updates(backend)).toHaveLength(2));
    const edited = updates(backend)[1]?.settings;
    expect(edited?.mapping).toMatchObject({
      openidColumn: 0,
      keywordColumns: { thing1: 1, character_string2: 2, phrase3: 3, time4: 4 },
      placeholderColumns: { 金额: 5 },
    });
    expect(edited?.mapping?.keywordColumns).not.toHaveProperty("amount5");
    expect(edited?.message.values).toEqual({ amount5: "￥{{金额}}" });
    expect(edited?.options).toEqual({ skipDuplicates: false, skipUnsubscribed: false, skipRecent: true, recentDays: 7, onlyGranted: false });
    await waitFor(() => expect(screen.queryByTestId("campaign-report-stale")).not.toBeInTheDocument());

    // The report: counts and problems with the spreadsheet's row and the column.
    expect(screen.getByTestId("campaign-report-total")).toHaveTextContent("3");
    expect(screen.getByTestId("campaign-report-valid")).toHaveTextContent("2");
    expect(screen.getByTestId("campaign-report-invalid")).toHaveTextContent("1");
    const problems = screen.getByTestId("campaign-problems");
    const problemRow = within(problems).getByText("openid 格式不对").closest("tr") as HTMLElement;
    expect(problemRow).toHaveTextContent(/^3/);
    expect(problemRow).toHaveTextContent("openid");
    await user.click(screen.getByTestId("campaign-problems-download"));
    await waitFor(() => expect(backend.callsTo("save_draft_problems")).toHaveLength(1));
    expect(backend.callsTo("save_draft_problems")[0]?.args).toEqual({ id });

    // The preview steps through rows, as the WeChat card.
    const preview = screen.getByTestId("campaign-preview");
    expect(within(preview).getByTestId("campaign-preview-position")).toHaveTextContent("1 / 3");
    expect(within(preview).getByTestId("wx-card-row-thing1")).toHaveTextContent("拿铁咖啡");
    expect(within(preview).getByTestId("wx-card-row-amount5")).toHaveTextContent("￥￥32.00");
    expect(within(preview).getByTestId("campaign-preview-prev")).toBeDisabled();
    await user.click(within(preview).getByTestId("campaign-preview-next"));
    expect(within(preview).getByTestId("campaign-preview-row")).toHaveAttribute("data-row", "3");
    expect(within(preview).getByTestId("campaign-preview-row")).toHaveAttribute("data-state", "skipped");
    expect(within(preview).getByTestId("campaign-preview-reason")).toHaveTextContent("openid 格式不对");
    await user.click(within(preview).getByTestId("campaign-preview-next"));
    expect(within(preview).getByTestId("wx-card-row-thing1")).toHaveTextContent("摩卡");
    expect(within(preview).getByTestId("campaign-preview-next")).toBeDisabled();

    // Step 3: speed, test send, confirm.
    await user.click(screen.getByTestId("campaign-next"));
    expect(screen.getByTestId("campaign-rate")).toHaveValue("20");
    expect(screen.getByTestId("campaign-concurrency")).toHaveValue("8");
    await user.clear(screen.getByTestId("campaign-rate"));
    await user.type(screen.getByTestId("campaign-rate"), "10");
    expect(screen.getByTestId("campaign-estimate")).toHaveTextContent("2 人，预计用时 约 1 秒");
    expect(screen.getByText("内容取自第 2 行")).toBeInTheDocument();

    // The test send works on the draft, with the speed on screen stored first.
    await user.click(screen.getByTestId("campaign-test-send"));
    expect(await screen.findByTestId("compose-result")).toHaveTextContent("1 / 1 已送达微信");
    expect(backend.callsTo("test_send_draft")).toEqual([{ cmd: "test_send_draft", args: { id } }]);
    expect(updates(backend)).toHaveLength(3);
    expect(updates(backend)[2]?.settings).toMatchObject({ rate: 10, name: "双十一会员提醒", mapping: edited?.mapping });
    expect(backend.callsTo("send_now")).toHaveLength(0);

    await user.click(screen.getByTestId("campaign-start"));
    const confirm = await screen.findByTestId("campaign-confirm");
    expect(within(confirm).getByTestId("campaign-confirm-account")).toHaveTextContent(REAL_ACCOUNT.name);
    expect(within(confirm).getByTestId("campaign-confirm-template")).toHaveTextContent("订单发货通知");
    expect(within(confirm).getByTestId("campaign-confirm-count")).toHaveTextContent("2 人");
    expect(within(confirm).getByTestId("campaign-confirm-rate")).toHaveTextContent("每秒 10 条 · 同时 8 个请求");
    expect(within(confirm).getByTestId("campaign-confirm-state")).toHaveTextContent("正式版");
    expect(backend.callsTo("start_draft")).toHaveLength(0);

    await user.click(screen.getByTestId("campaign-confirm-ok"));
    expect(await screen.findByTestId("campaign-detail")).toBeInTheDocument();
    // Nothing changed since the test send: the draft is started as stored.
    expect(updates(backend)).toHaveLength(3);
    // Now, at any hour: the person is here and asks for now.
    expect(backend.callsTo("start_draft")).toEqual([
      { cmd: "start_draft", args: { id, schedule: { at: null, repeat: null, window: null, graceMinutes: null, audience: null } } },
    ]);
    const started = backend.campaigns[0];
    expect(started).toMatchObject({ name: "双十一会员提醒", rate: 10, concurrency: 8, templateId: ORDER_SHIPPED.templateId });
    expect(window.location.hash).toBe(`#/campaigns/${started?.id}`);
    expect(screen.getByTestId("campaign-status")).toHaveAttribute("data-status", "running");
    // The draft became the campaign: leaving the wizard threw nothing away.
    expect(backend.callsTo("discard_draft")).toHaveLength(0);
    expect(backend.drafts).toEqual({});
  }, 60_000);

  // The core's file holds the unsendable rows with their own cells, to fix in Excel and import again.
  it("saves the rows to fix, says where they went and what to do with them, and opens their folder", async () => {
    const saved = "/home/test/Downloads/invalid-rows.csv";
    const view = await openWizard({ savedProblemsPath: saved });
    const { user, backend } = view;
    await readFile(view);
    await user.click(screen.getByTestId("campaign-next"));
    await screen.findByTestId("campaign-report");
    const download = screen.getByTestId("campaign-problems-download");
    expect(download).toHaveTextContent("下载问题行（在 Excel 中修改后可直接重新导入）");
    expect(screen.queryByTestId("campaign-problems-saved")).not.toBeInTheDocument();

    await user.click(download);
    const done = await screen.findByTestId("campaign-problems-saved");
    expect(backend.callsTo("save_draft_problems")).toEqual([{ cmd: "save_draft_problems", args: { id: draftIdOf(backend) } }]);
    expect(done).toHaveTextContent(`问题行已保存到 ${saved}`);
    expect(done).toHaveTextContent("在 Excel 中改好后直接导入这个文件即可");
    const folder = within(done).getByTestId("campaign-problems-show-in-folder");
    expect(folder).toHaveTextContent("打开所在文件夹");
    await user.click(folder);
    await waitFor(() => expect(backend.callsTo("show_in_folder")).toEqual([{ cmd: "show_in_folder", args: { path: saved } }]));
  });

  it("says nothing was saved when the save dialog is cancelled, and speaks English", async () => {
    const view = await openWizard({ savedProblemsPath: null, prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null } });
    const { user, backend } = view;
    await readFile(view);
    await user.click(screen.getByTestId("campaign-next"));
    await screen.findByTestId("campaign-report");
    const download = screen.getByTestId("campaign-problems-download");
    expect(download).toHaveTextContent("Download the rows to fix (fix them in Excel, then import that file again)");
    await user.click(download);
    await waitFor(() => expect(backend.callsTo("save_draft_problems")).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId("campaign-problems-saved")).not.toBeInTheDocument();
  });

  it("offers no rows to fix when every row can be sent (a flagged duplicate is not one)", async () => {
    const headers = ["openid", ...ORDER_SHIPPED.keywords.map((k) => k.key)];
    const row = (openid: string) => [openid, "拿铁咖啡", "20261124000123", "已发货", "2026-11-24 10:00", "￥32.00"];
    const view = await openWizard({ files: { [PATH]: { format: "csv", encoding: "utf8", delimiter: ",", headers, rows: [row(OPENID_A), row(OPENID_A), row(OPENID_B)] } } });
    await readFile(view);
    await view.user.click(screen.getByTestId("campaign-next"));
    const report = await screen.findByTestId("campaign-report");
    await waitFor(() => expect(within(report).getByTestId("campaign-report-duplicates")).toHaveAttribute("data-value", "1"));
    expect(within(report).getByTestId("campaign-report-invalid")).toHaveAttribute("data-value", "0");
    expect(report).toHaveTextContent("发现 1 个问题");
    expect(screen.queryByTestId("campaign-problems-download")).not.toBeInTheDocument();
  });

  it("shows why a file cannot be read", async () => {
    const view = await openWizard();
    view.backend.failures.create_draft = { code: "invalid_input", message: "11月会员.csv row 3, column F (金额): not valid text" };
    chooseOption("campaign-template", `campaign-template-option-${ORDER_SHIPPED.templateId}`);
    await view.user.type(screen.getByTestId("campaign-file-path"), "/tmp/list.csv");
    await view.user.click(screen.getByTestId("campaign-inspect"));
    const alert = await screen.findByTestId("campaign-inspect-error");
    expect(alert).toHaveTextContent("输入有误");
    expect(alert).toHaveTextContent("row 3, column F (金额)");
    expect(screen.getByTestId("campaign-next")).toBeDisabled();
  });

  it("asks which encoding a Big5 file is in, shows each way's rows, and reads it the chosen way", async () => {
    const { user, backend } = await openWizard();
    chooseOption("campaign-template", `campaign-template-option-${ORDER_SHIPPED.templateId}`);
    await user.type(screen.getByTestId("campaign-file-path"), BIG5_PATH);
    await user.click(screen.getByTestId("campaign-inspect"));

    const choice = await screen.findByTestId("campaign-encoding-choice");
    expect(choice).toHaveTextContent("无法确定「台北門市.csv」的文字编码");
    expect(backend.drafts).toEqual({});
    expect(screen.queryByTestId("campaign-inspection")).not.toBeInTheDocument();
    expect(screen.getByTestId("campaign-next")).toBeDisabled();
    // Each candidate with its label and its first rows decoded that way; the header is row 0.
    const big5 = within(choice).getByTestId("campaign-encoding-sample-big5");
    expect(within(big5).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["openid", "thing1", "phrase3"]);
    expect(big5).toHaveTextContent("拿鐵咖啡");
    expect(within(choice).getByTestId("campaign-encoding-sample-gbk")).toHaveTextContent("<U+E18A>臟〡柏");
    expect(within(choice).getByTestId("campaign-encoding-big5")).toHaveTextContent("最可能");
    expect(within(choice).getByTestId("campaign-encoding-big5")).toHaveTextContent("Big5");

    // Nothing is chosen for the user: confirming takes a choice, made here with the keyboard.
    const confirm = within(choice).getByTestId("campaign-encoding-confirm");
    expect(confirm).toBeDisabled();
    const radios = within(choice).getAllByRole("radio");
    expect(radios).toHaveLength(2);
    radios[0]?.focus();
    await user.keyboard(" ");
    expect(radios[0]).toBeChecked();
    expect(confirm).toBeEnabled();
    expect(confirm).toHaveTextContent("按 Big5 读取");
    await user.click(confirm);

    await waitFor(() => expect(inputs(backend)).toHaveLength(2));
    expect(inputs(backend)[1]).toMatchObject({ source: { kind: "file", path: BIG5_PATH }, encoding: "big5" });
    const inspection = await screen.findByTestId("campaign-inspection");
    expect(screen.queryByTestId("campaign-encoding-choice")).not.toBeInTheDocument();
    expect(within(inspection).getByTestId("campaign-inspection-encoding")).toHaveTextContent("Big5");
    expect(inspection).toHaveTextContent("拿鐵咖啡");

    // And on: the mapping step validates the draft read as Big5.
    await user.click(screen.getByTestId("campaign-next"));
    const preview = await screen.findByTestId("campaign-preview");
    expect(within(preview).getByTestId("wx-card-row-thing1")).toHaveTextContent("拿鐵咖啡");
  }, 30_000);

  it("throws the draft away when another file is read and when the wizard is left", async () => {
    const view = await openWizard();
    const { user, backend } = view;
    await readFile(view);
    const first = draftIdOf(backend);

    await user.clear(screen.getByTestId("campaign-file-path"));
    await user.type(screen.getByTestId("campaign-file-path"), "/home/test/other.csv");
    expect(screen.queryByTestId("campaign-inspection")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("campaign-inspect"));
    await screen.findByTestId("campaign-inspection");
    expect(backend.callsTo("discard_draft")).toEqual([{ cmd: "discard_draft", args: { id: first } }]);
    const second = draftIdOf(backend);
    expect(second).not.toBe(first);

    await user.click(screen.getByTestId("campaign-wizard-exit"));
    await user.click(within(await screen.findByTestId("leave-confirm")).getByTestId("leave-confirm-discard"));
    await screen.findByTestId("page-campaigns");
    await waitFor(() => expect(backend.callsTo("discard_draft")).toHaveLength(2));
    expect(backend.callsTo("discard_draft")[1]?.args).toEqual({ id: second });
    expect(backend.drafts).toEqual({});
  });

  it("reads pasted openids and disables start when no row is valid", async () => {
    const view = await openWizard({
      plan: (draft, backend) => {
        const plan = fakePlan(draft, backend.templates[REAL_ACCOUNT.id]?.[0]?.keywords ?? []);
        return { ...plan, report: { ...plan.report, valid: 0 } };
      },
    });
    const { user, backend } = view;
    chooseOption("campaign-template", `campaign-template-option-${ORDER_SHIPPED.templateId}`);
    await user.click(screen.getByTestId("campaign-source-paste"));
    fireEvent.change(screen.getByTestId("campaign-paste"), { target: { value: `${OPENID_A}\n${OPENID_B}` } });
    await user.click(screen.getByTestId("campaign-inspect"));
    await screen.findByTestId("campaign-inspection");
    expect(inputs(backend)[0]?.source).toEqual({ kind: "paste", text: `${OPENID_A}\n${OPENID_B}` });
    await user.click(screen.getByTestId("campaign-next"));
    await screen.findByTestId("campaign-report");
    await user.click(screen.getByTestId("campaign-next"));
    expect(screen.getByTestId("campaign-start")).toBeDisabled();
    expect(screen.getByTestId("campaign-test-send")).toBeDisabled();
  }, 60_000);
});
