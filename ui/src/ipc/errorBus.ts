import { toIpcError, type IpcError } from "./errors";

type Listener = (error: IpcError) => void;

const listeners = new Set<Listener>();

/** Reports an error to whatever UI is listening (the app shows a notification). */
export function reportError(error: unknown): void {
  const ipcError = toIpcError(error);
  if (listeners.size === 0) {
    console.error(ipcError);
    return;
  }
  for (const listener of listeners) listener(ipcError);
}

export function subscribeErrors(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
