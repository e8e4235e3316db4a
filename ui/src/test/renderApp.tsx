import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../app/App";
import { installFakeBackend, type FakeBackend } from "./fakeBackend";

/** Renders the whole app at a route, against a fake backend. */
export function renderApp(path = "/", backendOverrides?: Parameters<typeof installFakeBackend>[0]) {
  const backend: FakeBackend = installFakeBackend(backendOverrides);
  window.location.hash = `#${path}`;
  const user = userEvent.setup();
  const view = render(<App />);
  return { ...view, user, backend };
}

/** Waits until preferences are loaded and the frame is shown. */
export function appReady() {
  return screen.findByTestId("app-ready");
}
