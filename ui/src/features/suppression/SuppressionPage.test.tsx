import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { SuppressedEntry } from "../../ipc";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";

const A = "oPtYgjmUhBel31iEl2hpChYgAaaA";
const B = "oPtYgjmUhBel31iEl2hpChYgBbbB";
const C = "oPtYgjmUhBel31iEl2hpChYgCccC";
const NEW_1 = "oPtYgjmUhBel31iEl2hpChYgNew1";
const NEW_2 = "oPtYgjmUhBel31iEl2hpChYgNew2";

const MANUAL: SuppressedEntry = { openid: A, source: "manual", note: "工单 1234：不要再推送", addedBy: "xiaowang", addedAt: Date.UTC(2026, 2, 1, 2, 0) };
const REFUSED: SuppressedEntry = { openid: B, source: "refused", note: ORDER_SHIPPED.templateId, addedBy: "", addedAt: Date.UTC(2026, 2, 2, 2, 0) };
const OLDEST: SuppressedEntry = { openid: C, source: "manual", note: "", addedBy: "laoli", addedAt: Date.UTC(2026, 1, 1, 2, 0) };

function render(overrides: Parameters<typeof renderApp>[1] = {}, path = "/suppression") {
  return renderApp(
    path,
    {
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      suppressed: { [REAL_ACCOUNT.id]: [MANUAL, REFUSED, OLDEST], [SANDBOX_ACCOUNT.id]: [] },
      ...overrides,
    },
    FAST_USER,
  );
}

async function openPage(overrides: Parameters<typeof renderApp>[1] = {}, path = "/suppression") {
  const view = render(overrides, path);
  await appReady();
  await screen.findByTestId("page-suppression");
  return view;
}

const rows = () => screen.queryAllByTestId("suppression-row");
const openids = () => rows().map((row) => row.getAttribute("data-openid"));
const total = () => screen.getByTestId("suppression-total");
const row = (openid: string) => rows().find((r) => r.getAttribute("data-openid") === openid) as HTMLElement;

