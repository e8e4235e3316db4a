import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { useConfirmLeave, useUnsavedWork, type UnsavedWork } from "./unsavedWork";
import { UnsavedWorkProvider } from "./UnsavedWorkProvider";

function Piece({ work }: { work: UnsavedWork | null }) {
  useUnsavedWork(work);
  return null;
}

function LeaveButton({ leave }: { leave: () => void }) {
  const confirmLeave = useConfirmLeave();
  return <button onClick={() => confirmLeave(leave)}>leave</button>;
}

function renderGuard(works: (UnsavedWork | null)[], leave = vi.fn()) {
  const user = userEvent.setup();
  render(
    <UnsavedWorkProvider>
      {works.map((work, index) => (
        <Piece key={index} work={work} />
      ))}
      <LeaveButton leave={leave} />
    </UnsavedWorkProvider>,
  );
  return { user, leave };
}

const dialogClosed = () => waitFor(() => expect(screen.queryByTestId("leave-confirm")).not.toBeInTheDocument());

describe("unsaved work guard", () => {
  it("leaves at once when no piece of work is unsaved", async () => {
    const { user, leave } = renderGuard([null]);
    await user.click(screen.getByRole("button", { name: "leave" }));
    expect(leave).toHaveBeenCalledOnce();
    expect(screen.queryByTestId("leave-confirm")).not.toBeInTheDocument();
  });

  it("asks about each unsaved piece in turn, and leaves only once every one is answered", async () => {
    const save = vi.fn(() => Promise.resolve());
    const { user, leave } = renderGuard([
      { title: "名单没有保存", description: "a", save },
      null,
      { title: "任务没有开始", description: "b", discardLabel: "放弃任务" },
    ]);
    await user.click(screen.getByRole("button", { name: "leave" }));
    const first = await screen.findByTestId("leave-confirm");
    expect(first).toHaveTextContent("名单没有保存");
    await user.click(within(first).getByTestId("leave-confirm-save"));
    expect(save).toHaveBeenCalledOnce();

    await waitFor(() => expect(screen.getByTestId("leave-confirm")).toHaveTextContent("任务没有开始"));
    expect(leave).not.toHaveBeenCalled();
    await user.click(within(screen.getByTestId("leave-confirm")).getByTestId("leave-confirm-discard"));
    expect(leave).toHaveBeenCalledOnce();
    await dialogClosed();
  });

  it("stays when saving fails or the user keeps editing", async () => {
    const save = vi.fn(() => Promise.reject(new Error("refused")));
    const { user, leave } = renderGuard([{ title: "名单没有保存", description: "a", save }]);
    await user.click(screen.getByRole("button", { name: "leave" }));
    await user.click(within(await screen.findByTestId("leave-confirm")).getByTestId("leave-confirm-save"));
    await dialogClosed();

    await user.click(screen.getByRole("button", { name: "leave" }));
    await user.click(within(await screen.findByTestId("leave-confirm")).getByTestId("leave-confirm-stay"));
    await dialogClosed();
    expect(leave).not.toHaveBeenCalled();
  });
});
