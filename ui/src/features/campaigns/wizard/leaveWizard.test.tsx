import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { REAL_ACCOUNT } from "../../../test/fakeBackend";
import { resetEvents } from "../../../test/fakeEvents";
import { FAST_USER, appReady, renderApp } from "../../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../../test/templateFixtures";
import { GBK_FILE, OPENID_A } from "../testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../../test/fakeEvents"));
afterEach(resetEvents);

const PATH = "D:\\会员\\11月会员.csv";
// A page can take longer than findBy's 1 s to appear on a busy 2-core machine.
const PAGE_SHOWN = { timeout: 10_000 };

async function openWizard(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp(
    "/campaigns/new",
    {
      templates: { [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      files: { [PATH]: GBK_FILE },
      pickedFile: PATH,
      testRecipients: { [REAL_ACCOUNT.id]: [{ openid: OPENID_A, note: "小王的手机" }] },
      ...overrides,
    },
    FAST_USER,
  );
  await appReady();
  await screen.findByTestId("campaign-template");
  return view;
}

/** Step 1 done: template chosen, the file browsed and read into a draft. */
async function readFile({ user }: Awaited<ReturnType<typeof openWizard>>) {
  fireEvent.mouseDown(within(screen.getByTestId("campaign-template")).getByRole("combobox"));
  fireEvent.click(screen.getAllByTestId(`campaign-template-option-${ORDER_SHIPPED.templateId}`).at(-1) as HTMLElement);
  await user.click(screen.getByTestId("campaign-file-browse"));
  await waitFor(() => expect(screen.getByTestId("campaign-file-path")).toHaveValue(PATH));
  await user.click(screen.getByTestId("campaign-inspect"));
  await screen.findByTestId("campaign-inspection");
}

const leaveDialog = () => screen.findByTestId("leave-confirm");

// Regression (bug 2): the wizard's work (the file read, the mapping, everything typed) was thrown
// away without a word when the user clicked another page or 返回任务列表. Nothing can be
// reopened later (the draft is discarded on leaving), so the wizard asks whenever the user changed something.
describe("leaving the new-campaign wizard (bug 2)", () => {
  it("asks before the side menu throws a read file away; keeping on editing keeps the draft", async () => {
    const view = await openWizard();
    const { user, backend } = view;
    await readFile(view);
    const id = Number(Object.keys(backend.drafts)[0]);

    await user.click(screen.getByTestId("nav-accounts"));
    const dialog = await leaveDialog();
    expect(dialog).toHaveTextContent("放弃这个新任务？");
    expect(dialog).toHaveTextContent("读取的名单都会丢失");
    expect(within(dialog).getByTestId("leave-confirm-discard")).toHaveTextContent("放弃任务");
    expect(within(dialog).getByTestId("leave-confirm-stay")).toHaveTextContent("继续编辑");
    // Nothing to save it to: the question does not pretend otherwise.
    expect(within(dialog).queryByTestId("leave-confirm-save")).not.toBeInTheDocument();

    await user.click(within(dialog).getByTestId("leave-confirm-stay"));
    await waitFor(() => expect(screen.queryByTestId("leave-confirm")).not.toBeInTheDocument());
    expect(screen.getByTestId("campaign-inspection")).toHaveAttribute("data-draft", String(id));
    expect(backend.callsTo("discard_draft")).toHaveLength(0);

    await user.click(screen.getByTestId("nav-accounts"));
    await user.click(within(await leaveDialog()).getByTestId("leave-confirm-discard"));
    expect(await screen.findByTestId("page-accounts", {}, PAGE_SHOWN)).toBeInTheDocument();
    await waitFor(() => expect(backend.callsTo("discard_draft")).toEqual([{ cmd: "discard_draft", args: { id } }]));
  });

  it("asks before 返回任务列表 leaves a wizard with only its name changed", async () => {
    const { user, backend } = await openWizard();
    await user.type(screen.getByTestId("campaign-name"), " 会员日");
    await user.click(screen.getByTestId("campaign-wizard-exit"));
    await user.click(within(await leaveDialog()).getByTestId("leave-confirm-discard"));
    expect(await screen.findByTestId("page-campaigns", {}, PAGE_SHOWN)).toBeInTheDocument();
    expect(backend.callsTo("create_draft")).toHaveLength(0);
  });

  it("leaves an untouched wizard without asking", async () => {
    const { user } = await openWizard();
    await user.click(screen.getByTestId("campaign-wizard-exit"));
    expect(await screen.findByTestId("page-campaigns", {}, PAGE_SHOWN)).toBeInTheDocument();
    await user.click(screen.getByTestId("campaigns-new"));
    await screen.findByTestId("campaign-template");
    await user.click(screen.getByTestId("nav-log"));
    expect(await screen.findByTestId("page-log", {}, PAGE_SHOWN)).toBeInTheDocument();
    expect(screen.queryByTestId("leave-confirm")).not.toBeInTheDocument();
  });

  it("has the window warn before it is closed or reloaded with work in the wizard", async () => {
    const { user } = await openWizard();
    const untouched = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(untouched);
    expect(untouched.defaultPrevented).toBe(false);

    await user.type(screen.getByTestId("campaign-name"), "x");
    const touched = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(touched);
    expect(touched.defaultPrevented).toBe(true);
  });

  it("asks before 去设置 leaves the send step, and not once the draft became a campaign", async () => {
    const view = await openWizard({ testRecipients: {} });
    const { user, backend } = view;
    await readFile(view);
    await user.click(screen.getByTestId("campaign-next"));
    await screen.findByTestId("campaign-report");
    // The file has no column the amount maps to automatically: no row is valid until it is given.
    await user.type(screen.getByTestId("campaign-value-amount5"), "￥10.00");
    await user.click(screen.getByTestId("campaign-validate"));
    await waitFor(() => expect(screen.getByTestId("campaign-next")).toBeEnabled());
    await user.click(screen.getByTestId("campaign-next"));

    const noTestList = await screen.findByTestId("campaign-test-empty");
    await user.click(within(noTestList).getByRole("button", { name: /去设置/ }));
    await user.click(within(await leaveDialog()).getByTestId("leave-confirm-stay"));
    await waitFor(() => expect(screen.queryByTestId("leave-confirm")).not.toBeInTheDocument());
    expect(screen.getByTestId("campaign-start")).toBeInTheDocument();

    // The campaign is made but does not start: the draft is gone into it, and it waits in the list.
    const id = Number(Object.keys(backend.drafts)[0]);
    backend.failures.start_draft = { code: "busy", message: "campaign 9 is being sent by another window" };
    await user.click(screen.getByTestId("campaign-start"));
    delete backend.drafts[id];
    await user.click(await screen.findByTestId("campaign-confirm-ok"));
    expect(await screen.findByTestId("campaign-launch-list")).toBeInTheDocument();
    await user.click(screen.getByTestId("campaign-confirm-cancel"));

    await user.click(screen.getByTestId("nav-accounts"));
    expect(await screen.findByTestId("page-accounts", {}, PAGE_SHOWN)).toBeInTheDocument();
    expect(screen.queryByTestId("leave-confirm")).not.toBeInTheDocument();
  }, 120_000);
});