describe("the do-not-contact list page", () => {
  it("is in the menu, and lists the current account's people newest first with source, note, who and when", async () => {
    const { user } = render({}, "/accounts");
    await appReady();
    await screen.findByTestId("page-accounts");
    await user.click(screen.getByTestId("nav-suppression"));
    await screen.findByTestId("page-suppression");
    expect(window.location.hash).toBe("#/suppression");
    // One page for both rules: the list and the frequency cap.
    expect(screen.getByTestId("nav-suppression")).toHaveTextContent("免打扰与频次");
    expect(screen.getByRole("heading", { level: 3 })).toHaveTextContent("免打扰与频次");
    expect(screen.getByRole("heading", { level: 5 })).toHaveTextContent("免打扰名单");

    await waitFor(() => expect(openids()).toEqual([B, A, C]));
    expect(total()).toHaveAttribute("data-value", "3");
    expect(total()).toHaveTextContent("共 3 人");
    expect(within(row(A)).getByTestId("suppression-source")).toHaveTextContent("手动添加");
    expect(row(A)).toHaveTextContent("工单 1234：不要再推送");
    expect(row(A)).toHaveTextContent("xiaowang");
    expect(within(row(A)).getByRole("time")).toHaveAttribute("dateTime", new Date(MANUAL.addedAt).toISOString());
    // A refusal names the template it came from, by its title when the template is cached.
    expect(within(row(B)).getByTestId("suppression-source")).toHaveTextContent("自动：43101");
    expect(row(B)).toHaveTextContent("发送「订单发货通知」时回复 43101");
    // The rules, in plain words.
    const rules = screen.getByTestId("suppression-rules");
    expect(rules).toHaveTextContent("包括加入名单之前就已创建的任务");
    expect(rules).toHaveTextContent("在「发送」页单独发给名单中的人会被拒绝");
    expect(rules).toHaveTextContent("发给测试名单不受影响");
  });

  it("adds pasted openids with a note, and names the pieces that were not openids", async () => {
    const { user, backend } = await openPage();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(screen.getByTestId("suppression-add"));
    const modal = await screen.findByTestId("suppression-add-modal");
    expect(within(modal).getByTestId("suppression-submit")).toBeDisabled();
    // A column copied from a spreadsheet, with a name and a number in it, and one already on the list.
    const text = `${NEW_1}\n张三\n${NEW_2}，${A}\n12345`;
    fireEvent.change(within(modal).getByTestId("suppression-text"), { target: { value: text } });
    expect(within(modal).getByTestId("suppression-text-count")).toHaveAttribute("data-value", "3");
    await user.type(within(modal).getByTestId("suppression-note"), "客服工单 5678");
    await user.click(within(modal).getByTestId("suppression-submit"));

    const result = await screen.findByTestId("suppression-result");
    expect(backend.callsTo("suppress")[0]?.args).toEqual({ accountId: REAL_ACCOUNT.id, text, note: "客服工单 5678" });
    expect(result).toHaveTextContent("已添加 2 人到免打扰名单。");
    expect(result).toHaveTextContent("1 人原来就在名单中。");
    expect(result).toHaveTextContent("以下 2 项不是 openid，没有添加：");
    expect(within(result).getAllByTestId("suppression-not-openid").map((tag) => tag.textContent)).toEqual(["张三", "12345"]);
    await waitFor(() => expect(total()).toHaveAttribute("data-value", "5"));
    expect(row(NEW_1)).toHaveTextContent("客服工单 5678");
    expect(row(NEW_1)).toHaveTextContent("tester");
    await waitFor(() => expect(screen.queryByTestId("suppression-add-modal")).not.toBeVisible());
  });

  it("says in Chinese why a paste without any openid was not added, and keeps the dialog open", async () => {
    const { user, backend } = await openPage();
    await user.click(screen.getByTestId("suppression-add"));
    const modal = await screen.findByTestId("suppression-add-modal");
    fireEvent.change(within(modal).getByTestId("suppression-text"), { target: { value: "张三\n李四" } });
    await user.click(within(modal).getByTestId("suppression-submit"));
    const error = await within(modal).findByTestId("suppression-add-error");
    expect(error).toHaveAttribute("data-code", "invalid_openid");
    expect(error).toHaveTextContent("没有添加 · openid 格式不对");
    expect(error).toHaveTextContent("没有找到 openid：请每行粘贴一个 openid");
    expect(within(modal).getByTestId("suppression-text")).toHaveValue("张三\n李四");
    expect(backend.suppressed[REAL_ACCOUNT.id]).toHaveLength(3);
    expect(screen.queryByTestId("suppression-result")).not.toBeInTheDocument();
  });

  it("searches openid and note, and starts with the search the address names", async () => {
    const { user, backend } = await openPage();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.type(screen.getByTestId("suppression-search"), "工单");
    await waitFor(() => expect(openids()).toEqual([A]));
    expect(total()).toHaveTextContent("找到 1 人（共 3 人）");
    expect(backend.callsTo("suppression_list").at(-1)?.args).toEqual({ accountId: REAL_ACCOUNT.id, search: "工单" });
    await user.clear(screen.getByTestId("suppression-search"));
    await user.type(screen.getByTestId("suppression-search"), "nobody");
    await waitFor(() => expect(screen.getByTestId("suppression-table")).toHaveTextContent("没有 openid 或备注包含「nobody」的人。"));
  });

  it("starts with the search in the address (Compose links here)", async () => {
    await openPage({}, `/suppression?search=${C}`);
    await waitFor(() => expect(openids()).toEqual([C]));
    expect(screen.getByTestId("suppression-search")).toHaveValue(C);
  });

  it("removes one person, or the selected ones, after a confirmation", async () => {
    const { user, backend } = await openPage();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(within(row(A)).getByTestId("suppression-remove"));
    expect(await screen.findByText("把这个人移出免打扰名单？")).toBeInTheDocument();
    expect(backend.callsTo("unsuppress")).toHaveLength(0);
    await user.click(screen.getByTestId("suppression-remove-confirm"));
    await waitFor(() => expect(openids()).toEqual([B, C]));
    expect(backend.callsTo("unsuppress")[0]?.args).toEqual({ accountId: REAL_ACCOUNT.id, openids: [A] });
    expect(total()).toHaveAttribute("data-value", "2");

    await user.click(within(row(B)).getByRole("checkbox"));
    await user.click(within(row(C)).getByRole("checkbox"));
    await user.click(screen.getByTestId("suppression-remove-selected"));
    expect(await screen.findByText("把选中的 2 人移出免打扰名单？")).toBeInTheDocument();
    await user.click(screen.getByTestId("suppression-remove-selected-confirm"));
    await waitFor(() => expect(rows()).toHaveLength(0));
    expect(backend.callsTo("unsuppress")[1]?.args).toEqual({ accountId: REAL_ACCOUNT.id, openids: [B, C] });
    expect(screen.getByTestId("suppression-table")).toHaveTextContent("名单是空的");
    expect(screen.queryByTestId("suppression-remove-selected")).not.toBeInTheDocument();
  });

  it("switches the 43101 auto-add, off by default, saying it also stops messages the user might accept later", async () => {
    const { user, backend } = await openPage();
    const toggle = await screen.findByTestId("suppression-refusals");
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).toHaveAttribute("aria-checked", "false");
    expect(toggle).toHaveAccessibleName(/微信回复 43101 时自动加入名单/);
    expect(screen.getByTestId("suppression-refusals-caution")).toHaveTextContent("之后在小程序里再次同意订阅，本来还能收到消息");
    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "true"));
    expect(backend.callsTo("set_suppress_refusals")).toEqual([{ cmd: "set_suppress_refusals", args: { accountId: REAL_ACCOUNT.id, on: true } }]);
    expect(backend.suppressRefusals[REAL_ACCOUNT.id]).toBe(true);
    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "false"));
    expect(backend.suppressRefusals[REAL_ACCOUNT.id]).toBe(false);
  });

  it("points to Accounts when there is no account", async () => {
    await openPage({ accounts: [] });
    expect(await screen.findByTestId("suppression-no-account")).toHaveTextContent("还没有选择账号");
    expect(screen.getByRole("button", { name: /前往账号页/ })).toBeInTheDocument();
  });

  it("speaks English", async () => {
    await openPage({ prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: null } });
    await waitFor(() => expect(rows()).toHaveLength(3));
    // Short enough for the 200 px side menu (the old "Do-not-contact list" was cut off).
    expect(screen.getByTestId("nav-suppression")).toHaveTextContent(/^Contact rules$/);
    expect(screen.getByRole("heading", { level: 5 })).toHaveTextContent("Do-not-contact list");
    await waitFor(() => expect(screen.getByTestId("frequency-cap-current")).toHaveTextContent("Off"));
    expect(screen.getByTestId("frequency-cap")).toHaveTextContent("Frequency cap");
    expect(screen.getByTestId("frequency-cap-what")).toHaveTextContent("Sends to the test list are not affected and do not count.");
    expect(total()).toHaveTextContent("3 in all");
    expect(within(row(B)).getByTestId("suppression-source")).toHaveTextContent("Auto: 43101");
    expect(within(row(A)).getByTestId("suppression-source")).toHaveTextContent("Added by hand");
    expect(screen.getByTestId("suppression-refusals-caution")).toHaveTextContent("could accept again in the mini program later");
    // Every string found its English (a missing one would show its key).
    expect(screen.getByTestId("page-suppression")).not.toHaveTextContent(/\b(rules|refusals|cap|col|source|result)\.\w/);
  });
});

