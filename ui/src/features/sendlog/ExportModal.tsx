import { CheckCircleFilled, FolderOpenOutlined, InfoCircleOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Input, Modal, Progress, Radio, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ShowInFolderButton } from "../../components/ShowInFolderButton";
import { DEFAULT_LANGUAGE, LANGUAGES } from "../../i18n";
import { useFormat } from "../../i18n/useFormat";
import { reportError, toIpcError, type ExportFormat, type ExportReport, type Language, type LogFilter } from "../../ipc";
import { formatOfPath, withExtension } from "./model";
import { ReplaceFileQuestion } from "./ReplaceFileQuestion";
import { cancelExport, useDefaultExportPath, useExportLog, useExportProgress, usePickExportPath } from "./useSendLog";

type ExportModalProps = {
  open: boolean;
  onClose: () => void;
  /** Exactly the filter of what the user sees. */
  filter: LogFilter;
  /** How many rows the filter matches, when counted. */
  expectedRows: number | undefined;
};

/** The export dialog; mounted only while open, so every opening starts fresh. */
export function ExportModal(props: ExportModalProps) {
  return props.open ? <ExportDialog {...props} /> : null;
}

function uiLanguage(language: string): Language {
  return (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : DEFAULT_LANGUAGE;
}

function ExportDialog({ onClose, filter, expectedRows }: ExportModalProps) {
  const { t, i18n } = useTranslation("sendlog");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const [format, setFormat] = useState<ExportFormat>("xlsx");
  // `null` until the user types or picks a path: the default for the format is shown.
  const [typedPath, setTypedPath] = useState<string | null>(null);
  const defaultPath = useDefaultExportPath(format, typedPath === null);
  const path = typedPath ?? defaultPath.data ?? "";
  const [rows, setRows] = useState(0);
  const [result, setResult] = useState<{ report: ExportReport; path: string } | null>(null);
  // Set when the backend refused because the file exists: the question waits for an answer.
  const [exists, setExists] = useState<{ path: string; message: string } | null>(null);
  const exportLog = useExportLog();
  const pick = usePickExportPath();
  const running = exportLog.isPending;

  useExportProgress((written) => {
    if (running) setRows((current) => Math.max(current, written));
  });

  const chooseFormat = (next: ExportFormat) => {
    setExists(null);
    setFormat(next);
    if (typedPath !== null) setTypedPath(withExtension(typedPath, next));
  };

  const browse = () => {
    pick.mutate(path || withExtension("pushdesk-log", format), {
      onSuccess: (picked) => {
        if (picked === null) return;
        setExists(null);
        setTypedPath(picked);
        const pickedFormat = formatOfPath(picked);
        if (pickedFormat) setFormat(pickedFormat);
      },
    });
  };

  const run = (target: string, overwrite: boolean) => {
    setRows(0);
    setResult(null);
    setExists(null);
    exportLog.mutate(
      { filter, path: target, lang: uiLanguage(i18n.language), overwrite },
      {
        onSuccess: (report) => setResult({ report, path: target }),
        onError: (error) => {
          const refused = toIpcError(error);
          if (refused.code === "file_exists" && !overwrite) setExists({ path: target, message: refused.message });
        },
      },
    );
  };

  const start = () => {
    // The backend picks the writer by extension: make it match the chosen format.
    run(formatOfPath(path) === format ? path.trim() : withExtension(path, format), false);
  };

  const cancel = () => {
    cancelExport().catch(reportError);
  };

  const close = () => {
    if (running) return;
    onClose();
  };

  // A refusal such as `invalid_input` (not a .csv/.xlsx name, no such folder) says why itself.
  const exportError = exportLog.isError ? toIpcError(exportLog.error) : null;
  const total = expectedRows;
  const percent = total && total > 0 ? Math.min(100, Math.floor((rows / total) * 100)) : undefined;
  const finished = result !== null && !running;

  const footer = running ? (
    <Button danger icon={<StopOutlined />} onClick={cancel} data-testid="log-export-cancel">
      {t("export.cancel")}
    </Button>
  ) : (
    <Space>
      <Button onClick={close} data-testid="log-export-close">
        {t("export.close")}
      </Button>
      <Button type="primary" onClick={start} disabled={path.trim() === "" || exists !== null} data-testid="log-export-start">
        {finished ? t("export.again") : t("export.start")}
      </Button>
    </Space>
  );

  return (
    <Modal
      open
      title={t("export.title")}
      onCancel={close}
      closable={!running}
      mask={{ closable: !running }}
      keyboard={!running}
      footer={footer}
      width={560}
      destroyOnHidden
      modalRender={(node) => <div data-testid="log-export-modal">{node}</div>}
    >
      <Flex vertical gap={14}>
        <Typography.Text type="secondary">
          {total !== undefined ? t("export.scope", { n: fmt.number(total) }) : t("export.scopeUnknown")}
        </Typography.Text>

        <Flex vertical gap={6}>
          <Typography.Text strong>{t("export.format")}</Typography.Text>
          <Radio.Group value={format} onChange={(event) => chooseFormat(event.target.value as ExportFormat)} disabled={running}>
            <Radio.Button value="xlsx" data-testid="log-export-format-xlsx">
              {t("export.xlsx")}
            </Radio.Button>
            <Radio.Button value="csv" data-testid="log-export-format-csv">
              {t("export.csv")}
            </Radio.Button>
          </Radio.Group>
          <Typography.Text type="secondary" className="pd-log-hint" data-testid="log-export-format-hint">
            <InfoCircleOutlined /> {t("export.formatHint")}
          </Typography.Text>
        </Flex>

        <Flex vertical gap={6}>
          <Typography.Text strong>{t("export.path")}</Typography.Text>
          <Space.Compact block>
            <Input
              data-testid="log-export-path"
              className="pd-code-text"
              aria-label={t("export.path")}
              placeholder={t("export.pathPlaceholder")}
              value={path}
              disabled={running}
              spellCheck={false}
              onChange={(event) => {
                setExists(null);
                setTypedPath(event.target.value);
              }}
            />
            <Button icon={<FolderOpenOutlined />} onClick={browse} loading={pick.isPending} disabled={running} data-testid="log-export-browse">
              {t("export.browse")}
            </Button>
          </Space.Compact>
        </Flex>

        {running ? (
          <div data-testid="log-export-progress" aria-live="polite">
            <Typography.Text className="pd-num">
              {total !== undefined
                ? t("export.progressOf", { rows: fmt.number(rows), total: fmt.number(total) })
                : t("export.progress", { rows: fmt.number(rows) })}
            </Typography.Text>
            <Progress percent={percent ?? 0} status="active" showInfo={percent !== undefined} size="small" />
          </div>
        ) : null}

        {finished && !result.report.cancelled ? (
          <Alert
            type="success"
            showIcon
            icon={<CheckCircleFilled />}
            data-testid="log-export-done"
            title={t("export.done", { n: fmt.number(result.report.rows), path: result.path })}
            action={
              <ShowInFolderButton path={result.path} size="small" testId="log-export-show-in-folder">
                {t("export.showInFolder")}
              </ShowInFolderButton>
            }
          />
        ) : null}
        {finished && result.report.cancelled ? (
          <Alert type="info" showIcon data-testid="log-export-cancelled" title={t("export.cancelled")} />
        ) : null}
        {exists && !running ? (
          <ReplaceFileQuestion
            path={exists.path}
            detail={exists.message}
            onReplace={() => run(exists.path, true)}
            onKeep={() => {
              setExists(null);
              exportLog.reset();
            }}
          />
        ) : null}
        {exportError && !exists && !running ? (
          <Alert
            type="error"
            showIcon
            data-testid="log-export-error"
            data-code={exportError.code}
            title={`${t("export.failed")} · ${tc(`error.${exportError.code}`)}`}
            description={exportError.message}
          />
        ) : null}
      </Flex>
    </Modal>
  );
}
