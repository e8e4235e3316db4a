import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { formatDateTime } from "../../i18n/format";
import type { AuditEntry, AuditFilter, LogFilter } from "../../ipc";
import { DEFAULT_AUDIT_EXPORT_PATH } from "../../test/fakeAudit";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { localMidnight } from "../sendlog/model";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();

/** An entry of the trail; the ids say the order the core added them in. */
function audit(entry: Partial<AuditEntry> & Pick<AuditEntry, "id" | "action">): AuditEntry {
  return {
    at: NOW - HOUR,
    actor: "wangfang",
    machine: "MKT-PC-01",
    accountId: REAL_ACCOUNT.id,
    campaignId: null,
    subject: REAL_ACCOUNT.name,
    detail: {},
    ...entry,
  };
}

/** The send log's filter a past export wrote: the real account's failures of two days. */
const EXPORTED_FILTER: LogFilter = {
  accountId: REAL_ACCOUNT.id,
  campaignId: null,
  templateId: null,
  status: ["failed"],
  errcode: null,
  openid: null,
  openidPrefix: false,
  fromMs: new Date(2026, 2, 1).getTime(),
  toMs: new Date(2026, 2, 3).getTime(),
  delivery: null,
  channel: null,
};

const EXPORTED_FILE = "/home/wangfang/Downloads/pushdesk-log-2026-03-02.xlsx";

/**
 * A week of work by two people. Ids follow the order of `at` except the last: the trail is in
 * the order entries were added (by id), which is what the page must show.
 */
const TRAIL: AuditEntry[] = [
  audit({ id: 1, action: "account_added", at: NOW - 40 * DAY }),
  audit({ id: 2, action: "templates_synced", at: NOW - 10 * DAY, detail: { templates: 5 } }),
  audit({ id: 3, action: "campaign_created", at: NOW - 3 * DAY, campaignId: 7, subject: "双十一预热", detail: { rows: 1234 } }),
  audit({ id: 4, action: "campaign_started", at: NOW - 3 * DAY + HOUR, campaignId: 7, subject: "双十一预热" }),
  audit({
    id: 5,
    action: "log_exported",
    at: NOW - 2 * DAY,
    campaignId: null,
    subject: EXPORTED_FILE,
    detail: { rows: 200, filter: EXPORTED_FILTER, file: EXPORTED_FILE },
  }),
  audit({ id: 6, action: "campaign_paused", at: NOW - 2 * HOUR, campaignId: 7, subject: "双十一预热", actor: "lilei", machine: "MKT-PC-02" }),
];

const ALL: AuditFilter = { fromMs: null, toMs: null, actions: [], actor: null };

async function openAudit(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp("/audit", { auditEntries: TRAIL, ...overrides }, FAST_USER);
  await appReady();
  await screen.findByTestId("page-audit");
  return view;
}

type Backend = Awaited<ReturnType<typeof openAudit>>["backend"];

/** The filter of the last `audit_trail` call for a first page. */
function lastFilter(backend: Backend): AuditFilter {
  const calls = backend.callsTo("audit_trail").filter((c) => (c.args as { before: unknown }).before === null);
  return (calls[calls.length - 1]?.args as { filter: AuditFilter }).filter;
}

const rowIds = () => screen.queryAllByTestId(/^audit-row-/).map((row) => row.dataset.testid);
const row = (id: number) => screen.getByTestId(`audit-row-${id}`);

function openSelect(testId: string) {
  fireEvent.mouseDown(within(screen.getByTestId(testId)).getByRole("combobox"));
}

