import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DraftInput } from "../../ipc";
import { REAL_ACCOUNT, SANDBOX_ACCOUNT } from "../../test/fakeBackend";
import { resetEvents } from "../../test/fakeEvents";
import { DEMO_FOLLOWERS } from "../../test/fakeFollowers";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SANDBOX_TEMPLATES } from "../../test/templateFixtures";
import { OFFICIAL_ACCOUNT } from "../accounts/testing/accountsPage";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));
afterEach(resetEvents);

/** Holds every page of followers after the first until `open`: what the wizard shows meanwhile can be looked at. */
function holdAfterFirstPage() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait: (page: number) => (page === 0 ? Promise.resolve() : opened), open: () => open() };
}

async function openWizard(overrides: Parameters<typeof renderApp>[1] = {}) {
  const view = renderApp(
    "/campaigns/new",
    {
      accounts: [SANDBOX_ACCOUNT, REAL_ACCOUNT, OFFICIAL_ACCOUNT],
      prefs: { language: "zh-CN", theme: "light", showSandbox: true, selectedAccountId: OFFICIAL_ACCOUNT.id },
      templates: { [OFFICIAL_ACCOUNT.id]: SANDBOX_TEMPLATES, [REAL_ACCOUNT.id]: SANDBOX_TEMPLATES },
      ...overrides,
    },
    FAST_USER,
  );
  await appReady();
  await screen.findByTestId("campaign-template");
  return view;
}

function chooseOption(selectTestId: string, optionTestId: string) {
  fireEvent.mouseDown(within(screen.getByTestId(selectTestId)).getByRole("combobox"));
  fireEvent.click(screen.getAllByTestId(optionTestId).at(-1) as HTMLElement);
}

/** Chooses a tag in the tag select, once the tags are listed. */
async function chooseTag(id: string) {
  fireEvent.mouseDown(within(screen.getByTestId("followers-tags")).getByRole("combobox"));
  fireEvent.click((await screen.findAllByTestId(`followers-tag-option-${id}`)).at(-1) as HTMLElement);
}

const inputs = (backend: Awaited<ReturnType<typeof openWizard>>["backend"]) =>
  backend.callsTo("create_draft").map((call) => (call.args as { input: DraftInput }).input);

