import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { IP_NOT_WHITELISTED_REPORT, NO_NETWORK_REPORT, okReport } from "../../test/templateFixtures";
import { fieldOf, fill, openAccounts, type TestUser } from "./testing/accountsPage";

const SECRET = "0123456789abcdef0123456789abcdef";
const NEW_APPID = "wxabcdef0123456789";

async function fillNewAccount(user: TestUser) {
  await user.click(screen.getByTestId("account-add"));
  const name = await screen.findByTestId("account-form-name");
  await waitFor(() => expect(name).toHaveFocus());
  await user.type(name, "外卖小程序");
  await fill(user, screen.getByTestId("account-form-appid"), NEW_APPID);
  await fill(user, screen.getByTestId("account-form-secret"), SECRET);
}

describe("accounts page", () => {
  it("lists every account with its settings, the sandbox marked and read-only", async () => {
    await openAccounts({ accounts: [SANDBOX_ACCOUNT, { ...REAL_ACCOUNT, proxy: "http://10.0.0.8:3128" }] });
    const real = screen.getByTestId(`account-card-${REAL_ACCOUNT.id}`);
    expect(real).toHaveTextContent(REAL_ACCOUNT.name);
    expect(real).toHaveTextContent(REAL_ACCOUNT.appid);
    // Plain words first; the technical name only on hover.
    expect(screen.getByTestId(`account-token-mode-${REAL_ACCOUNT.id}`)).toHaveTextContent("安全模式（推荐）");
    expect(real).toHaveTextContent("连接方式安全模式（推荐）不影响公司正式服务器");
    expect(real).not.toHaveTextContent(/token|stable_token|令牌/);
    expect(screen.getByTestId(`account-token-mode-tech-${REAL_ACCOUNT.id}`)).toHaveAccessibleName(/\/cgi-bin\/stable_token/);
    expect(real).toHaveTextContent("https://api.weixin.qq.com");
    expect(real).toHaveTextContent("http://10.0.0.8:3128");

    const sandbox = screen.getByTestId(`account-card-${SANDBOX_ACCOUNT.id}`);
    expect(within(sandbox).getByTestId(`account-sandbox-tag-${SANDBOX_ACCOUNT.id}`)).toHaveTextContent("沙箱");
    expect(sandbox).toHaveTextContent("内置的微信模拟器");
    expect(sandbox).toHaveTextContent("不能编辑或删除");
    expect(screen.getByTestId(`account-test-${SANDBOX_ACCOUNT.id}`)).toBeInTheDocument();
    expect(screen.queryByTestId(`account-edit-${SANDBOX_ACCOUNT.id}`)).not.toBeInTheDocument();
    expect(screen.queryByTestId(`account-remove-${SANDBOX_ACCOUNT.id}`)).not.toBeInTheDocument();
  });

  it("adds an account, keeps the secret out of the page and tests the connection", async () => {
    const { user, backend } = await openAccounts();
    backend.connectionReports[3] = okReport(7);
    await fillNewAccount(user);
    await user.keyboard("{Enter}");

    await waitFor(() => expect(backend.callsTo("add_account")).toHaveLength(1));
    expect(backend.callsTo("add_account")[0]?.args).toEqual({
      input: {
        name: "外卖小程序",
        kind: "mini_program",
        appid: NEW_APPID,
        miniPrograms: [],
        tokenMode: "stable",
        apiBase: "https://api.weixin.qq.com",
        tokenUrl: null,
        proxy: null,
      },
      secret: SECRET,
    });

    const card = await screen.findByTestId("account-card-3");
    expect(card).toHaveTextContent("外卖小程序");
    expect(await screen.findByTestId("account-test-result-3")).toHaveTextContent(
      "连接成功：微信上有 7 个模板",
    );
    expect(backend.callsTo("test_connection")[0]?.args).toEqual({ id: 3 });
    await waitFor(() => expect(screen.queryByTestId("account-form-secret")).not.toBeInTheDocument());
    // It connects, so it is what the user works with now.
    await waitFor(() => expect(screen.getByTestId("account-switcher")).toHaveTextContent("外卖小程序"));

    // The secret went to the (fake) keyring only: never into the DOM, never into list_accounts.
    expect(backend.secrets[3]).toBe(SECRET);
    expect(document.documentElement.innerHTML).not.toContain(SECRET);
    await waitFor(() => expect(backend.callsTo("list_accounts").length).toBeGreaterThan(1));
    expect(JSON.stringify(backend.accounts)).not.toContain(SECRET);
  });

  it("checks the fields before sending anything", async () => {
    const { user, backend } = await openAccounts();
    await user.click(screen.getByTestId("account-add"));
    await waitFor(() => expect(screen.getByTestId("account-form-name")).toHaveFocus());
    await user.type(screen.getByTestId("account-form-appid"), "wx123");
    await user.click(screen.getByTestId("account-form-submit"));

    expect(await within(fieldOf("account-form-name")).findByText("请填写名称")).toBeInTheDocument();
    expect(within(fieldOf("account-form-appid")).getByText("AppID 是以 wx 开头的 18 位字母和数字")).toBeInTheDocument();
    expect(within(fieldOf("account-form-secret")).getByText("请填写 AppSecret")).toBeInTheDocument();
    expect(fieldOf("account-form-appid")).toHaveTextContent("开发管理 → 开发设置");
    expect(backend.callsTo("add_account")).toHaveLength(0);
  });

  it("warns that a classic token breaks production, and adapts the fields to the token source", async () => {
    const { user } = await openAccounts();
    await user.click(screen.getByTestId("account-add"));
    await screen.findByTestId("account-form-name");
    expect(screen.queryByTestId("account-form-classic-warning")).not.toBeInTheDocument();

    await user.click(screen.getByText("独占模式"));
    expect(await screen.findByTestId("account-form-classic-warning")).toHaveTextContent(
      "独占模式会让公司正式服务器的凭证失效",
    );

    await user.click(screen.getByText("公司的凭证服务"));
    expect(screen.queryByTestId("account-form-classic-warning")).not.toBeInTheDocument();
    expect(await screen.findByTestId("account-form-token-url")).toBeInTheDocument();
    expect(screen.queryByTestId("account-form-secret")).not.toBeInTheDocument();

    await user.click(screen.getByText("手动粘贴凭证"));
    expect(screen.queryByTestId("account-form-token-url")).not.toBeInTheDocument();
    expect(await screen.findByTestId("account-form-secret")).toHaveAttribute("type", "password");
    expect(fieldOf("account-form-secret")).toHaveTextContent(/access token/i);
  });

  it("sends the external token service and the advanced settings", async () => {
    const { user, backend } = await openAccounts();
    await user.click(screen.getByTestId("account-add"));
    await user.type(await screen.findByTestId("account-form-name"), "总部");
    await fill(user, screen.getByTestId("account-form-appid"), NEW_APPID);
    await user.click(screen.getByText("公司的凭证服务"));
    await fill(user, await screen.findByTestId("account-form-token-url"), "https://token.corp.example/wx");
    await user.click(screen.getByText("高级设置"));
    const apiBase = screen.getByTestId("account-form-api-base");
    await user.clear(apiBase);
    await fill(user, apiBase, "https://wx-relay.corp.example");
    await fill(user, screen.getByTestId("account-form-proxy"), "http://10.0.0.8:3128");
    await user.click(screen.getByTestId("account-form-submit"));

    await waitFor(() => expect(backend.callsTo("add_account")).toHaveLength(1));
    expect(backend.callsTo("add_account")[0]?.args).toEqual({
      input: {
        name: "总部",
        kind: "mini_program",
        appid: NEW_APPID,
        miniPrograms: [],
        tokenMode: "external",
        apiBase: "https://wx-relay.corp.example",
        tokenUrl: "https://token.corp.example/wx",
        proxy: "http://10.0.0.8:3128",
      },
      secret: null,
    });
  });

  it("shows a backend invalid_input message under the field it names", async () => {
    const { user, backend } = await openAccounts({
      failures: {
        add_account: { code: "invalid_input", message: "appid: this AppID belongs to an official account" },
      },
    });
    await fillNewAccount(user);
    await user.click(screen.getByTestId("account-form-submit"));

    expect(
      await within(fieldOf("account-form-appid")).findByText("this AppID belongs to an official account"),
    ).toBeInTheDocument();
    expect(backend.callsTo("add_account")).toHaveLength(1);
    // The form stays open with what was typed.
    expect(screen.getByTestId("account-form-name")).toHaveValue("外卖小程序");
  });

  it("shows a name conflict under the name", async () => {
    const { user } = await openAccounts({
      failures: { add_account: { code: "conflict", message: 'an account named "外卖小程序" already exists' } },
    });
    await fillNewAccount(user);
    await user.click(screen.getByTestId("account-form-submit"));
    expect(
      await within(fieldOf("account-form-name")).findByText('an account named "外卖小程序" already exists'),
    ).toBeInTheDocument();
  });

  it("explains that the system keyring is needed", async () => {
    const { user } = await openAccounts({
      failures: {
        add_account: { code: "keyring_unavailable", message: "Unable to autolaunch a dbus-daemon without a $DISPLAY" },
      },
    });
    await fillNewAccount(user);
    await user.click(screen.getByTestId("account-form-submit"));
    const alert = await screen.findByTestId("keyring-alert");
    expect(alert).toHaveTextContent("无法使用系统钥匙串");
    expect(alert).toHaveTextContent("从不以明文写入磁盘");
    expect(alert).toHaveTextContent("Unable to autolaunch a dbus-daemon without a $DISPLAY");
  });

  it("edits an account without showing the stored secret, and keeps it when left empty", async () => {
    const { user, backend } = await openAccounts();
    await user.click(screen.getByTestId(`account-edit-${REAL_ACCOUNT.id}`));
    const secret = await screen.findByTestId("account-form-secret");
    expect(secret).toHaveValue("");
    expect(secret).toHaveAttribute("placeholder", "已保存在系统钥匙串中，留空则不修改");
    expect(screen.getByTestId("account-form-name")).toHaveValue(REAL_ACCOUNT.name);
    expect(screen.getByTestId("account-form-appid")).toHaveValue(REAL_ACCOUNT.appid);

    const name = screen.getByTestId("account-form-name");
    await user.clear(name);
    await fill(user, name, "会员小程序（正式）");
    await user.click(screen.getByTestId("account-form-submit"));

    await waitFor(() => expect(backend.callsTo("update_account")).toHaveLength(1));
    expect(backend.callsTo("update_account")[0]?.args).toEqual({
      id: REAL_ACCOUNT.id,
      input: {
        name: "会员小程序（正式）",
        kind: "mini_program",
        appid: REAL_ACCOUNT.appid,
        miniPrograms: [],
        tokenMode: "stable",
        apiBase: "https://api.weixin.qq.com",
        tokenUrl: null,
        proxy: null,
      },
      secret: null,
    });
    expect(await screen.findByTestId(`account-card-${REAL_ACCOUNT.id}`)).toHaveTextContent("会员小程序（正式）");
  });

  it("asks for a new secret when the token source needs another kind of secret", async () => {
    const { user, backend } = await openAccounts();
    await user.click(screen.getByTestId(`account-edit-${REAL_ACCOUNT.id}`));
    await screen.findByTestId("account-form-secret");
    await user.click(screen.getByText("手动粘贴凭证"));
    await user.click(screen.getByTestId("account-form-submit"));
    expect(await within(fieldOf("account-form-secret")).findByText("请粘贴调用凭证")).toBeInTheDocument();
    expect(backend.callsTo("update_account")).toHaveLength(0);
  });

  it("shows a successful connection test", async () => {
    const { user, backend } = await openAccounts();
    backend.connectionReports[REAL_ACCOUNT.id] = okReport(12);
    await user.click(screen.getByTestId(`account-test-${REAL_ACCOUNT.id}`));
    const result = await screen.findByTestId(`account-test-result-${REAL_ACCOUNT.id}`);
    await waitFor(() => expect(result).toHaveTextContent("连接成功：微信上有 12 个模板"));
    expect(result).toHaveAttribute("data-status", "ok");
  });

  it("explains a failed connection test in Chinese", async () => {
    const { user, backend } = await openAccounts();
    backend.connectionReports[REAL_ACCOUNT.id] = IP_NOT_WHITELISTED_REPORT;
    await user.click(screen.getByTestId(`account-test-${REAL_ACCOUNT.id}`));
    const result = await screen.findByTestId(`account-test-result-${REAL_ACCOUNT.id}`);
    await waitFor(() => expect(result).toHaveAttribute("data-status", "failed"));
    expect(result).toHaveTextContent("本机 IP 不在小程序的 IP 白名单中");
    expect(result).toHaveTextContent("IP 白名单中加入本机出口 IP");
    expect(result).toHaveTextContent("失败步骤：取得调用凭证");
    expect(result).toHaveTextContent("错误码：40164");
    expect(result).not.toHaveTextContent("invalid ip 203.0.113.7");
    await user.click(within(result).getByRole("button", { name: /技术细节/ }));
    expect(await within(result).findByText(/invalid ip 203\.0\.113\.7/)).toBeVisible();
  });

  it("explains a failed connection test in English", async () => {
    const { user, backend } = await openAccounts({
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null },
    });
    backend.connectionReports[REAL_ACCOUNT.id] = { ...IP_NOT_WHITELISTED_REPORT, failedStep: "templates" };
    await user.click(screen.getByTestId(`account-test-${REAL_ACCOUNT.id}`));
    const result = await screen.findByTestId(`account-test-result-${REAL_ACCOUNT.id}`);
    await waitFor(() => expect(result).toHaveAttribute("data-status", "failed"));
    expect(result).toHaveTextContent("This computer's IP address is not in the mini program's IP whitelist");
    expect(result).toHaveTextContent("Add this computer's public IP to the whitelist");
    expect(result).toHaveTextContent("Failed step: Reading the template list");
    expect(result).toHaveTextContent("Error code: 40164");
    expect(result).not.toHaveTextContent("白名单");
    expect(screen.getByTestId(`account-token-mode-${REAL_ACCOUNT.id}`)).toHaveTextContent("Safe mode (recommended)");
  });

  it("shows the backend message when the test cannot run", async () => {
    const { user } = await openAccounts({
      failures: { test_connection: { code: "secret_missing", message: "no AppSecret is stored for wx1234567890abcdef" } },
    });
    await user.click(screen.getByTestId(`account-test-${REAL_ACCOUNT.id}`));
    const result = await screen.findByTestId(`account-test-result-${REAL_ACCOUNT.id}`);
    await waitFor(() => expect(result).toHaveTextContent("连接失败：缺少 AppSecret"));
    await user.click(within(result).getByRole("button", { name: /技术细节/ }));
    expect(await within(result).findByText("no AppSecret is stored for wx1234567890abcdef")).toBeVisible();
  });

  it("removes an account after confirmation", async () => {
    const { user, backend } = await openAccounts();
    await user.click(screen.getByTestId(`account-remove-${REAL_ACCOUNT.id}`));
    const confirm = await screen.findByTestId(`account-remove-confirm-${REAL_ACCOUNT.id}`);
    expect(screen.getByText(`删除账号「${REAL_ACCOUNT.name}」？`)).toBeInTheDocument();
    expect(backend.callsTo("remove_account")).toHaveLength(0);
    await user.click(confirm);

    await waitFor(() => expect(backend.callsTo("remove_account")).toHaveLength(1));
    expect(backend.callsTo("remove_account")[0]?.args).toEqual({ id: REAL_ACCOUNT.id });
    await waitFor(() => expect(screen.queryByTestId(`account-card-${REAL_ACCOUNT.id}`)).not.toBeInTheDocument());
    // With no real account left, the page offers to add one or to try the sandbox.
    expect(screen.getByTestId("accounts-try-sandbox")).toBeInTheDocument();
  });

  it("closes the form with Esc without saving", async () => {
    const { user, backend } = await openAccounts();
    await user.click(screen.getByTestId("account-add"));
    await user.type(await screen.findByTestId("account-form-name"), "草稿");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("account-form-name")).not.toBeInTheDocument());
    expect(backend.callsTo("add_account")).toHaveLength(0);
  });
});

