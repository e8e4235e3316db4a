import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError, type AuditFilter, type IpcError } from "../../ipc";
import { auditExportPath, exportLanguage } from "./model";
import { useExportAudit, usePickAuditExportPath } from "./useAudit";

/** Where an export stands once the user has chosen a file. */
export type AuditExportState =
  | { kind: "idle" }
  /** The file exists: the export waits for "replace?" with the filter it was asked for. */
  | { kind: "exists"; filter: AuditFilter; path: string; error: IpcError }
  | { kind: "done"; path: string; rows: number }
  | { kind: "failed"; error: IpcError };

const IDLE: AuditExportState = { kind: "idle" };

/**
 * The audit export: ask where (the save dialog, from the core's suggestion), write the CSV,
 * and when the file exists ask before replacing it: the core refuses without `overwrite`.
 */
export function useAuditExport() {
  const { i18n } = useTranslation();
  const pick = usePickAuditExportPath();
  const write = useExportAudit();
  const [state, setState] = useState<AuditExportState>(IDLE);

  const run = (filter: AuditFilter, path: string, overwrite: boolean) => {
    setState(IDLE);
    write.mutate(
      { filter, path, lang: exportLanguage(i18n.language), overwrite },
      {
        onSuccess: (rows) => setState({ kind: "done", path, rows }),
        onError: (error) => {
          const refused = toIpcError(error);
          // Kept as the error, not its text: the message follows a language switch.
          setState(refused.code === "file_exists" && !overwrite ? { kind: "exists", filter, path, error: refused } : { kind: "failed", error: refused });
        },
      },
    );
  };

  /** Exports exactly `filter`: what the table shows when the button is pressed. */
  const start = (filter: AuditFilter) => {
    setState(IDLE);
    pick.mutate(undefined, {
      onSuccess: (picked) => {
        if (picked !== null) run(filter, auditExportPath(picked), false);
      },
    });
  };

  const replace = () => {
    if (state.kind === "exists") run(state.filter, state.path, true);
  };

  return { state, busy: pick.isPending || write.isPending, start, replace, dismiss: () => setState(IDLE) };
}
