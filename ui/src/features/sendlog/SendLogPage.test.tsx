import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ExportReport, LogFilter } from "../../ipc";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SERVICE_PROGRESS } from "../../test/templateFixtures";
import { formatDateTime } from "../../i18n/format";
import { localMidnight } from "./model";
import { emitEvent, listenerCount, resetEvents } from "../../test/fakeEvents";
import { BAD_DATA, MSGID, NOT_SUBSCRIBED, OPENID, campaign, entry } from "./testing/fixtures";
import { EXPORT_PROGRESS_EVENT } from "./useSendLog";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

const OTHER_OPENID = "oPtYgjmUhBel31iEl2hpChYgXyZ9";

/** A small log: a sent, a not-subscribed, two failures with history. */
function smallLog() {
  return [
    entry({ id: 1 }),
    entry({ id: 2, openid: OTHER_OPENID, status: "not_subscribed", errcode: 43101, errmsg: "user refuse to accept the msg", msgid: null, explanation: NOT_SUBSCRIBED }),
    entry({ id: 3, openid: OTHER_OPENID, campaignId: 8, campaignKind: "test", campaignName: "测试发送", status: "failed", errcode: 47003, errmsg: "argument invalid! data.thing1.value", msgid: null, explanation: BAD_DATA }),
    entry({ id: 4, openid: OTHER_OPENID, campaignId: 8, campaignKind: "test", campaignName: "测试发送", status: "sent", attemptNo: 2, miniprogramState: "trial", lang: "en_US" }),
  ];
}

async function openLog(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp(
    "/log",
    {
      logEntries: smallLog(),
      campaigns: [campaign({ id: 7 }), campaign({ id: 8, name: "测试发送", kind: "test" })],
      templates: { [REAL_ACCOUNT.id]: [ORDER_SHIPPED, SERVICE_PROGRESS] },
      ...overrides,
    },
    FAST_USER,
  );
  await appReady();
  await screen.findByTestId("page-log");
  return view;
}

/** The filter of the last `log_page` call for the first page. */
function lastFilter(backend: ReturnType<typeof renderApp>["backend"]): LogFilter {
  const calls = backend.callsTo("log_page").filter((c) => (c.args as { cursor: unknown }).cursor === null);
  return (calls[calls.length - 1]?.args as { filter: LogFilter }).filter;
}

const ANY: LogFilter = {
  accountId: REAL_ACCOUNT.id,
  campaignId: null,
  templateId: null,
  status: null,
  errcode: null,
  openid: null,
  openidPrefix: false,
  fromMs: null,
  toMs: null,
  delivery: null,
  channel: null,
};

function openSelect(testId: string) {
  fireEvent.mouseDown(within(screen.getByTestId(testId)).getByRole("combobox"));
}

