import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { expect } from "vitest";
import { ORDER_SHIPPED } from "../../../test/templateFixtures";

/**
 * The wizard's first steps as the tests take them: 订单发货通知, the picked file `path` read,
 * then the mapping step. Returns its report.
 */
export async function readPickedList(user: UserEvent, path: string): Promise<HTMLElement> {
  await screen.findByTestId("campaign-template");
  fireEvent.mouseDown(within(screen.getByTestId("campaign-template")).getByRole("combobox"));
  fireEvent.click(screen.getAllByTestId(`campaign-template-option-${ORDER_SHIPPED.templateId}`).at(-1) as HTMLElement);
  await user.click(screen.getByTestId("campaign-file-browse"));
  await waitFor(() => expect(screen.getByTestId("campaign-file-path")).toHaveValue(path));
  await user.click(screen.getByTestId("campaign-inspect"));
  await screen.findByTestId("campaign-inspection");
  await user.click(screen.getByTestId("campaign-next"));
  return screen.findByTestId("campaign-report");
}
