import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { LeaveConfirmDialog } from "./LeaveConfirmDialog";
import { UnsavedWorkContext, type UnsavedWork, type UnsavedWorkGuard, type UnsavedWorkRef } from "./unsavedWork";

/** A leave the user is being asked about: the works not yet answered for, and where to go after. */
type Asking = { works: readonly UnsavedWork[]; leave: () => void };

const unsavedIn = (registered: ReadonlySet<UnsavedWorkRef>): UnsavedWork[] =>
  [...registered].flatMap((work) => (work.current ? [work.current] : []));

/**
 * Keeps track of the unsaved work the shown pages declare (`useUnsavedWork`). Leaving through
 * `useConfirmLeave` asks about each piece before going; closing or reloading the page warns.
 */
export function UnsavedWorkProvider({ children }: { children: ReactNode }) {
  const registered = useRef(new Set<UnsavedWorkRef>());
  const [asking, setAsking] = useState<Asking | null>(null);

  const guard = useMemo<UnsavedWorkGuard>(
    () => ({
      register: (work) => {
        registered.current.add(work);
        return () => {
          registered.current.delete(work);
        };
      },
      confirmLeave: (leave) => {
        const works = unsavedIn(registered.current);
        if (works.length === 0) leave();
        else setAsking({ works, leave });
      },
    }),
    [],
  );

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (unsavedIn(registered.current).length === 0) return;
      event.preventDefault();
      // Webviews that predate preventDefault() here only ask when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  // Saved or discarded: ask about the next piece, or leave when none is left.
  const answered = () => {
    if (!asking) return;
    const [, ...rest] = asking.works;
    if (rest.length > 0) {
      setAsking({ ...asking, works: rest });
    } else {
      setAsking(null);
      asking.leave();
    }
  };

  return (
    <UnsavedWorkContext value={guard}>
      {children}
      <LeaveConfirmDialog work={asking?.works[0] ?? null} onStay={() => setAsking(null)} onLeave={answered} />
    </UnsavedWorkContext>
  );
}
