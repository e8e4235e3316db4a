import type { QueryClient } from "@tanstack/react-query";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { LogFilter } from "../../ipc";
import type * as QueryClientModule from "../../ipc/queryClient";
import { REAL_ACCOUNT } from "../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../test/renderApp";
import { ORDER_SHIPPED, SERVICE_PROGRESS } from "../../test/templateFixtures";
import { campaign, entry } from "./testing/fixtures";

vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"));

// The app's query client, so a test can drop the cached rows as the cache does after a while.
const made = vi.hoisted(() => ({ clients: [] as QueryClient[] }));
vi.mock("../../ipc/queryClient", async (importOriginal) => {
  const original = await importOriginal<typeof QueryClientModule>();
  return {
    ...original,
    createQueryClient: () => {
      const client = original.createQueryClient();
      made.clients.push(client);
      return client;
    },
  };
});

/** 230 sends of campaign 7 (ids 1…230), and one of the test campaign 8 to another openid. */
function log() {
  return [
    ...Array.from({ length: 230 }, (_, i) => entry({ id: i + 1, openid: `oPtYgjmUhBel31iEl2hpCh${String(i).padStart(6, "0")}` })),
    entry({ id: 231, openid: "oOtherOpenid000000000000001", campaignId: 8, campaignKind: "test", campaignName: "测试发送", status: "failed", errcode: 47003, msgid: null }),
  ];
}

