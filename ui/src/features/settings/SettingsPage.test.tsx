import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { appReady, renderApp } from "../../test/renderApp";

describe("settings page", () => {
  it("shows the paths and version from app_info", async () => {
    const { backend } = renderApp("/settings");
    await appReady();
    expect(await screen.findByTestId("about-data-dir")).toHaveTextContent(backend.appInfo.dataDir);
    expect(screen.getByTestId("about-database-file")).toHaveTextContent(backend.appInfo.databaseFile);
    expect(screen.getByTestId("about-log-dir")).toHaveTextContent(backend.appInfo.logDir);
    expect(screen.getByTestId("about-version")).toHaveTextContent(backend.appInfo.version);
  });

  it("switches the language at once and saves it", async () => {
    const { user, backend } = renderApp("/settings");
    await appReady();
    const page = await screen.findByTestId("page-settings");
    expect(within(page).getByRole("heading", { level: 3 })).toHaveTextContent("设置");
    expect(screen.getByTestId("nav-log")).toHaveTextContent("日志");
    await screen.findByTestId("about-data-dir");
    expect(screen.getAllByRole("button", { name: "复制" }).length).toBeGreaterThan(0);

    await user.click(screen.getByTestId("settings-language-en"));

    expect(within(page).getByRole("heading", { level: 3 })).toHaveTextContent("Settings");
    expect(screen.getByTestId("nav-log")).toHaveTextContent("Send log");
    expect(screen.getByText("Data folder")).toBeInTheDocument();
    // antd's own strings follow (locale enUS).
    expect(screen.getAllByRole("button", { name: "Copy" }).length).toBeGreaterThan(0);
    expect(document.documentElement.lang).toBe("en");

    await waitFor(() => expect(backend.callsTo("set_preferences")).toHaveLength(1));
    expect(backend.callsTo("set_preferences")[0]?.args).toEqual({
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null },
    });

    await user.click(screen.getByTestId("settings-language-zh"));
    expect(within(page).getByRole("heading", { level: 3 })).toHaveTextContent("设置");
    await waitFor(() => expect(backend.prefs.language).toBe("zh-CN"));
  });

  it("switches the theme and the sandbox visibility and saves them", async () => {
    const { user, backend } = renderApp("/settings");
    await appReady();
    await user.click(await screen.findByTestId("settings-theme-dark"));
    expect(document.documentElement.dataset.theme).toBe("dark");
    await waitFor(() => expect(backend.prefs.theme).toBe("dark"));

    await user.click(screen.getByTestId("settings-show-sandbox"));
    await waitFor(() => expect(backend.prefs.showSandbox).toBe(false));

    await user.click(screen.getByTestId("settings-theme-light"));
    await waitFor(() => expect(backend.prefs.theme).toBe("light"));
    expect(backend.prefs.showSandbox).toBe(false);
  });

  it("rolls back and shows the message when saving fails", async () => {
    const { user, backend } = renderApp("/settings", {
      failures: { set_preferences: { code: "io", message: "disk full" } },
    });
    await appReady();
    await user.click(await screen.findByTestId("settings-language-en"));
    expect(await screen.findByTestId("error-notification")).toHaveTextContent("disk full");
    const page = screen.getByTestId("page-settings");
    await waitFor(() => expect(within(page).getByRole("heading", { level: 3 })).toHaveTextContent("设置"));
    expect(backend.prefs.language).toBe("zh-CN");
  });

  it("shows an app_info error inline", async () => {
    renderApp("/settings", { failures: { app_info: { code: "io", message: "cannot resolve data dir" } } });
    await appReady();
    const page = await screen.findByTestId("page-settings");
    expect(await within(page).findByText("cannot resolve data dir")).toBeInTheDocument();
  });
});
