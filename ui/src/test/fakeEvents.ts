/**
 * A stand-in for `@tauri-apps/api/event` in tests: `listen` registers handlers here and
 * `emitEvent` calls them, as the Rust side's `emit` would. Use with
 * `vi.mock("@tauri-apps/api/event", () => import("../../test/fakeEvents"))`.
 */
import type { EventCallback, UnlistenFn } from "@tauri-apps/api/event";

const handlers = new Map<string, Set<EventCallback<unknown>>>();
let nextId = 1;

export function listen<T>(event: string, handler: EventCallback<T>): Promise<UnlistenFn> {
  const set = handlers.get(event) ?? new Set();
  handlers.set(event, set);
  const callback = handler as EventCallback<unknown>;
  set.add(callback);
  return Promise.resolve(() => {
    set.delete(callback);
  });
}

/** Delivers `payload` to every current listener of `event`. */
export function emitEvent(event: string, payload: unknown): void {
  for (const handler of [...(handlers.get(event) ?? [])]) void handler({ event, id: nextId++, payload });
}

/** How many listeners `event` has now (to check unsubscribe on unmount). */
export function listenerCount(event: string): number {
  return handlers.get(event)?.size ?? 0;
}

export function resetEvents(): void {
  handlers.clear();
}
