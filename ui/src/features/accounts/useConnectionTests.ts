import { useCallback, useState } from "react";
import { call, commands, toIpcError, type ConnectionReport, type IpcError } from "../../ipc";

export type ConnectionTestState =
  | { status: "running" }
  | { status: "done"; report: ConnectionReport }
  | { status: "error"; error: IpcError };

/**
 * Connection tests run per account, several at a time if the user wants; each row shows its
 * own spinner and result. Results stay until dismissed or the test runs again.
 */
export function useConnectionTests() {
  const [results, setResults] = useState<Partial<Record<number, ConnectionTestState>>>({});

  const run = useCallback((id: number) => {
    setResults((prev) => ({ ...prev, [id]: { status: "running" } }));
    call(commands.testConnection(id)).then(
      (report) => setResults((prev) => ({ ...prev, [id]: { status: "done", report } })),
      (error: unknown) => setResults((prev) => ({ ...prev, [id]: { status: "error", error: toIpcError(error) } })),
    );
  }, []);

  const dismiss = useCallback((id: number) => {
    setResults((prev) => {
      const next = { ...prev };
      delete next[id];
      return next;
    });
  }, []);

  return { results, run, dismiss };
}
