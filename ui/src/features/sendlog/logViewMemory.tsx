import { createContext, useContext, useState, type ReactNode } from "react";
import type { CustomDays } from "./LogFilters";
import type { FilterState } from "./model";

/** What the send log looked like when the user left it. */
export type LogView = {
  filter: FilterState;
  /** The days picked for a custom range (shown again in the picker). */
  customDays: CustomDays;
  /** The account selected then: if another one is selected by now, its campaign and template go. */
  accountId: number | null;
  /** The history entry whose link filter (`?campaign=`) was applied: coming back to it keeps later changes. */
  linkKey: string | null;
  /** How many pages of rows were loaded, and for which backend filter (as JSON). */
  pages: { filter: string; count: number } | null;
};

export type LogViewMemory = {
  read: () => LogView | null;
  remember: (view: Omit<LogView, "pages">) => void;
  rememberPages: (pages: LogView["pages"]) => void;
};

function createMemory(): LogViewMemory {
  let view: LogView | null = null;
  return {
    read: () => view,
    remember: (next) => {
      view = { pages: view?.pages ?? null, ...next };
    },
    rememberPages: (pages) => {
      if (view) view = { ...view, pages };
    },
  };
}

const LogViewMemoryContext = createContext<LogViewMemory | null>(null);

/**
 * Keeps the send log's filters while the user is on other pages. A context above the routes
 * rather than module state: it lives exactly as long as the app, and every fresh <App> (each
 * test) starts clean. It is a plain box, not React state, so remembering re-renders nothing.
 */
export function LogViewMemoryProvider({ children }: { children: ReactNode }) {
  const [memory] = useState(createMemory);
  return <LogViewMemoryContext.Provider value={memory}>{children}</LogViewMemoryContext.Provider>;
}

/** The app's log memory; outside the provider, one that forgets when the page goes. */
export function useLogViewMemory(): LogViewMemory {
  const shared = useContext(LogViewMemoryContext);
  const [own] = useState(createMemory);
  return shared ?? own;
}