describe("followers as a campaign's recipients", () => {
  it("fetches the followers with two tags and every one of them, showing the pages' progress, then how many", async () => {
    const pages = holdAfterFirstPage();
    const { user, backend } = await openWizard({ beforeFollowerPage: pages.wait });
    chooseOption("campaign-template", `campaign-template-option-${ORDER_SHIPPED.templateId}`);
    await user.click(screen.getByTestId("audience-followers"));
    // All followers is the first choice; the tags are there with their counts, and choosing one is choosing by tag.
    expect(screen.getByTestId("followers-all")).toBeChecked();
    expect(screen.getByTestId("followers-match-all")).toBeDisabled();
    await waitFor(() => expect(backend.callsTo("follower_tags")).toHaveLength(1));
    fireEvent.mouseDown(within(screen.getByTestId("followers-tags")).getByRole("combobox"));
    expect((await screen.findAllByTestId("followers-tag-option-100")).at(-1)).toHaveTextContent("VIP1,786 人");
    await chooseTag("100");
    await chooseTag("101");
    expect(screen.getByTestId("followers-by-tags")).toBeChecked();
    await user.click(screen.getByTestId("followers-match-all"));

    await user.click(screen.getByTestId("followers-fetch"));
    // The first tag's page is in; the second waits: the progress says how far, and the button waits too.
    const progress = await screen.findByTestId("followers-progress");
    await waitFor(() => expect(progress).toHaveTextContent("已获取 1,786 / 5,953"));
    expect(progress).toHaveAttribute("data-total", "5953");
    expect(screen.getByTestId("followers-fetch")).toBeDisabled();
    await user.click(screen.getByTestId("followers-fetch"));
    expect(inputs(backend)).toHaveLength(1);
    expect(inputs(backend)[0]).toMatchObject({
      accountId: OFFICIAL_ACCOUNT.id,
      source: { kind: "followers", tagIds: ["100", "101"], matchAll: true },
      encoding: null,
    });

    pages.open();
    const followers = await screen.findByTestId("campaign-inspection-followers");
    // Followers with both VIP and 北京: every 21st of the 12,500.
    expect(followers).toHaveTextContent("关注者：VIP、北京（同时有全部标签）· 596 人");
    expect(screen.getByTestId("campaign-inspection-rows")).toHaveAttribute("data-value", "596");
    expect(screen.getByTestId("campaign-inspection-format")).toHaveTextContent("服务号的关注者");
    expect(screen.queryByTestId("followers-progress")).not.toBeInTheDocument();
    expect(screen.queryByTestId("campaign-inspection-encoding")).not.toBeInTheDocument();
    // The one column is the openid, the first follower on row 2.
    const sample = screen.getByTestId("campaign-inspection-sample");
    expect(within(sample).getByText(DEMO_FOLLOWERS.openids[0] ?? "").closest("tr")).toHaveTextContent(/^2/);
    expect(screen.getByTestId("campaign-next")).toBeEnabled();
  });

  it("takes every follower when no tag is asked for", async () => {
    const { user, backend } = await openWizard();
    await user.click(screen.getByTestId("audience-followers"));
    await user.click(screen.getByTestId("followers-fetch"));
    expect(await screen.findByTestId("campaign-inspection-followers")).toHaveTextContent("关注者：全部 · 12,500 人");
    expect(inputs(backend)[0]?.source).toEqual({ kind: "followers", tagIds: [], matchAll: false });
  });

  it("waits for a tag when by tag is chosen without one", async () => {
    const { user } = await openWizard();
    await user.click(screen.getByTestId("audience-followers"));
    await user.click(screen.getByTestId("followers-by-tags"));
    expect(screen.getByTestId("followers-fetch")).toBeDisabled();
    expect(screen.getByTestId("followers-source")).toHaveTextContent("请先选择至少一个标签");
    expect(screen.getByTestId("followers-match-all")).toBeEnabled();
    await chooseTag("2");
    expect(screen.getByTestId("followers-fetch")).toBeEnabled();
    // Back to everyone: the tag stays chosen, and no longer counts.
    await user.click(screen.getByTestId("followers-all"));
    expect(screen.getByTestId("followers-fetch")).toBeEnabled();
    expect(screen.getByTestId("followers-match-all")).toBeDisabled();
  });

  it("says plainly when a tag is gone, and lists the tags again", async () => {
    const { user, backend } = await openWizard();
    await user.click(screen.getByTestId("audience-followers"));
    await waitFor(() => expect(backend.callsTo("follower_tags")).toHaveLength(1));
    await chooseTag("101");
    // Someone deletes 北京 on WeChat meanwhile.
    backend.followers[OFFICIAL_ACCOUNT.id] = { ...DEMO_FOLLOWERS, tags: DEMO_FOLLOWERS.tags.filter((tag) => tag.id !== "101") };
    await user.click(screen.getByTestId("followers-fetch"));
    const error = await screen.findByTestId("campaign-inspect-error");
    expect(error).toHaveTextContent("无法获取关注者");
    expect(error).toHaveTextContent("账号没有编号为 101 的标签（可能已被删除），请重新选择标签");
    expect(error).not.toHaveTextContent("tags:");
    await waitFor(() => expect(backend.callsTo("follower_tags")).toHaveLength(2));
    expect(screen.queryByTestId("campaign-inspection")).not.toBeInTheDocument();
  });

  it("is not offered for a mini program, which has no followers", async () => {
    const { backend } = await openWizard({ prefs: { language: "zh-CN", theme: "light", showSandbox: true, selectedAccountId: REAL_ACCOUNT.id } });
    expect(screen.getByTestId("campaign-source-file")).toBeInTheDocument();
    expect(screen.getByTestId("campaign-source-paste")).toBeInTheDocument();
    expect(screen.queryByTestId("audience-followers")).not.toBeInTheDocument();
    expect(backend.callsTo("follower_tags")).toHaveLength(0);
  });

  it("speaks English", async () => {
    const { user } = await openWizard({ prefs: { language: "en", theme: "light", showSandbox: true, selectedAccountId: OFFICIAL_ACCOUNT.id } });
    await user.click(screen.getByTestId("audience-followers"));
    expect(screen.getByTestId("followers-source")).toHaveTextContent("All followers");
    await user.click(screen.getByTestId("followers-fetch"));
    expect(await screen.findByTestId("campaign-inspection-followers")).toHaveTextContent("Followers: all · 12,500 people");
  });
});