describe("the frequency cap card", () => {
  const card = () => screen.getByTestId("frequency-cap");
  const current = () => screen.getByTestId("frequency-cap-current");
  const toggle = () => screen.getByTestId("frequency-cap-enabled");
  const days = () => screen.getByTestId("frequency-cap-days");
  const max = () => screen.getByTestId("frequency-cap-max");
  const save = () => screen.getByTestId("frequency-cap-save");

  it("is off by default; switched on, saves what is typed from the keyboard and says what it does", async () => {
    const { user, backend } = await openPage();
    await waitFor(() => expect(current()).toHaveAttribute("data-value", "off"));
    expect(current()).toHaveTextContent("已关闭");
    expect(toggle()).toHaveAttribute("aria-checked", "false");
    expect(toggle()).toHaveAccessibleName(/频次上限/);
    expect(screen.queryByTestId("frequency-cap-days")).not.toBeInTheDocument();
    const what = screen.getByTestId("frequency-cap-what");
    expect(what).toHaveTextContent("这个账号所有群发任务和单独发送的消息都计入");
    expect(what).toHaveTextContent("包括之前就已创建的任务，在开始或继续发送时生效");
    expect(what).toHaveTextContent("发给测试名单不受影响，也不计入");

    // On: the sentence with its numbers; nothing counts until it is saved.
    await user.click(toggle());
    expect(toggle()).toHaveAttribute("aria-checked", "true");
    expect(screen.getByTestId("frequency-cap-form")).toHaveTextContent(/^每人\s*天内最多\s*条\s*保\s*存/);
    expect(days()).toHaveAccessibleName("天数");
    expect(max()).toHaveAccessibleName("最多条数");
    expect(days()).toHaveValue("7");
    expect(max()).toHaveValue("2");
    expect(screen.getByTestId("frequency-cap-unsaved")).toHaveTextContent("还没有保存");
    expect(current()).toHaveAttribute("data-value", "off");
    expect(backend.callsTo("set_frequency_cap")).toHaveLength(0);

    await user.clear(days());
    await user.type(days(), "14");
    await user.clear(max());
    await user.type(max(), "3");
    await user.click(save());
    await waitFor(() => expect(current()).toHaveAttribute("data-value", "3/14"));
    expect(current()).toHaveTextContent("每人 14 天内最多 3 条");
    expect(backend.callsTo("set_frequency_cap")).toEqual([
      { cmd: "set_frequency_cap", args: { accountId: REAL_ACCOUNT.id, cap: { maxMessages: 3, perDays: 14 } } },
    ]);
    expect(backend.frequencyCaps).toEqual({ [REAL_ACCOUNT.id]: { maxMessages: 3, perDays: 14 } });
    expect(screen.queryByTestId("frequency-cap-unsaved")).not.toBeInTheDocument();
    expect(save()).toBeDisabled();

    // The arrow keys change a number, Enter saves it.
    days().focus();
    await user.keyboard("{ArrowUp}");
    expect(days()).toHaveValue("15");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(current()).toHaveAttribute("data-value", "3/15"));
    expect(backend.frequencyCaps[REAL_ACCOUNT.id]).toEqual({ maxMessages: 3, perDays: 15 });
  });

  it("shows the saved cap, and switching it off removes it at once", async () => {
    const { user, backend } = await openPage({ frequencyCaps: { [REAL_ACCOUNT.id]: { maxMessages: 2, perDays: 7 } } });
    await waitFor(() => expect(current()).toHaveAttribute("data-value", "2/7"));
    expect(current()).toHaveTextContent("每人 7 天内最多 2 条");
    expect(toggle()).toHaveAttribute("aria-checked", "true");
    expect(days()).toHaveValue("7");
    expect(max()).toHaveValue("2");
    expect(save()).toBeDisabled();

    await user.click(toggle());
    await waitFor(() => expect(current()).toHaveAttribute("data-value", "off"));
    expect(backend.callsTo("set_frequency_cap")).toEqual([{ cmd: "set_frequency_cap", args: { accountId: REAL_ACCOUNT.id, cap: null } }]);
    expect(backend.frequencyCaps).toEqual({});
    expect(toggle()).toHaveAttribute("aria-checked", "false");
    expect(screen.queryByTestId("frequency-cap-days")).not.toBeInTheDocument();
  });

  it("shows the core's refusal of a cap out of bounds in Chinese, keeps what was typed, and saves once it is fixed", async () => {
    const { user, backend } = await openPage();
    await waitFor(() => expect(current()).toHaveAttribute("data-value", "off"));
    await user.click(toggle());
    await user.clear(max());
    await user.type(max(), "200");
    await user.click(save());

    const error = await within(card()).findByTestId("frequency-cap-error");
    expect(error).toHaveAttribute("data-code", "invalid_input");
    expect(error).toHaveTextContent("没有保存 · 输入有误");
    expect(error).toHaveTextContent("频次上限应为 1–30 天内最多 1–100 条");
    // The field key is for programs, not people.
    expect(error).not.toHaveTextContent("frequencyCap");
    expect(backend.callsTo("set_frequency_cap")[0]?.args).toEqual({ accountId: REAL_ACCOUNT.id, cap: { maxMessages: 200, perDays: 7 } });
    expect(backend.frequencyCaps).toEqual({});
    expect(current()).toHaveAttribute("data-value", "off");
    expect(max()).toHaveValue("200");
    expect(toggle()).toHaveAttribute("aria-checked", "true");

    // Typing again clears the refusal; a cap in bounds is saved.
    await user.clear(max());
    expect(screen.queryByTestId("frequency-cap-error")).not.toBeInTheDocument();
    await user.type(max(), "100");
    await user.clear(days());
    await user.type(days(), "30");
    await user.click(save());
    await waitFor(() => expect(current()).toHaveAttribute("data-value", "100/30"));
    expect(screen.queryByTestId("frequency-cap-error")).not.toBeInTheDocument();
  });

  it("asks before leaving with a cap switched on but not saved, and can save it from the question", async () => {
    const { user, backend } = await openPage();
    await waitFor(() => expect(current()).toHaveAttribute("data-value", "off"));
    await user.click(toggle());
    await user.click(screen.getByTestId("nav-log"));
    const dialog = await screen.findByTestId("leave-confirm");
    expect(dialog).toHaveTextContent("频次上限还没有保存");
    expect(dialog).toHaveTextContent(`「${REAL_ACCOUNT.name}」的频次上限改了还没有保存`);
    await user.click(within(dialog).getByTestId("leave-confirm-save"));
    expect(await screen.findByTestId("page-log")).toBeInTheDocument();
    expect(backend.frequencyCaps).toEqual({ [REAL_ACCOUNT.id]: { maxMessages: 2, perDays: 7 } });
  });
});
