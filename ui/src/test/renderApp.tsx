import { render, screen } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { App } from "../app/App";
import { installFakeBackend, type FakeBackend } from "./fakeBackend";

type UserOptions = Parameters<typeof userEvent.setup>[0];

/**
 * user-event options for tests with many clicks: skips the `pointer-events` check, which walks
 * every ancestor's computed style on each event and is very slow in jsdom with antd's styles.
 */
export const FAST_USER = { pointerEventsCheck: PointerEventsCheckLevel.Never } as const satisfies UserOptions;

/** Renders the whole app at a route, against a fake backend. */
export function renderApp(
  path = "/",
  backendOverrides?: Parameters<typeof installFakeBackend>[0],
  userOptions?: UserOptions,
) {
  const backend: FakeBackend = installFakeBackend(backendOverrides);
  window.location.hash = `#${path}`;
  const user = userEvent.setup(userOptions);
  const view = render(<App />);
  return { ...view, user, backend };
}

/** Waits until preferences are loaded and the frame is shown. */
export function appReady() {
  return screen.findByTestId("app-ready");
}
