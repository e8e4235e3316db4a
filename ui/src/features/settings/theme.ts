import type { Theme } from "../../bindings";

export const DEFAULT_THEME: Theme = "light";

/** Lets the browser chrome (scrollbars, native controls) follow the chosen theme. */
export function applyDocumentTheme(theme: Theme): void {
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}