describe("send log", () => {
  it("says nothing has been sent yet when the log is empty", async () => {
    await openLog({ logEntries: [] });
    expect(await screen.findByText("还没有发送记录")).toBeInTheDocument();
    expect(screen.queryByTestId("log-totals")).not.toBeInTheDocument();
    expect(screen.queryByTestId(/^log-row-/)).not.toBeInTheDocument();
  });

  it("lists the current account's sends, newest first, with msgid as the exact 19-digit string", async () => {
    const { user, backend } = await openLog();
    const table = await screen.findByTestId("log-table");
    await waitFor(() => expect(within(table).getAllByTestId(/^log-row-/)).toHaveLength(4));
    expect(within(table).getAllByTestId(/^log-row-/).map((row) => row.dataset.testid)).toEqual([
      "log-row-4",
      "log-row-3",
      "log-row-2",
      "log-row-1",
    ]);
    expect(lastFilter(backend)).toEqual(ANY);
    // The time by the UI's one date rule, to the second: 2026-03-02 06:00:01 UTC in local time.
    const sentAt = new Date(Date.UTC(2026, 2, 2, 6, 0, 1));
    expect(screen.getByTestId("log-row-1")).toHaveTextContent(formatDateTime(sentAt, "zh-CN", { seconds: true }));
    expect(formatDateTime(sentAt, "zh-CN", { seconds: true })).toMatch(/^2026-03-0[12] \d\d:\d\d:01$/);
    const row3 = screen.getByTestId("log-row-3");
    expect(row3).toHaveTextContent("47003");
    expect(row3).toHaveTextContent("模板参数不符合要求");
    expect(row3).toHaveTextContent("测试");
    expect(backend.callsTo("log_page")[0]?.args).toMatchObject({ limit: 100, cursor: null });

    // msgid is a technical column, one click away; then it is the exact 19-digit string, whole.
    expect(screen.queryByTestId("log-msgid-1")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("log-columns"));
    await user.click(within(await screen.findByTestId("log-columns-panel")).getByTestId("log-column-msgid"));
    expect(screen.getByTestId("log-msgid-1").textContent).toBe(MSGID);
    expect(screen.getByTestId("log-msgid-1").textContent).toMatch(/^\d{19}$/);
  });

  it("lets the user choose the columns, and remembers the choice across restarts", async () => {
    const { user, unmount } = await openLog();
    const table = await screen.findByTestId("log-table");
    await screen.findByTestId("log-row-1");
    const headers = () => within(table).getAllByRole("columnheader").map((th) => th.textContent);
    // People's words first; msgid and rid on request.
    expect(headers()).toEqual(["时间", "任务", "模板", "openid", "状态", "送达", "原因", "第几次"]);
    expect(screen.getByTestId("log-row-1")).toHaveTextContent(OPENID);

    await user.click(screen.getByTestId("log-columns"));
    const panel = await screen.findByTestId("log-columns-panel");
    expect(panel).toHaveTextContent("向微信核对时使用");
    await user.click(within(panel).getByTestId("log-column-rid"));
    await user.click(within(panel).getByTestId("log-column-template"));
    expect(headers()).toEqual(["时间", "任务", "openid", "状态", "送达", "原因", "rid", "第几次"]);
    // The rid whole, with a copy button: not cut off.
    expect(screen.getByTestId("log-row-1")).toHaveTextContent("6575a1b2-1c2d3e4f-5a6b7c8d");
    expect(within(screen.getByTestId("log-row-1")).getByRole("button", { name: "复制 rid" })).toBeInTheDocument();

    // Another start of the app: the same columns.
    unmount();
    const again = await openLog();
    await screen.findByTestId("log-row-1");
    expect(within(screen.getByTestId("log-table")).getAllByRole("columnheader").map((th) => th.textContent)).toEqual([
      "时间",
      "任务",
      "openid",
      "状态",
      "送达",
      "原因",
      "rid",
      "第几次",
    ]);

    await again.user.click(screen.getByTestId("log-columns"));
    await again.user.click(within(await screen.findByTestId("log-columns-panel")).getByTestId("log-columns-reset"));
    await waitFor(() =>
      expect(within(screen.getByTestId("log-table")).getAllByRole("columnheader").map((th) => th.textContent)).toEqual([
        "时间",
        "任务",
        "模板",
        "openid",
        "状态",
        "送达",
        "原因",
        "第几次",
      ]),
    );
  });

  it("shows the account column in the all-accounts scope unless the user hid it", async () => {
    const { user } = await openLog();
    await screen.findByTestId("log-row-1");
    await user.click(screen.getByTestId("log-scope-all"));
    const table = screen.getByTestId("log-table");
    await waitFor(() => expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toContain("账号"));
    await user.click(screen.getByTestId("log-columns"));
    await user.click(within(await screen.findByTestId("log-columns-panel")).getByTestId("log-column-account"));
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).not.toContain("账号");
  });

  it("shows totals by status and by errcode with the explanation and what to do", async () => {
    await openLog();
    const totals = await screen.findByTestId("log-totals");
    await waitFor(() => expect(within(totals).getByTestId("log-totals-total")).toHaveTextContent("共 4 次发送"));
    expect(within(totals).getByTestId("log-totals-status-sent")).toHaveTextContent("已发送 2");
    expect(within(totals).getByTestId("log-totals-status-failed")).toHaveTextContent("失败 1");
    const notSubscribed = within(totals).getByTestId("log-errcode-43101");
    expect(notSubscribed).toHaveTextContent("用户未订阅或订阅次数已用完");
    expect(notSubscribed).toHaveTextContent("请用户在小程序中再次同意订阅后再发送");
    expect(within(totals).getByTestId("log-errcode-47003")).toHaveTextContent("按提示修改对应字段的内容后重新发送");
  });

  it("narrows by errcode when an errcode total is clicked", async () => {
    const { user, backend } = await openLog();
    await user.click(await screen.findByTestId("log-errcode-filter-47003"));
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, errcode: 47003 }));
    expect(screen.getByTestId("log-errcode")).toHaveValue("47003");
  });

  it("filters by scope and date presets (today = local midnight to next midnight)", async () => {
    const { user, backend } = await openLog();
    await screen.findByTestId("log-row-1");

    await user.click(screen.getByTestId("log-scope-all"));
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, accountId: null }));
    await user.click(screen.getByTestId("log-scope-account"));
    await waitFor(() => expect(lastFilter(backend)).toEqual(ANY));

    await user.click(screen.getByTestId("log-range-today"));
    const now = new Date();
    const today = { fromMs: localMidnight(now), toMs: localMidnight(now, 1) };
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, ...today }));
    expect(new Date(today.fromMs).getHours()).toBe(0);
    expect(today.toMs - today.fromMs).toBeGreaterThanOrEqual(23 * 3600_000);

    await user.click(screen.getByTestId("log-range-7d"));
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, fromMs: localMidnight(now, -6), toMs: localMidnight(now, 1) }));
    await user.click(screen.getByTestId("log-range-30d"));
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, fromMs: localMidnight(now, -29), toMs: localMidnight(now, 1) }));
    await user.click(screen.getByTestId("log-range-all"));
    await waitFor(() => expect(lastFilter(backend)).toEqual(ANY));
  });

  it("filters by campaign and template, and resets", async () => {
    const { user, backend } = await openLog();
    await screen.findByTestId("log-row-1");
    openSelect("log-campaign");
    fireEvent.click(await screen.findByTestId("log-campaign-option-8"));
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, campaignId: 8 }));

    openSelect("log-template");
    fireEvent.click(await screen.findByTestId(`log-template-option-${SERVICE_PROGRESS.templateId}`));
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, campaignId: 8, templateId: SERVICE_PROGRESS.templateId }));

    await user.click(screen.getByTestId("log-reset"));
    await waitFor(() => expect(lastFilter(backend)).toEqual(ANY));
  });

  it("filters by status and errcode", async () => {
    const { user, backend } = await openLog();
    await screen.findByTestId("log-row-1");
    openSelect("log-status");
    fireEvent.click(await screen.findByTestId("log-status-option-failed"));
    fireEvent.click(await screen.findByTestId("log-status-option-unknown"));
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, status: ["failed", "unknown"] }));
    await user.click(screen.getByTestId("log-reset"));
    await waitFor(() => expect(lastFilter(backend)).toEqual(ANY));

    await user.type(screen.getByTestId("log-errcode"), "-2{Enter}");
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, errcode: -2 }));
    await user.clear(screen.getByTestId("log-errcode"));
    await user.type(screen.getByTestId("log-errcode"), "4x");
    expect(screen.getByTestId("log-errcode")).toHaveAttribute("aria-invalid", "true");
    await user.clear(screen.getByTestId("log-errcode"));
    await waitFor(() => expect(lastFilter(backend)).toEqual(ANY));
  });

  it("filters by openid, exactly or by prefix", async () => {
    const { user, backend } = await openLog();
    await screen.findByTestId("log-row-1");
    await user.type(screen.getByTestId("log-openid"), "  oPtYgjmUhBel{Enter}");
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, openid: "oPtYgjmUhBel" }));
    await user.click(screen.getByTestId("log-openid-prefix"));
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, openid: "oPtYgjmUhBel", openidPrefix: true }));
    expect(await screen.findAllByTestId(/^log-row-/)).toHaveLength(4);
  });

  it("applies a typed openid after typing pauses, and says when nothing matches", async () => {
    const { user, backend } = await openLog();
    await screen.findByTestId("log-row-1");
    await user.type(screen.getByTestId("log-openid"), "oNobody");
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, openid: "oNobody" }));
    expect(await screen.findByText("没有符合筛选条件的记录")).toBeInTheDocument();
    await user.click(screen.getByTestId("log-empty-reset"));
    await waitFor(() => expect(lastFilter(backend)).toEqual(ANY));
    expect(screen.getByTestId("log-openid")).toHaveValue("");
  });

  it("loads the next page by keyset cursor and appends it", async () => {
    const many = Array.from({ length: 230 }, (_, i) => entry({ id: i + 1, openid: `oPtYgjmUhBel31iEl2hpCh${String(i).padStart(6, "0")}` }));
    const { user, backend } = await openLog({ logEntries: many });
    await waitFor(() => expect(screen.getAllByTestId(/^log-row-/)).toHaveLength(100));
    expect(screen.getByTestId("log-shown")).toHaveTextContent("已显示 100 / 共 230 次发送");
    await user.click(screen.getByTestId("log-more"));
    await waitFor(() => expect(screen.getAllByTestId(/^log-row-/)).toHaveLength(200));
    const second = backend.callsTo("log_page").find((c) => (c.args as { cursor: unknown }).cursor !== null)?.args as { cursor: unknown; filter: LogFilter; limit: number };
    // The last row of the first page: ids 230..131 → 131.
    expect(second.cursor).toEqual({ startedAt: many[130]?.startedAt, id: 131 });
    expect(second.filter).toEqual(ANY);
    expect(second.limit).toBe(100);
    const rows = screen.getAllByTestId(/^log-row-/);
    expect(rows[99]?.dataset.testid).toBe("log-row-131");
    expect(rows[100]?.dataset.testid).toBe("log-row-130");
    await user.click(screen.getByTestId("log-more"));
    await waitFor(() => expect(screen.getAllByTestId(/^log-row-/)).toHaveLength(230));
    expect(screen.queryByTestId("log-more")).not.toBeInTheDocument();
    expect(screen.getByText("已经到底了")).toBeInTheDocument();
  });

  it("opens a send's details: card, request, response with the exact msgid, history, send again", async () => {
    const { user, backend } = await openLog();
    await user.click(await screen.findByTestId("log-row-3"));
    const drawer = await screen.findByTestId("log-detail-body");
    expect(screen.getByTestId("log-detail")).toContainElement(drawer);
    await within(drawer).findByTestId("log-detail-request");
    expect(backend.callsTo("log_entry")[0]?.args).toEqual({ id: 3 });
    expect(within(drawer).getByTestId("log-detail-explanation")).toHaveTextContent("模板参数不符合要求");
    expect(within(drawer).getByTestId("log-detail-request")).toHaveTextContent(`"touser": "${OTHER_OPENID}"`);
    expect(within(drawer).getByTestId("log-detail-response")).toHaveTextContent('"errcode": 47003');
    // Labels come from the account's template list.
    await waitFor(() => expect(within(drawer).getByTestId("wx-card-row-thing1")).toHaveTextContent("商品名称"));
    expect(within(drawer).getByTestId("wx-card-title")).toHaveTextContent(ORDER_SHIPPED.title);

    const history = within(drawer).getByTestId("log-detail-history");
    expect(within(history).getByTestId("log-history-3")).toHaveTextContent("当前");
    await user.click(within(history).getByTestId("log-history-4"));
    await waitFor(() => expect(within(drawer).getByTestId("log-detail-response")).toHaveTextContent(`"msgid": ${MSGID}`));
    expect(within(drawer).getByTestId("log-detail-msgid").textContent).toBe(MSGID);

    await user.click(within(drawer).getByTestId("log-send-again"));
    await screen.findByTestId("page-compose");
    const [path, query] = window.location.hash.slice(1).split("?");
    expect(path).toBe("/compose");
    const params = new URLSearchParams(query);
    expect(params.get("template")).toBe(ORDER_SHIPPED.templateId);
    expect(params.get("openid")).toBe(OTHER_OPENID);
    expect(JSON.parse(params.get("values") ?? "")).toEqual({
      values: { thing1: "拿铁咖啡", character_string2: "20261124000123" },
      page: "pages/order/detail?id=123",
      miniprogramState: "trial",
      lang: "en_US",
    });
    await waitFor(() => expect(screen.getByTestId("compose-page")).toHaveValue("pages/order/detail?id=123"));
  });

  it("copies the openid and links a campaign's send to its report", async () => {
    const { user } = await openLog();
    await user.click(await screen.findByTestId("log-row-1"));
    const drawer = await screen.findByTestId("log-detail-body");
    await user.click(await within(drawer).findByTestId("log-copy-openid"));
    await waitFor(async () => expect(await navigator.clipboard.readText()).toBe(OPENID));
    await user.click(within(drawer).getByTestId("log-campaign-report"));
    expect(await screen.findByTestId("campaign-report")).toBeInTheDocument();
    expect(window.location.hash).toBe("#/log/campaign/7");
  });

  it("exports exactly the current filter to the chosen path, with progress, and cancels", async () => {
    let finish: (report: ExportReport) => void = () => {};
    const { user, backend } = await openLog({
      exportLog: () => new Promise<ExportReport>((resolve) => (finish = resolve)),
    });
    await screen.findByTestId("log-row-1");
    await user.click(screen.getByTestId("log-range-7d"));
    openSelect("log-status");
    fireEvent.click(await screen.findByTestId("log-status-option-sent"));
    await waitFor(() => expect(lastFilter(backend).status).toEqual(["sent"]));

    await user.click(screen.getByTestId("log-export"));
    const modal = await screen.findByTestId("log-export-modal");
    expect(modal).toHaveTextContent("XLSX 中以文本保存");
    // An exact count, not "about": the rows the filter has now.
    await waitFor(() => expect(modal).toHaveTextContent(/目前共 \d+ 次发送/));
    expect(modal).not.toHaveTextContent("约");
    const pathInput = within(modal).getByTestId("log-export-path");
    await waitFor(() => expect(pathInput).toHaveValue("/home/test/Downloads/pushdesk-log-2026-03-02.xlsx"));
    await user.click(within(modal).getByTestId("log-export-format-csv"));
    await waitFor(() => expect(pathInput).toHaveValue("/home/test/Downloads/pushdesk-log-2026-03-02.csv"));

    backend.exportPickedPath = "/home/test/桌面/三月发送.csv";
    await user.click(within(modal).getByTestId("log-export-browse"));
    await waitFor(() => expect(pathInput).toHaveValue("/home/test/桌面/三月发送.csv"));
    expect(backend.callsTo("pick_export_path")[0]?.args).toEqual({ suggested: "/home/test/Downloads/pushdesk-log-2026-03-02.csv" });

    await user.click(within(modal).getByTestId("log-export-start"));
    await waitFor(() => expect(backend.callsTo("export_log")).toHaveLength(1));
    expect(backend.callsTo("export_log")[0]?.args).toEqual({ filter: lastFilter(backend), path: "/home/test/桌面/三月发送.csv", lang: "zh-CN", overwrite: false });
    await waitFor(() => expect(listenerCount(EXPORT_PROGRESS_EVENT)).toBe(1));
    act(() => emitEvent(EXPORT_PROGRESS_EVENT, 1200));
    expect(await within(modal).findByTestId("log-export-progress")).toHaveTextContent(/^已写入 1,200 \/ [\d,]+ 行/);

    await user.click(screen.getByTestId("log-export-cancel"));
    await waitFor(() => expect(backend.callsTo("cancel_export")).toHaveLength(1));
    act(() => finish({ rows: 1200, cancelled: true }));
    expect(await within(modal).findByTestId("log-export-cancelled")).toHaveTextContent("已取消，未生成文件");
    expect(within(modal).queryByTestId("log-export-done")).not.toBeInTheDocument();
  });

  it("reports a finished export with its row count and path", async () => {
    const { user, backend } = await openLog();
    await screen.findByTestId("log-row-1");
    await user.click(screen.getByTestId("log-export"));
    const modal = await screen.findByTestId("log-export-modal");
    await waitFor(() => expect(within(modal).getByTestId("log-export-path")).toHaveValue("/home/test/Downloads/pushdesk-log-2026-03-02.xlsx"));
    await user.click(within(modal).getByTestId("log-export-start"));
    expect(await within(modal).findByTestId("log-export-done")).toHaveTextContent(
      "已导出 4 行到 /home/test/Downloads/pushdesk-log-2026-03-02.xlsx",
    );
    expect(backend.callsTo("export_log")[0]?.args).toEqual({ filter: ANY, path: "/home/test/Downloads/pushdesk-log-2026-03-02.xlsx", lang: "zh-CN", overwrite: false });
  });

  it("offers to show a finished export in its folder, and reports when the folder cannot be opened", async () => {
    const { user, backend } = await openLog();
    await screen.findByTestId("log-row-1");
    await user.click(screen.getByTestId("log-export"));
    const modal = await screen.findByTestId("log-export-modal");
    expect(within(modal).queryByTestId("log-export-show-in-folder")).not.toBeInTheDocument();
    backend.exportPickedPath = "/home/test/桌面/三月发送.xlsx";
    await user.click(within(modal).getByTestId("log-export-browse"));
    await waitFor(() => expect(within(modal).getByTestId("log-export-path")).toHaveValue("/home/test/桌面/三月发送.xlsx"));
    await user.click(within(modal).getByTestId("log-export-start"));

    const done = await within(modal).findByTestId("log-export-done");
    const show = within(done).getByTestId("log-export-show-in-folder");
    expect(show).toHaveTextContent("打开所在文件夹");
    await user.click(show);
    await waitFor(() => expect(backend.callsTo("show_in_folder")).toHaveLength(1));
    expect(backend.callsTo("show_in_folder")[0]?.args).toEqual({ path: "/home/test/桌面/三月发送.xlsx" });

    backend.failures.show_in_folder = { code: "io", message: "cannot open /home/test/桌面: no file manager", messageZh: "无法打开 /home/test/桌面：没有文件管理器" };
    await user.click(show);
    expect(await screen.findByTestId("error-notification")).toHaveTextContent("无法打开 /home/test/桌面：没有文件管理器");
    expect(within(modal).getByTestId("log-export-done")).toBeInTheDocument();
  });

  it("offers no folder to show when an export was cancelled", async () => {
    const { user } = await openLog({ exportLog: () => ({ rows: 0, cancelled: true }) });
    await user.click(await screen.findByTestId("log-export"));
    const modal = await screen.findByTestId("log-export-modal");
    await waitFor(() => expect(within(modal).getByTestId("log-export-path")).toHaveValue("/home/test/Downloads/pushdesk-log-2026-03-02.xlsx"));
    await user.click(within(modal).getByTestId("log-export-start"));
    await within(modal).findByTestId("log-export-cancelled");
    expect(within(modal).queryByTestId("log-export-show-in-folder")).not.toBeInTheDocument();
  });

  it("asks before replacing a file that exists, and replaces it only when told to", async () => {
    const existing = "/home/test/Downloads/pushdesk-log-2026-03-02.xlsx";
    const { user, backend } = await openLog({ existingFiles: [existing] });
    await screen.findByTestId("log-row-1");
    await user.click(screen.getByTestId("log-export"));
    const modal = await screen.findByTestId("log-export-modal");
    await waitFor(() => expect(within(modal).getByTestId("log-export-path")).toHaveValue(existing));
    await user.click(within(modal).getByTestId("log-export-start"));

    const question = await within(modal).findByTestId("log-export-exists");
    expect(question).toHaveTextContent(`「${existing}」已经存在，要替换它吗？`);
    expect(within(modal).queryByTestId("log-export-error")).not.toBeInTheDocument();
    expect(within(modal).getByTestId("log-export-start")).toBeDisabled();

    // "Don't replace" writes nothing and asks nothing more.
    await user.click(within(question).getByTestId("log-export-keep"));
    expect(within(modal).queryByTestId("log-export-exists")).not.toBeInTheDocument();
    expect(within(modal).queryByTestId("log-export-error")).not.toBeInTheDocument();
    expect(backend.callsTo("export_log")).toHaveLength(1);

    await user.click(within(modal).getByTestId("log-export-start"));
    await user.click(within(await within(modal).findByTestId("log-export-exists")).getByTestId("log-export-replace"));
    expect(await within(modal).findByTestId("log-export-done")).toHaveTextContent(`已导出 4 行到 ${existing}`);
    expect(backend.callsTo("export_log").map((c) => (c.args as { overwrite: boolean }).overwrite)).toEqual([false, false, true]);
    expect(backend.callsTo("export_log")[2]?.args).toMatchObject({ path: existing });
  });

  it("asks in English too", async () => {
    const existing = "/home/test/Downloads/pushdesk-log-2026-03-02.xlsx";
    const { user } = await openLog({ existingFiles: [existing], prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null } });
    await user.click(await screen.findByTestId("log-export"));
    const modal = await screen.findByTestId("log-export-modal");
    await waitFor(() => expect(within(modal).getByTestId("log-export-path")).toHaveValue(existing));
    await user.click(within(modal).getByTestId("log-export-start"));
    const question = await within(modal).findByTestId("log-export-exists");
    expect(question).toHaveTextContent(`“${existing}” already exists. Replace it?`);
    expect(within(question).getByTestId("log-export-replace")).toHaveTextContent("Replace");
    expect(within(question).getByTestId("log-export-keep")).toHaveTextContent("Don't replace");
  });

  it("shows a refused path with the backend's reason", async () => {
    const { user, backend } = await openLog();
    await user.click(await screen.findByTestId("log-export"));
    const modal = await screen.findByTestId("log-export-modal");
    backend.failures.export_log = { code: "invalid_input", message: "path: /home/test/nowhere is not in a folder that exists" };
    await waitFor(() => expect(within(modal).getByTestId("log-export-path")).toHaveValue("/home/test/Downloads/pushdesk-log-2026-03-02.xlsx"));
    await user.click(within(modal).getByTestId("log-export-start"));
    const alert = await within(modal).findByTestId("log-export-error");
    expect(alert).toHaveAttribute("data-code", "invalid_input");
    expect(alert).toHaveTextContent("输入有误");
    expect(alert).toHaveTextContent("path: /home/test/nowhere is not in a folder that exists");
    expect(within(modal).queryByTestId("log-export-exists")).not.toBeInTheDocument();
  });
});
