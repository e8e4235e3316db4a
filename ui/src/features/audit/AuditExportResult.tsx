import { CheckCircleFilled } from "@ant-design/icons";
import { Alert } from "antd";
import { useTranslation } from "react-i18next";
import { ShowInFolderButton } from "../../components/ShowInFolderButton";
import { useFormat } from "../../i18n/useFormat";
import { ReplaceFileQuestion } from "../sendlog/ReplaceFileQuestion";
import type { AuditExportState } from "./useAuditExport";

type AuditExportResultProps = {
  state: AuditExportState;
  onReplace: () => void;
  onDismiss: () => void;
};

/** What became of an export, above the table: "replace?", how many entries went where, or why not. */
export function AuditExportResult({ state, onReplace, onDismiss }: AuditExportResultProps) {
  const { t } = useTranslation("audit");
  const { t: tc } = useTranslation();
  const fmt = useFormat();

  switch (state.kind) {
    case "idle":
      return null;
    case "exists":
      return <ReplaceFileQuestion path={state.path} detail={state.error.message} onReplace={onReplace} onKeep={onDismiss} testIdPrefix="audit-export" />;
    case "done":
      return (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleFilled />}
          data-testid="audit-export-done"
          data-rows={state.rows}
          closable={{ onClose: onDismiss, "aria-label": t("export.close") }}
          title={t("export.done", { count: state.rows, n: fmt.number(state.rows), path: state.path })}
          action={
            <ShowInFolderButton path={state.path} size="small" testId="audit-export-show-in-folder">
              {t("export.showInFolder")}
            </ShowInFolderButton>
          }
        />
      );
    case "failed":
      // A refusal such as `invalid_input` (no such folder, not a file name) says why itself.
      return (
        <Alert
          type="error"
          showIcon
          data-testid="audit-export-error"
          data-code={state.error.code}
          closable={{ onClose: onDismiss, "aria-label": t("export.close") }}
          title={`${t("export.failed")} · ${tc(`error.${state.error.code}`)}`}
          description={state.error.message}
        />
      );
  }
}
