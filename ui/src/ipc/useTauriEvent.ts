import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { useEffect, useRef } from "react";

/**
 * Stops listening. The event bridge may already be gone (the window closing, a test's mocks
 * cleared) when a late `listen` resolves: there is nothing left to stop then, and no one to
 * tell, so the failure is dropped instead of surfacing as an unhandled rejection.
 */
function stopListening(stop: UnlistenFn) {
  void Promise.resolve()
    .then(stop)
    .catch(() => undefined);
}

/**
 * Calls `onEvent` with the payload of every `event` while mounted. Subscribes once per mount
 * (and per `key`), and unsubscribes on unmount, even when `listen` resolves after the component
 * is gone.
 */
export function useTauriEvent<T>(event: string, onEvent: (payload: T) => void, key: unknown = null) {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    let disposed = false;
    let unlisten: UnlistenFn | null = null;
    listen<T>(event, (e) => handler.current(e.payload))
      .then((stop) => {
        if (disposed) stopListening(stop);
        else unlisten = stop;
      })
      .catch((error: unknown) => console.warn(`${event}: cannot listen`, error));
    return () => {
      disposed = true;
      if (unlisten) stopListening(unlisten);
    };
  }, [event, key]);
}