describe("the audit trail page", () => {
  it("is in the menu, and lists every entry newest first with who, where, what and the details in words", async () => {
    const { user, backend } = renderApp("/dashboard", { auditEntries: TRAIL }, FAST_USER);
    await appReady();
    await user.click(screen.getByTestId("nav-audit"));
    const page = await screen.findByTestId("page-audit");
    expect(window.location.hash).toBe("#/audit");
    expect(screen.getByTestId("nav-audit")).toHaveTextContent("操作记录");
    expect(within(page).getByRole("heading", { level: 3 })).toHaveTextContent("操作记录");

    await waitFor(() => expect(rowIds()).toEqual([6, 5, 4, 3, 2, 1].map((id) => `audit-row-${id}`)));
    expect(backend.callsTo("audit_trail")[0]?.args).toEqual({ filter: ALL, before: null });

    const table = screen.getByTestId("audit-table");
    for (const header of ["时间", "操作人", "电脑", "操作", "对象", "详情"]) {
      expect(within(table).getByRole("columnheader", { name: header })).toBeInTheDocument();
    }

    expect(row(6)).toHaveTextContent(formatDateTime(TRAIL[5]?.at ?? 0, "zh-CN", { seconds: true }));
    expect(row(6)).toHaveTextContent("lilei");
    expect(row(6)).toHaveTextContent("MKT-PC-02");
    expect(row(6).querySelector("[data-action]")).toHaveAttribute("data-action", "campaign_paused");
    expect(row(6)).toHaveTextContent("暂停任务");

    // A campaign's entry opens the campaign.
    expect(within(row(3)).getByRole("link", { name: "双十一预热" })).toHaveAttribute("href", "#/campaigns/7");
    expect(row(3)).toHaveTextContent("创建任务");
    expect(row(3)).toHaveTextContent("1,234 人");
    expect(row(4)).toHaveTextContent("开始发送");

    expect(row(2)).toHaveTextContent("同步模板");
    expect(row(2)).toHaveTextContent("同步到 5 个模板");
    expect(row(2)).toHaveTextContent(REAL_ACCOUNT.name);
    expect(within(row(2)).queryByRole("link")).not.toBeInTheDocument();
    expect(row(1)).toHaveTextContent("添加账号");

    // An export: its file, its rows, and what it exported in a few words.
    expect(row(5)).toHaveTextContent("导出日志");
    expect(row(5)).toHaveTextContent(EXPORTED_FILE);
    expect(row(5)).toHaveTextContent("导出 200 行");
    expect(row(5)).toHaveTextContent(`2026-03-01 至 2026-03-02 · 账号「${REAL_ACCOUNT.name}」 · 失败`);

    expect(screen.getByTestId("audit-shown")).toHaveTextContent("已显示 6 条");
    expect(screen.queryByTestId("audit-more")).not.toBeInTheDocument();
    expect(screen.getByText("已经到底了")).toBeInTheDocument();
  });

  it("filters by action: asks the core for those actions and shows only them", async () => {
    const { backend } = await openAudit();
    await waitFor(() => expect(rowIds()).toHaveLength(6));

    openSelect("audit-actions");
    expect(await screen.findByTestId("audit-action-option-log_exported")).toHaveTextContent("导出日志");
    fireEvent.click(screen.getByTestId("audit-action-option-campaign_created"));
    fireEvent.click(screen.getByTestId("audit-action-option-campaign_started"));

    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ALL, actions: ["campaign_created", "campaign_started"] }));
    await waitFor(() => expect(rowIds()).toEqual(["audit-row-4", "audit-row-3"]));
  });

  it("filters by person once typing pauses, says when nothing matches, and resets", async () => {
    const { user, backend } = await openAudit();
    await waitFor(() => expect(rowIds()).toHaveLength(6));

    await user.type(screen.getByTestId("audit-actor"), " lilei");
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ALL, actor: "lilei" }));
    await waitFor(() => expect(rowIds()).toEqual(["audit-row-6"]));

    // The core matches the whole name: a part of it finds nobody.
    await user.clear(screen.getByTestId("audit-actor"));
    await user.type(screen.getByTestId("audit-actor"), "li{Enter}");
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ALL, actor: "li" }));
    const none = await screen.findByTestId("audit-no-match");
    expect(none).toHaveTextContent("没有符合筛选条件的记录");
    expect(screen.getByTestId("audit-export")).toBeEnabled();

    await user.click(within(none).getByTestId("audit-empty-reset"));
    await waitFor(() => expect(lastFilter(backend)).toEqual(ALL));
    expect(screen.getByTestId("audit-actor")).toHaveValue("");
    await waitFor(() => expect(rowIds()).toHaveLength(6));
  });

  it("narrows the time with the date presets (local midnight to the next)", async () => {
    const { user, backend } = await openAudit();
    await waitFor(() => expect(rowIds()).toHaveLength(6));
    const now = new Date();

    await user.click(screen.getByTestId("audit-range-7d"));
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ALL, fromMs: localMidnight(now, -6), toMs: localMidnight(now, 1) }));
    await waitFor(() => expect(rowIds()).toEqual(["audit-row-6", "audit-row-5", "audit-row-4", "audit-row-3"]));

    await user.click(screen.getByTestId("audit-range-30d"));
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ALL, fromMs: localMidnight(now, -29), toMs: localMidnight(now, 1) }));
    await waitFor(() => expect(rowIds()).toHaveLength(5));

    await user.click(screen.getByTestId("audit-range-today"));
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ALL, fromMs: localMidnight(now), toMs: localMidnight(now, 1) }));

    await user.click(screen.getByTestId("audit-range-all"));
    await waitFor(() => expect(lastFilter(backend)).toEqual(ALL));
    await waitFor(() => expect(rowIds()).toHaveLength(6));
  });

  it("loads more: each page continues below the previous page's last id", async () => {
    const many = Array.from({ length: 230 }, (_, i) => audit({ id: i + 1, action: "account_changed", at: NOW - (230 - i) * 60_000 }));
    const { user, backend } = await openAudit({ auditEntries: many });
    await waitFor(() => expect(rowIds()).toHaveLength(100));
    expect(rowIds()[0]).toBe("audit-row-230");
    expect(screen.getByTestId("audit-shown")).toHaveTextContent("已显示 100 条");

    await user.click(screen.getByTestId("audit-more"));
    await waitFor(() => expect(rowIds()).toHaveLength(200));
    expect(rowIds()[99]).toBe("audit-row-131");
    expect(rowIds()[100]).toBe("audit-row-130");

    await user.click(screen.getByTestId("audit-more"));
    await waitFor(() => expect(rowIds()).toHaveLength(230));
    expect(rowIds()[229]).toBe("audit-row-1");
    expect(backend.callsTo("audit_trail").map((c) => c.args)).toEqual([
      { filter: ALL, before: null },
      { filter: ALL, before: 131 },
      { filter: ALL, before: 31 },
    ]);
    expect(screen.queryByTestId("audit-more")).not.toBeInTheDocument();
    expect(screen.getByText("已经到底了")).toBeInTheDocument();
  });

  it("exports what is shown: asks where, asks before replacing a file, then says how many and where", async () => {
    const target = "/home/test/桌面/操作记录.csv";
    const { user, backend } = await openAudit({ exportPickedPath: target, existingFiles: [target] });
    await waitFor(() => expect(rowIds()).toHaveLength(6));
    openSelect("audit-actions");
    fireEvent.click(await screen.findByTestId("audit-action-option-campaign_created"));
    await waitFor(() => expect(rowIds()).toEqual(["audit-row-3"]));
    const shown: AuditFilter = { ...ALL, actions: ["campaign_created"] };

    await user.click(screen.getByTestId("audit-export"));
    const question = await screen.findByTestId("audit-export-exists");
    // The save dialog opened at the core's suggestion.
    expect(backend.callsTo("pick_export_path")[0]?.args).toEqual({ suggested: DEFAULT_AUDIT_EXPORT_PATH });
    expect(question).toHaveTextContent(`「${target}」已经存在，要替换它吗？`);
    expect(backend.callsTo("export_audit")[0]?.args).toEqual({ filter: shown, path: target, lang: "zh-CN", overwrite: false });

    // "Don't replace" writes nothing.
    await user.click(within(question).getByTestId("audit-export-keep"));
    expect(screen.queryByTestId("audit-export-exists")).not.toBeInTheDocument();
    expect(screen.queryByTestId("audit-export-done")).not.toBeInTheDocument();
    expect(backend.callsTo("export_audit")).toHaveLength(1);

    await user.click(screen.getByTestId("audit-export"));
    await user.click(within(await screen.findByTestId("audit-export-exists")).getByTestId("audit-export-replace"));
    const done = await screen.findByTestId("audit-export-done");
    expect(done).toHaveTextContent(`已导出 1 条记录到 ${target}`);
    expect(backend.callsTo("export_audit").map((c) => (c.args as { overwrite: boolean }).overwrite)).toEqual([false, false, true]);
    expect(backend.callsTo("export_audit")[2]?.args).toEqual({ filter: shown, path: target, lang: "zh-CN", overwrite: true });

    const show = within(done).getByTestId("audit-export-show-in-folder");
    expect(show).toHaveTextContent("打开所在文件夹");
    await user.click(show);
    await waitFor(() => expect(backend.callsTo("show_in_folder")[0]?.args).toEqual({ path: target }));
  });

  it("writes nothing when the save dialog is closed, and always writes a .csv file", async () => {
    const { user, backend } = await openAudit({ exportPickedPath: null });
    await waitFor(() => expect(rowIds()).toHaveLength(6));
    await user.click(screen.getByTestId("audit-export"));
    await waitFor(() => expect(backend.callsTo("pick_export_path")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("audit-export")).not.toHaveClass("ant-btn-loading"));
    expect(backend.callsTo("export_audit")).toHaveLength(0);

    // The dialog also offers .xlsx, but the trail is written as CSV only.
    backend.exportPickedPath = "/home/test/Downloads/操作记录.xlsx";
    await user.click(screen.getByTestId("audit-export"));
    expect(await screen.findByTestId("audit-export-done")).toHaveTextContent("已导出 6 条记录到 /home/test/Downloads/操作记录.csv");
    expect(backend.callsTo("export_audit")[0]?.args).toMatchObject({ path: "/home/test/Downloads/操作记录.csv", overwrite: false });
    // The file exists now: the core would refuse to write it again without asking.
    expect(backend.existingFiles).toContain("/home/test/Downloads/操作记录.csv");
  });

  it("shows why an export failed", async () => {
    const { user, backend } = await openAudit({ exportPickedPath: "/home/test/nowhere/audit.csv" });
    backend.failures.export_audit = { code: "invalid_input", message: "the folder /home/test/nowhere does not exist; choose an existing folder", messageZh: "文件夹 /home/test/nowhere 不存在：请选择一个已有的文件夹" };
    await waitFor(() => expect(rowIds()).toHaveLength(6));
    await user.click(screen.getByTestId("audit-export"));
    const alert = await screen.findByTestId("audit-export-error");
    expect(alert).toHaveAttribute("data-code", "invalid_input");
    expect(alert).toHaveTextContent("导出失败");
    expect(alert).toHaveTextContent("文件夹 /home/test/nowhere 不存在：请选择一个已有的文件夹");
    expect(screen.queryByTestId("audit-export-exists")).not.toBeInTheDocument();
  });

  it("says so when nothing has been recorded yet, with nothing to export", async () => {
    await openAudit({ auditEntries: [] });
    expect(await screen.findByTestId("audit-empty")).toHaveTextContent("还没有操作记录");
    expect(screen.getByTestId("audit-export")).toBeDisabled();
    expect(screen.queryByTestId("audit-more")).not.toBeInTheDocument();
  });

  it("shows a failed read with a retry", async () => {
    const { user, backend } = await openAudit({ failures: { audit_trail: { code: "store", message: "database is locked", messageZh: "数据库被占用" } } });
    const alert = await screen.findByTestId("audit-error");
    expect(alert).toHaveTextContent("无法读取操作记录");
    expect(alert).toHaveTextContent("数据库被占用");
    expect(screen.queryByTestId("audit-table")).not.toBeInTheDocument();
    // Shown on the page, not also as a notification.
    expect(screen.queryByTestId("error-notification")).not.toBeInTheDocument();

    backend.failures = {};
    await user.click(within(alert).getByTestId("audit-retry"));
    await waitFor(() => expect(rowIds()).toHaveLength(6));
    expect(screen.queryByTestId("audit-error")).not.toBeInTheDocument();
  });

  it("speaks English when the app does", async () => {
    const target = "/home/test/Downloads/audit.csv";
    const { user, backend } = await openAudit({
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null },
      exportPickedPath: target,
      existingFiles: [target],
    });
    expect(screen.getByTestId("nav-audit")).toHaveTextContent(/^Audit trail$/);
    expect(screen.getByRole("heading", { level: 3 })).toHaveTextContent("Audit trail");
    await waitFor(() => expect(rowIds()).toHaveLength(6));
    const table = screen.getByTestId("audit-table");
    for (const header of ["Time", "Person", "Computer", "Action", "Subject", "Details"]) {
      expect(within(table).getByRole("columnheader", { name: header })).toBeInTheDocument();
    }
    expect(row(6)).toHaveTextContent("Campaign paused");
    expect(row(6)).toHaveTextContent(formatDateTime(TRAIL[5]?.at ?? 0, "en", { seconds: true }));
    expect(row(3)).toHaveTextContent("Campaign created");
    expect(row(3)).toHaveTextContent("1,234 recipients");
    expect(row(2)).toHaveTextContent("Templates synced");
    expect(row(2)).toHaveTextContent("Found 5 templates");
    expect(row(5)).toHaveTextContent("Log exported");
    expect(row(5)).toHaveTextContent("Exported 200 rows");
    expect(row(5)).toHaveTextContent(`Mar 1, 2026 – Mar 2, 2026 · account “${REAL_ACCOUNT.name}” · Failed`);
    expect(row(1)).toHaveTextContent("Account added");

    openSelect("audit-actions");
    expect(await screen.findByTestId("audit-action-option-account_removed")).toHaveTextContent("Account removed");

    await user.click(screen.getByTestId("audit-export"));
    const question = await screen.findByTestId("audit-export-exists");
    expect(question).toHaveTextContent(`“${target}” already exists. Replace it?`);
    expect(backend.callsTo("export_audit")[0]?.args).toMatchObject({ lang: "en" });
    await user.click(within(question).getByTestId("audit-export-replace"));
    const done = await screen.findByTestId("audit-export-done");
    expect(done).toHaveTextContent(`Exported 6 entries to ${target}`);
    expect(within(done).getByTestId("audit-export-show-in-folder")).toHaveTextContent("Show in folder");
  });

  it("says how many openids went on or off the do-not-contact list, and names schedule moves", async () => {
    await openAudit({
      auditEntries: [
        audit({ id: 1, action: "suppression_added", at: NOW - HOUR, campaignId: null, detail: { rows: 2 } }),
        audit({ id: 2, action: "suppression_removed", at: NOW - HOUR / 2, campaignId: null, detail: { rows: 1 } }),
        audit({ id: 3, action: "campaign_rescheduled", at: NOW - HOUR / 4, campaignId: 7, subject: "双十一预热" }),
      ],
    });
    await screen.findByTestId("audit-row-3");
    expect(row(1)).toHaveTextContent("加入免打扰");
    expect(row(1)).toHaveTextContent("2 个 openid");
    expect(row(2)).toHaveTextContent("移出免打扰");
    expect(row(2)).toHaveTextContent("1 个 openid");
    expect(row(3)).toHaveTextContent("改期");
  });

  it("names approvals and team changes, with the role given and the threshold in words", async () => {
    const team = [
      audit({ id: 1, action: "team_member_set", at: NOW - 3 * HOUR, accountId: null, subject: "li", detail: { role: "author" }, actor: "admin" }),
      audit({ id: 2, action: "approval_threshold_set", at: NOW - 2 * HOUR, accountId: null, subject: "500", detail: { threshold: 500 }, actor: "admin" }),
      audit({ id: 3, action: "campaign_approved", at: NOW - HOUR, campaignId: 7, subject: "双十一预热", actor: "wang" }),
    ];
    const { user } = await openAudit({ auditEntries: team });
    await waitFor(() => expect(rowIds()).toEqual(["audit-row-3", "audit-row-2", "audit-row-1"]));
    expect(row(3)).toHaveTextContent("批准任务");
    expect(within(row(3)).getByRole("link", { name: "双十一预热" })).toHaveAttribute("href", "#/campaigns/7");
    expect(row(2)).toHaveTextContent("设置审批人数");
    expect(within(row(2)).getByTestId("audit-detail-threshold-2")).toHaveTextContent("收件人超过 500 人需要审批");
    expect(row(1)).toHaveTextContent("设置成员角色");
    expect(row(1)).toHaveTextContent("li");
    expect(within(row(1)).getByTestId("audit-detail-role-1")).toHaveTextContent("角色：作者");

    openSelect("audit-actions");
    expect(await screen.findByTestId("audit-action-option-campaign_approved")).toHaveTextContent("批准任务");
    expect(screen.getByTestId("audit-action-option-team_member_set")).toHaveTextContent("设置成员角色");
    expect(screen.getByTestId("audit-action-option-approval_threshold_set")).toHaveTextContent("设置审批人数");
    await user.keyboard("{Escape}");
  });

  it("names approvals and team changes in English", async () => {
    await openAudit({
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null },
      auditEntries: [
        audit({ id: 1, action: "team_member_set", accountId: null, subject: "wang", detail: { role: "sender" } }),
        audit({ id: 2, action: "approval_threshold_set", accountId: null, subject: "1", detail: { threshold: 1 } }),
        audit({ id: 3, action: "campaign_approved", campaignId: 7, subject: "双十一预热" }),
      ],
    });
    await screen.findByTestId("audit-row-3");
    expect(row(3)).toHaveTextContent("Campaign approved");
    expect(row(2)).toHaveTextContent("Approval threshold set");
    expect(within(row(2)).getByTestId("audit-detail-threshold-2")).toHaveTextContent("Approval above 1 recipient");
    expect(row(1)).toHaveTextContent("Team member set");
    expect(within(row(1)).getByTestId("audit-detail-role-1")).toHaveTextContent("Role: Sender");
  });
});
