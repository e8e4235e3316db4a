import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { OFFICIAL_ACCOUNT, fieldOf, fill, openAccounts, type TestUser } from "./testing/accountsPage";

const SECRET = "0123456789abcdef0123456789abcdef";
const NEW_APPID = "wxabcdef0123456789";
const SHOP_APP = "wx1111111111111111";
const CLUB_APP = "wx2222222222222222";

/** The text box of the bound mini programs' tag list. */
function boundInput(): HTMLElement {
  return within(screen.getByTestId("account-form-mini-programs")).getByRole("combobox");
}

/** Opens the add form, chooses an Official Account and fills all but its bound mini programs. */
async function startOfficialAccount(user: TestUser) {
  await user.click(screen.getByTestId("account-add"));
  const name = await screen.findByTestId("account-form-name");
  await waitFor(() => expect(name).toHaveFocus());
  await user.click(screen.getByRole("radio", { name: "服务号" }));
  await fill(user, name, "门店服务号");
  await fill(user, screen.getByTestId("account-form-appid"), NEW_APPID);
  await fill(user, screen.getByTestId("account-form-secret"), SECRET);
}

describe("Official Accounts", () => {
  it("adds an Official Account with the mini programs bound to it", async () => {
    const { user, backend } = await openAccounts();
    await startOfficialAccount(user);
    expect(fieldOf("account-form-appid")).toHaveTextContent("公众号管理后台 → 设置与开发 → 基本配置");
    expect(fieldOf("account-form-mini-programs")).toHaveTextContent("广告与服务 → 小程序管理");
    // One AppID pasted from a chat with a Chinese comma, one typed and ended with Enter, which
    // adds it to the list rather than saving the form.
    await fill(user, boundInput(), `${SHOP_APP}，\n`);
    await user.type(boundInput(), `${CLUB_APP}{Enter}`);
    expect(boundInput()).toHaveValue("");
    expect(screen.getByTestId("account-form-mini-programs")).toHaveTextContent(`${SHOP_APP}${CLUB_APP}`);
    expect(backend.callsTo("add_account")).toHaveLength(0);
    await user.click(screen.getByTestId("account-form-submit"));

    await waitFor(() => expect(backend.callsTo("add_account")).toHaveLength(1));
    expect(backend.callsTo("add_account")[0]?.args).toEqual({
      input: {
        name: "门店服务号",
        kind: "official_account",
        appid: NEW_APPID,
        miniPrograms: [SHOP_APP, CLUB_APP],
        tokenMode: "stable",
        apiBase: "https://api.weixin.qq.com",
        tokenUrl: null,
        proxy: null,
      },
      secret: SECRET,
    });
    const card = await screen.findByTestId("account-card-3");
    expect(within(card).getByTestId("account-kind-3")).toHaveTextContent("服务号");
    expect(within(card).getByTestId("account-mini-programs-3")).toHaveTextContent(`${SHOP_APP}${CLUB_APP}`);
  });

  it("asks for bound mini programs only for an Official Account", async () => {
    const { user, backend } = await openAccounts();
    await user.click(screen.getByTestId("account-add"));
    await screen.findByTestId("account-form-name");
    expect(screen.getByRole("radio", { name: "小程序" })).toBeChecked();
    expect(screen.queryByTestId("account-form-mini-programs")).not.toBeInTheDocument();
    expect(fieldOf("account-form-appid")).toHaveTextContent("小程序管理后台 → 开发管理 → 开发设置");

    await user.click(screen.getByRole("radio", { name: "服务号" }));
    await fill(user, boundInput(), `${SHOP_APP} `);
    await user.click(screen.getByRole("radio", { name: "小程序" }));
    expect(screen.queryByTestId("account-form-mini-programs")).not.toBeInTheDocument();

    // What was typed for the Official Account is not sent for a mini program.
    await fill(user, screen.getByTestId("account-form-name"), "外卖小程序");
    await fill(user, screen.getByTestId("account-form-appid"), NEW_APPID);
    await fill(user, screen.getByTestId("account-form-secret"), SECRET);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(backend.callsTo("add_account")).toHaveLength(1));
    expect(backend.callsTo("add_account")[0]?.args).toMatchObject({ input: { kind: "mini_program", miniPrograms: [] } });
  });

  it("shows a bound AppID that is not one, or is the account's own, on that field and saves nothing", async () => {
    const { user, backend } = await openAccounts();
    await startOfficialAccount(user);
    await fill(user, boundInput(), `${SHOP_APP} wx123`);
    await user.click(screen.getByTestId("account-form-submit"));

    const field = fieldOf("account-form-mini-programs");
    expect(await within(field).findByText("「wx123」不是 AppID：AppID 是以 wx 开头的 18 位字母和数字")).toBeInTheDocument();

    expect(within(field).getByText("wx123").closest(".ant-tag")).toHaveClass("ant-tag-error");
    expect(within(field).getByText(SHOP_APP).closest(".ant-tag")).not.toHaveClass("ant-tag-error");
    await user.click(within(field).getByRole("button", { name: "移除 wx123" }));
    await fill(user, boundInput(), NEW_APPID);
    await user.keyboard("{Enter}");
    expect(
      await within(field).findByText(`「${NEW_APPID}」是这个服务号自己的 AppID，这里请填写关联的小程序的 AppID`),
    ).toBeInTheDocument();
    await user.click(screen.getByTestId("account-form-submit"));
    expect(backend.callsTo("add_account")).toHaveLength(0);

    // Changing the account's own AppID clears the complaint: the list is checked again.
    const appid = screen.getByTestId("account-form-appid");
    await user.clear(appid);
    await fill(user, appid, "wxfedcba9876543210");
    await waitFor(() => expect(within(field).queryByText(/自己的 AppID/)).not.toBeInTheDocument());
  });

  it("refuses more than 20 bound mini programs before saving", async () => {
    const { user, backend } = await openAccounts();
    await startOfficialAccount(user);
    const many = Array.from({ length: 21 }, (_, i) => `wx${String(i).padStart(16, "0")}`);
    await fill(user, boundInput(), many.join(","));
    await user.click(screen.getByTestId("account-form-submit"));
    expect(await within(fieldOf("account-form-mini-programs")).findByText("最多填写 20 个小程序")).toBeInTheDocument();
    expect(backend.callsTo("add_account")).toHaveLength(0);
  });

  it("puts the backend's complaint about the bound mini programs under that field", async () => {
    const { user } = await openAccounts({
      failures: {
        add_account: {
          code: "invalid_input",
          message: `miniPrograms: "${SHOP_APP}" is not bound to this Official Account`,
          messageZh: `miniPrograms: 「${SHOP_APP}」没有关联到这个服务号`,
        },
      },
    });
    await startOfficialAccount(user);
    await fill(user, boundInput(), SHOP_APP);
    await user.click(screen.getByTestId("account-form-submit"));
    expect(
      await within(fieldOf("account-form-mini-programs")).findByText(`「${SHOP_APP}」没有关联到这个服务号`),
    ).toBeInTheDocument();
    expect(screen.queryByTestId("account-form-error")).not.toBeInTheDocument();
  });

  it("tags each card with its kind and lists an Official Account's bound mini programs", async () => {
    await openAccounts({ accounts: [SANDBOX_ACCOUNT, REAL_ACCOUNT, OFFICIAL_ACCOUNT, { ...OFFICIAL_ACCOUNT, id: 4, name: "总部服务号", appid: "wxfedcba9876543210", miniPrograms: [] }] });
    expect(screen.getByTestId(`account-kind-${REAL_ACCOUNT.id}`)).toHaveTextContent("小程序");
    expect(screen.queryByTestId(`account-mini-programs-${REAL_ACCOUNT.id}`)).not.toBeInTheDocument();
    expect(screen.getByTestId(`account-kind-${OFFICIAL_ACCOUNT.id}`)).toHaveTextContent("服务号");
    const bound = screen.getByTestId(`account-mini-programs-${OFFICIAL_ACCOUNT.id}`);
    for (const appid of OFFICIAL_ACCOUNT.miniPrograms) expect(bound).toHaveTextContent(appid);
    expect(screen.getByTestId("account-mini-programs-4")).toHaveTextContent("未填写");
  });

  it("names the kinds in English", async () => {
    await openAccounts({
      accounts: [REAL_ACCOUNT, OFFICIAL_ACCOUNT],
      prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null },
    });
    expect(screen.getByTestId(`account-kind-${REAL_ACCOUNT.id}`)).toHaveTextContent("Mini program");
    expect(screen.getByTestId(`account-kind-${OFFICIAL_ACCOUNT.id}`)).toHaveTextContent("Official Account");
    expect(screen.getByTestId(`account-card-${OFFICIAL_ACCOUNT.id}`)).toHaveTextContent("Bound mini programs");
  });

  it("shows the kind read-only when editing, and keeps it and the bound mini programs", async () => {
    const { user, backend } = await openAccounts({ accounts: [SANDBOX_ACCOUNT, REAL_ACCOUNT, OFFICIAL_ACCOUNT] });
    await user.click(screen.getByTestId(`account-edit-${OFFICIAL_ACCOUNT.id}`));
    await screen.findByTestId("account-form-name");
    expect(screen.getByTestId("account-form-kind-fixed")).toHaveTextContent("服务号");
    expect(fieldOf("account-form-kind-fixed")).toHaveTextContent("账号添加后不能更改类型");
    expect(screen.queryByRole("radio", { name: "小程序" })).not.toBeInTheDocument();
    const field = fieldOf("account-form-mini-programs");
    for (const appid of OFFICIAL_ACCOUNT.miniPrograms) expect(field).toHaveTextContent(appid);

    await user.click(screen.getByTestId("account-form-submit"));
    await waitFor(() => expect(backend.callsTo("update_account")).toHaveLength(1));
    expect(backend.callsTo("update_account")[0]?.args).toMatchObject({
      id: OFFICIAL_ACCOUNT.id,
      input: { kind: "official_account", appid: OFFICIAL_ACCOUNT.appid, miniPrograms: OFFICIAL_ACCOUNT.miniPrograms },
    });
  });

  it("shows a mini program's kind read-only when editing, without bound mini programs", async () => {
    const { user } = await openAccounts();
    await user.click(screen.getByTestId(`account-edit-${REAL_ACCOUNT.id}`));
    await screen.findByTestId("account-form-name");
    expect(screen.getByTestId("account-form-kind-fixed")).toHaveTextContent("小程序");
    expect(screen.queryByRole("radio", { name: "服务号" })).not.toBeInTheDocument();
    expect(screen.queryByTestId("account-form-mini-programs")).not.toBeInTheDocument();
  });
});
