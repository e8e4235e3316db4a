import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../test/fakeBackend";
import { appReady, renderApp } from "../test/renderApp";
import { NAV_ITEMS } from "./navigation";

const PAGES = [
  { nav: "nav-dashboard", page: "page-dashboard", heading: "概览" },
  { nav: "nav-accounts", page: "page-accounts", heading: "账号" },
  { nav: "nav-templates", page: "page-templates", heading: "模板" },
  { nav: "nav-compose", page: "page-compose", heading: "发送" },
  { nav: "nav-campaigns", page: "page-campaigns", heading: "任务" },
  { nav: "nav-log", page: "page-log", heading: "发送日志" },
  { nav: "nav-ledger", page: "page-ledger", heading: "送达与订阅" },
  { nav: "nav-suppression", page: "page-suppression", heading: "免打扰与频次" },
  { nav: "nav-audit", page: "page-audit", heading: "操作记录" },
  { nav: "nav-settings", page: "page-settings", heading: "设置" },
];

describe("app frame", () => {
  it("shows a spinner until preferences load, then the frame", async () => {
    renderApp("/");
    expect(screen.queryByTestId("app-ready")).not.toBeInTheDocument();
    expect(screen.getByRole("status")).toBeInTheDocument();
    await appReady();
    expect(screen.getByText("推送台 Pushdesk")).toBeInTheDocument();
  });

  it("opens on the dashboard", async () => {
    renderApp("/");
    await appReady();
    expect(await screen.findByTestId("page-dashboard")).toBeInTheDocument();
    expect(window.location.hash).toBe("#/dashboard");
  });

  it("has the menu items in order, each with its test id", async () => {
    renderApp("/");
    await appReady();
    const menu = screen.getByRole("menu");
    const items = within(menu).getAllByRole("menuitem");
    expect(items.map((item) => item.getAttribute("data-testid"))).toEqual(PAGES.map((p) => p.nav));
    expect(items.map((item) => item.textContent)).toEqual(["概览", "账号", "模板", "发送", "任务", "日志", "送达与订阅", "免打扰与频次", "操作记录", "设置"]);
    expect(NAV_ITEMS).toHaveLength(PAGES.length);
  });

  it("navigates to every page from the menu", async () => {
    const { user } = renderApp("/");
    await appReady();
    for (const { nav, page, heading } of PAGES) {
      await user.click(screen.getByTestId(nav));
      const root = await screen.findByTestId(page);
      expect(within(root).getByRole("heading", { level: 3 })).toHaveTextContent(heading);
      expect(window.location.hash).toBe(`#${NAV_ITEMS.find((i) => i.testId === nav)?.path}`);
      expect(screen.getByTestId(nav)).toHaveClass("ant-menu-item-selected");
    }
  });

  it("shows an empty state with a call to action on the templates page", async () => {
    const { user } = renderApp("/templates");
    await appReady();
    const page = await screen.findByTestId("page-templates");
    expect(within(page).getByText(/先在账号页连接小程序并同步模板/)).toBeInTheDocument();
    await user.click(within(page).getByRole("button", { name: /前往账号页/ }));
    expect(await screen.findByTestId("page-accounts")).toBeInTheDocument();
  });

  it("applies the saved language before the first paint of the frame", async () => {
    renderApp("/log", { prefs: { language: "en", theme: "dark", showSandbox: true, selectedAccountId: null } });
    await appReady();
    // Never rendered in Chinese: the frame appears already in English.
    expect(screen.getByTestId("nav-log")).toHaveTextContent("Send log");
    expect(screen.getByTestId("page-log")).toHaveTextContent("Nothing has been sent yet");
    expect(document.documentElement.lang).toBe("en");
    expect(document.documentElement.dataset.theme).toBe("dark");
  });
});

