import { screen } from "@testing-library/react";
import type { AccountSummary } from "../../../ipc";
import { REAL_ACCOUNT } from "../../../test/fakeBackend";
import { FAST_USER, appReady, renderApp } from "../../../test/renderApp";

/** The user-event instance `renderApp` hands back. */
export type TestUser = ReturnType<typeof renderApp>["user"];

/** An Official Account with two bound mini programs; not among the fake backend's accounts unless given. */
export const OFFICIAL_ACCOUNT: AccountSummary = {
  ...REAL_ACCOUNT,
  id: 3,
  name: "门店服务号",
  kind: "official_account",
  appid: "wx9f8e7d6c5b4a3210",
  miniPrograms: ["wx1111111111111111", "wx2222222222222222"],
};

/** The form item (label, input, help and error) around a form control. */
export function fieldOf(testId: string): HTMLElement {
  const item = screen.getByTestId(testId).closest<HTMLElement>(".ant-form-item");
  if (!item) throw new Error(`no form item around ${testId}`);
  return item;
}

/** Puts text into a field the way pasting does (much faster than typing it key by key). */
export async function fill(user: TestUser, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

/** The accounts page, once the real account's card is there. */
export async function openAccounts(options?: Parameters<typeof renderApp>[1]) {
  const view = renderApp("/accounts", options, FAST_USER);
  await appReady();
  await screen.findByTestId(`account-card-${REAL_ACCOUNT.id}`);
  return view;
}