// Bug 6: adding an account with no network made it the current account, spoke of messages and
// automatic retries, and led with the core's English error text.
describe("an account that cannot connect (bug 6)", () => {
  it("does not replace the current account when added, and says so", async () => {
    // Only the sandbox: it is current as the fallback, which a new real account would take over.
    const { user, backend } = renderApp("/accounts", { accounts: [SANDBOX_ACCOUNT] }, FAST_USER);
    await appReady();
    const switcher = screen.getByTestId("account-switcher");
    await waitFor(() => expect(switcher).toHaveTextContent(SANDBOX_ACCOUNT.name));
    backend.connectionReports[2] = NO_NETWORK_REPORT;
    await fillNewAccount(user);
    await user.click(screen.getByTestId("account-form-submit"));

    const result = await screen.findByTestId("account-test-result-2");
    await waitFor(() => expect(result).toHaveAttribute("data-status", "failed"));
    expect(await screen.findByText(`「外卖小程序」未能连接，当前账号仍是「${SANDBOX_ACCOUNT.name}」。连接测试通过后，可以在右上角切换到它。`)).toBeInTheDocument();
    expect(switcher).toHaveTextContent(SANDBOX_ACCOUNT.name);
    expect(backend.prefs.selectedAccountId).toBe(SANDBOX_ACCOUNT.id);
    const card = screen.getByTestId("account-card-2");
    expect(within(card).getByTestId("account-not-connected-2")).toHaveTextContent("未连接");
    expect(card).not.toHaveTextContent("当前账号");
  });

  it("is still chosen when it is the only account, marked as not connected", async () => {
    const { user, backend } = renderApp(
      "/accounts",
      { accounts: [SANDBOX_ACCOUNT], prefs: { language: "zh-CN", theme: "light", showSandbox: false, selectedAccountId: null } },
      FAST_USER,
    );
    await appReady();
    await screen.findByTestId("accounts-add-first");
    backend.connectionReports[2] = NO_NETWORK_REPORT;
    await fillNewAccount(user);
    await user.click(screen.getByTestId("account-form-submit"));

    const result = await screen.findByTestId("account-test-result-2");
    await waitFor(() => expect(result).toHaveAttribute("data-status", "failed"));
    await waitFor(() => expect(screen.getByTestId("account-switcher")).toHaveTextContent("外卖小程序"));
    const card = screen.getByTestId("account-card-2");
    expect(card).toHaveTextContent("当前账号");
    expect(within(card).getByTestId("account-not-connected-2")).toHaveTextContent("未连接");
  });

  it("explains the failed test in connection words first, the technical detail folded away, and tests again", async () => {
    const { user, backend } = await openAccounts();
    backend.connectionReports[REAL_ACCOUNT.id] = NO_NETWORK_REPORT;
    await user.click(screen.getByTestId(`account-test-${REAL_ACCOUNT.id}`));
    const result = await screen.findByTestId(`account-test-result-${REAL_ACCOUNT.id}`);
    await waitFor(() => expect(result).toHaveAttribute("data-status", "failed"));

    expect(within(result).getByTestId(`account-test-result-${REAL_ACCOUNT.id}-title`)).toHaveTextContent("无法连接到微信服务器");
    expect(within(result).getByTestId(`account-test-result-${REAL_ACCOUNT.id}-action`)).toHaveTextContent(
      "请检查网络或代理设置后点击「重新测试」。",
    );
    // Nothing about messages, campaigns or retrying by itself: a test sends nothing.
    expect(result).not.toHaveTextContent(/消息|任务|稍候再试|自动/);
    expect(result).not.toHaveTextContent("Temporary failure in name resolution");

    const details = within(result).getByRole("button", { name: /技术细节/ });
    expect(details).toHaveAttribute("aria-expanded", "false");
    await user.click(details);
    expect(await within(result).findByText(/Temporary failure in name resolution/)).toBeVisible();

    backend.connectionReports[REAL_ACCOUNT.id] = okReport(4);
    await user.click(within(result).getByRole("button", { name: "重新测试" }));
    await waitFor(() =>
      expect(screen.getByTestId(`account-test-result-${REAL_ACCOUNT.id}`)).toHaveAttribute("data-status", "ok"),
    );
    expect(backend.callsTo("test_connection")).toHaveLength(2);
  });

  it("explains it in English too", async () => {
    const { user, backend } = await openAccounts({
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null },
    });
    backend.connectionReports[REAL_ACCOUNT.id] = NO_NETWORK_REPORT;
    await user.click(screen.getByTestId(`account-test-${REAL_ACCOUNT.id}`));
    const result = await screen.findByTestId(`account-test-result-${REAL_ACCOUNT.id}`);
    await waitFor(() => expect(result).toHaveAttribute("data-status", "failed"));
    expect(result).toHaveTextContent("Cannot connect to the WeChat server");
    expect(result).toHaveTextContent("Check the network or the proxy settings, then click Test again.");
    expect(result).not.toHaveTextContent(/Nothing was sent|campaign|tries again/);
    expect(within(result).getByRole("button", { name: /Technical details/ })).toHaveAttribute("aria-expanded", "false");
  });
});