describe("account switcher", () => {
  it("selects the first real account when nothing is remembered", async () => {
    renderApp("/");
    await appReady();
    const switcher = screen.getByTestId("account-switcher");
    await waitFor(() => expect(switcher).toHaveTextContent(REAL_ACCOUNT.name));
  });

  it("lists the sandbox account with its tag and remembers a choice", async () => {
    const { backend } = renderApp("/");
    await appReady();
    const switcher = screen.getByTestId("account-switcher");
    await waitFor(() => expect(switcher).toHaveTextContent(REAL_ACCOUNT.name));

    fireEvent.mouseDown(within(switcher).getByRole("combobox"));
    const sandboxOption = await screen.findByTestId(`account-option-${SANDBOX_ACCOUNT.id}`);
    expect(sandboxOption).toHaveTextContent("沙箱");
    expect(sandboxOption).toHaveTextContent("模拟器");
    expect(screen.getByTestId(`account-option-${REAL_ACCOUNT.id}`)).toHaveTextContent(REAL_ACCOUNT.appid);

    fireEvent.click(sandboxOption);
    await waitFor(() => expect(switcher).toHaveTextContent(SANDBOX_ACCOUNT.name));
    expect(switcher).toHaveTextContent("沙箱");
    await waitFor(() => expect(backend.callsTo("set_preferences")).toHaveLength(1));
    expect(backend.prefs.selectedAccountId).toBe(SANDBOX_ACCOUNT.id);
  });

  it("restores the remembered account", async () => {
    renderApp("/", { prefs: { language: "zh-CN", theme: "light", showSandbox: true, selectedAccountId: 1 } });
    await appReady();
    await waitFor(() => expect(screen.getByTestId("account-switcher")).toHaveTextContent(SANDBOX_ACCOUNT.name));
  });

  it("hides the sandbox account when the preference is off", async () => {
    renderApp("/", { prefs: { language: "zh-CN", theme: "light", showSandbox: false, selectedAccountId: 1 } });
    await appReady();
    const switcher = screen.getByTestId("account-switcher");
    await waitFor(() => expect(switcher).toHaveTextContent(REAL_ACCOUNT.name));
    fireEvent.mouseDown(within(switcher).getByRole("combobox"));
    await screen.findByTestId(`account-option-${REAL_ACCOUNT.id}`);
    expect(screen.queryByTestId(`account-option-${SANDBOX_ACCOUNT.id}`)).not.toBeInTheDocument();
  });
});

describe("errors", () => {
  it("shows the backend message when an IPC call fails", async () => {
    renderApp("/", { failures: { list_accounts: { code: "store", message: "database is locked (SQLITE_BUSY)" } } });
    await appReady();
    const notification = await screen.findByTestId("error-notification");
    expect(notification).toHaveTextContent("database is locked (SQLITE_BUSY)");
    // The title is chosen by the error code.
    expect(notification).toHaveTextContent("本地数据读写失败");
  });

  it("shows why start-up failed and retries", async () => {
    const { user, backend } = renderApp("/", {
      failures: { get_preferences: { code: "store_too_new", message: "schema version 9 is newer than this app (3)" } },
    });
    expect(await screen.findByTestId("boot-error-message")).toHaveTextContent(
      "schema version 9 is newer than this app (3)",
    );
    expect(screen.queryByTestId("app-ready")).not.toBeInTheDocument();

    backend.failures = {};
    await user.click(screen.getByRole("button", { name: /重试/ }));
    await appReady();
  });

  it("shows a damaged database's message exactly as the core words it", async () => {
    const message =
      "/home/test/.local/share/com.pushdesk.app/pushdesk.sqlite3 is not a Pushdesk database: it is a zip file (a workbook or an archive?). " +
      "Check it with: sqlite3 '/home/test/.local/share/com.pushdesk.app/pushdesk.sqlite3' 'PRAGMA integrity_check'. " +
      "Pushdesk keeps no backups: restore a copy of the file, or move it aside to start afresh.";
    renderApp("/", { failures: { get_preferences: { code: "store_corrupt", message } } });
    expect(await screen.findByTestId("boot-error-message")).toHaveTextContent(message, { normalizeWhitespace: false });
    expect(screen.getByTestId("boot-error")).toHaveTextContent("数据文件已损坏或不是推送台的数据库");
  });
});
