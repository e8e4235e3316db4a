import { createContext, useContext, useEffect, useRef, type ReactNode } from "react";

/** What a page would lose if the user left it now, worded for the question asked before leaving. */
export type UnsavedWork = {
  /** Names what would be lost. */
  title: string;
  /** What leaving does to it. */
  description: ReactNode;
  /** The button that throws the work away, when "放弃更改" does not fit (e.g. "放弃任务"). */
  discardLabel?: string;
  /**
   * Keeps the work, then leaving goes on. Rejects when it could not be kept: the user stays, and
   * the page shows why. Without it the question offers only to keep editing or to discard.
   */
  save?: () => Promise<unknown>;
};

/** The latest wording of one page's work; null while it has none. */
export type UnsavedWorkRef = { readonly current: UnsavedWork | null };

export type UnsavedWorkGuard = {
  /** Counts the page's work as unsaved until the returned function is called. */
  register: (work: UnsavedWorkRef) => () => void;
  /** Runs `leave` at once when nothing would be lost; otherwise after asking, if the user agrees. */
  confirmLeave: (leave: () => void) => void;
};

export const UnsavedWorkContext = createContext<UnsavedWorkGuard | null>(null);

function useGuard(): UnsavedWorkGuard {
  const guard = useContext(UnsavedWorkContext);
  if (!guard) throw new Error("unsaved work is declared outside <UnsavedWorkProvider>");
  return guard;
}

/**
 * Declares the page's unsaved work while `work` is not null: leaving through the app asks first
 * (see `useConfirmLeave`), and closing or reloading the page warns.
 */
export function useUnsavedWork(work: UnsavedWork | null): void {
  const guard = useGuard();
  const latest = useRef(work);
  // The wording and `save` change with every render; the question must use the newest.
  useEffect(() => {
    latest.current = work;
  });
  const active = work !== null;
  useEffect(() => (active ? guard.register(latest) : undefined), [active, guard]);
}

/**
 * How anything that takes the user off the current page leaves: `confirmLeave(() => navigate(to))`.
 * Leaving that keeps the work (e.g. to the campaign just started) needs no question: navigate directly.
 */
export function useConfirmLeave(): UnsavedWorkGuard["confirmLeave"] {
  return useGuard().confirmLeave;
}
