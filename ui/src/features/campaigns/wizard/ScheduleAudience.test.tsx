import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ScheduleSection } from "./ScheduleSection";
import { initialScheduleForm, type Rereadable, type ScheduleForm } from "./schedule";

/** Where a recurring campaign's runs find their recipients: its file read again, its followers fetched again, or a paste reused. */

const DAILY: ScheduleForm = { ...initialScheduleForm(), when: "repeat", repeatKind: "daily", at: new Date(2030, 11, 12, 10, 0).getTime() };

function renderSection(reread: Rereadable) {
  return render(<ScheduleSection form={DAILY} onChange={() => undefined} reread={reread} refusal={null} />);
}

describe("a series' recipients", () => {
  it("are fetched again before each run for followers", () => {
    renderSection("followers");
    expect(screen.getByTestId("campaign-audience-reread")).toBeEnabled();
    expect(screen.getByTestId("campaign-audience-reread")).toBeChecked();
    expect(screen.getByTestId("campaign-audience-reread").closest("label")).toHaveTextContent("每次发送前重新获取关注者（同样的标签）");
    expect(screen.getByTestId("campaign-audience-hint")).toHaveTextContent("新关注的人会收到");
  });

  it("are the file read again, or the pasted list every time", () => {
    const file = renderSection("file");
    expect(screen.getByTestId("campaign-audience-reread").closest("label")).toHaveTextContent("每次发送前重新读取同一个文件");
    file.unmount();
    renderSection(null);
    expect(screen.getByTestId("campaign-audience-reread")).toBeDisabled();
    expect(screen.getByTestId("campaign-audience-reuse")).toBeChecked();
    expect(screen.getByTestId("campaign-audience-hint")).toHaveTextContent("粘贴的名单无法重新读取");
  });
});