async function openLog(path = "/log") {
  const view = renderApp(
    path,
    {
      logEntries: log(),
      campaigns: [campaign({ id: 7 }), campaign({ id: 8, name: "测试发送", kind: "test" })],
      templates: { [REAL_ACCOUNT.id]: [ORDER_SHIPPED, SERVICE_PROGRESS] },
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

const NARROWED: LogFilter = { ...ANY, accountId: null, campaignId: 7, status: ["sent"], openid: "oPtYgjmUhBel", openidPrefix: true };

function openSelect(testId: string) {
  fireEvent.mouseDown(within(screen.getByTestId(testId)).getByRole("combobox"));
}

/** Everything the filter bar can hold except dates: all accounts, a campaign, a status, an openid prefix. */
async function narrow({ user, backend }: Awaited<ReturnType<typeof openLog>>) {
  await screen.findByTestId("log-row-231");
  await user.click(screen.getByTestId("log-scope-all"));
  openSelect("log-campaign");
  fireEvent.click(await screen.findByTestId("log-campaign-option-7"));
  openSelect("log-status");
  fireEvent.click(await screen.findByTestId("log-status-option-sent"));
  await user.type(screen.getByTestId("log-openid"), "oPtYgjmUhBel");
  await user.click(screen.getByTestId("log-openid-prefix"));
  await waitFor(() => expect(lastFilter(backend)).toEqual(NARROWED));
  await waitFor(() => expect(screen.getAllByTestId(/^log-row-/)).toHaveLength(100));
}

/** Leaves the log for 任务 and comes back through the menu. */
async function awayAndBack(user: Awaited<ReturnType<typeof openLog>>["user"]) {
  await user.click(screen.getByTestId("nav-campaigns"));
  await screen.findByTestId("page-campaigns");
  expect(screen.queryByTestId("page-log")).not.toBeInTheDocument();
  await user.click(screen.getByTestId("nav-log"));
  await screen.findByTestId("page-log");
}

/** What the filter bar shows. */
function expectBarShowsNarrowed() {
  expect(within(screen.getByTestId("log-scope")).getByTestId("log-scope-all").closest(".ant-segmented-item")).toHaveClass(
    "ant-segmented-item-selected",
  );
  expect(screen.getByTestId("log-campaign")).toHaveTextContent("双十一会员提醒");
  expect(screen.getByTestId("log-status")).toHaveTextContent("已发送");
  expect(screen.getByTestId("log-openid")).toHaveValue("oPtYgjmUhBel");
  expect(screen.getByTestId("log-openid-prefix")).toBeChecked();
}

describe("send log memory", () => {
  it("keeps the filters, the typed openid and the rows shown when the user leaves the log and comes back", async () => {
    const view = await openLog();
    const { user, backend } = view;
    await narrow(view);
    await user.click(screen.getByTestId("log-more"));
    await waitFor(() => expect(screen.getAllByTestId(/^log-row-/)).toHaveLength(200));

    await awayAndBack(user);

    expect(window.location.hash).toBe("#/log");
    await waitFor(() => expect(screen.getAllByTestId(/^log-row-/)).toHaveLength(200));
    expect(lastFilter(backend)).toEqual(NARROWED);
    expectBarShowsNarrowed();
    expect(screen.getByTestId("log-shown")).toHaveTextContent("已显示 200 / 共 230 次发送");
  });

  it("loads the rows shown again when the cache has let them go meanwhile", async () => {
    const view = await openLog();
    const { user, backend } = view;
    await narrow(view);
    await user.click(screen.getByTestId("log-more"));
    await waitFor(() => expect(screen.getAllByTestId(/^log-row-/)).toHaveLength(200));

    await user.click(screen.getByTestId("nav-campaigns"));
    await screen.findByTestId("page-campaigns");
    made.clients[made.clients.length - 1]?.removeQueries({ queryKey: ["log"] });
    const before = backend.callsTo("log_page").length;
    await user.click(screen.getByTestId("nav-log"));

    await waitFor(() => expect(screen.getAllByTestId(/^log-row-/)).toHaveLength(200));
    const again = backend.callsTo("log_page").slice(before);
    expect(again.map((c) => (c.args as { filter: LogFilter }).filter)).toEqual([NARROWED, NARROWED]);
    expect(again.map((c) => (c.args as { cursor: { id: number } | null }).cursor?.id ?? null)).toEqual([null, 131]);
    expectBarShowsNarrowed();
  });

  it("clears everything with 清除筛选 after coming back, and stays cleared", async () => {
    const view = await openLog();
    const { user, backend } = view;
    await narrow(view);
    await awayAndBack(user);
    await waitFor(() => expect(lastFilter(backend)).toEqual(NARROWED));

    await user.click(screen.getByTestId("log-reset"));
    // The scope is a view, not a filter: it stays on all accounts.
    await waitFor(() => expect(lastFilter(backend)).toEqual({ ...ANY, accountId: null }));
    expect(screen.getByTestId("log-openid")).toHaveValue("");
    expect(screen.getByTestId("log-openid-prefix")).not.toBeChecked();
    expect(screen.getByTestId("log-status")).not.toHaveTextContent("已发送");

    await awayAndBack(user);
    await waitFor(() => expect(screen.getAllByTestId(/^log-row-/)).toHaveLength(100));
    expect(lastFilter(backend)).toEqual({ ...ANY, accountId: null });
    expect(screen.getByTestId("log-openid")).toHaveValue("");
  });

  it("applies the campaign of a 在日志中查看 link instead of the remembered filters, and remembers that", async () => {
    const view = await openLog();
    const { user, backend } = view;
    await narrow(view);

    // A campaign's report, reached from a send's details, links to the log of that campaign.
    await user.click(screen.getByTestId("log-row-230"));
    await user.click(await within(await screen.findByTestId("log-detail-body")).findByTestId("log-campaign-report"));
    await screen.findByTestId("campaign-report");
    await user.click(await screen.findByTestId("report-open-log"));
    await screen.findByTestId("page-log");

    const linked: LogFilter = { ...ANY, campaignId: 7 };
    await waitFor(() => expect(lastFilter(backend)).toEqual(linked));
    expect(window.location.hash).toBe(`#/log?campaign=7&account=${REAL_ACCOUNT.id}`);
    expect(screen.getByTestId("log-openid")).toHaveValue("");
    expect(screen.getByTestId("log-openid-prefix")).not.toBeChecked();
    expect(screen.getByTestId("log-campaign")).toHaveTextContent("双十一会员提醒");
    expect(within(screen.getByTestId("log-scope")).getByTestId("log-scope-account").closest(".ant-segmented-item")).toHaveClass(
      "ant-segmented-item-selected",
    );

    await awayAndBack(user);
    await waitFor(() => expect(lastFilter(backend)).toEqual(linked));
    expect(screen.getByTestId("log-campaign")).toHaveTextContent("双十一会员提醒");
    expect(screen.getByTestId("log-openid")).toHaveValue("");
  });
});
