import { useCallback, useEffect, useRef, useState } from "react";
import { call, commands, toIpcError, type ConnectionReport, type IpcError } from "../../ipc";

export type ConnectionTestState =
  | { status: "running" }
  | { status: "done"; report: ConnectionReport }
  | { status: "error"; error: IpcError };

export type FinishedConnectionTest = Exclude<ConnectionTestState, { status: "running" }>;

/** Whether a test ended without a working connection (WeChat refused, or the test could not run). */
export function connectionFailed(state: ConnectionTestState): boolean {
  return state.status === "error" || (state.status === "done" && !state.report.ok);
}

/**
 * Connection tests run per account, several at a time if the user wants; each row shows its
 * own spinner and result. Results stay until dismissed or the test runs again.
 */
export function useConnectionTests() {
  const [results, setResults] = useState<Partial<Record<number, ConnectionTestState>>>({});
  // A test can outlast the page; what the page decides from its outcome (such as switching the
  // current account) must not happen under another page the user went on to.
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback((id: number, onFinished?: (result: FinishedConnectionTest) => void) => {
    setResults((prev) => ({ ...prev, [id]: { status: "running" } }));
    const finish = (result: FinishedConnectionTest) => {
      setResults((prev) => ({ ...prev, [id]: result }));
      if (mounted.current) onFinished?.(result);
    };
    call(commands.testConnection(id)).then(
      (report) => finish({ status: "done", report }),
      (error: unknown) => finish({ status: "error", error: toIpcError(error) }),
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
