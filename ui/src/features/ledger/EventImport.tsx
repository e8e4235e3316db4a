import { ExperimentOutlined, FolderOpenOutlined, ImportOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Form, Input, Spin, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError, type AccountSummary } from "../../ipc";
import { IntakeSummaryView } from "./IntakeSummaryView";
import { pathsOf } from "./model";
import { useImportEvents, useImportSandboxEvents, usePickEventFiles } from "./useLedger";

/**
 * Importing files of WeChat's event pushes into an account: chosen in the native dialog, or
 * typed / pasted one a line (keyboard users, the end-to-end test); then what the intake did.
 * The ledger page shows it in a card, the send log in a dialog.
 */
export function EventImport({ account }: { account: AccountSummary }) {
  const { t } = useTranslation("ledger");
  const { t: tc } = useTranslation();
  const [text, setText] = useState("");
  const fromFiles = useImportEvents(account.id);
  // The sandbox account's pushes are the built-in sandbox's own: no file to find.
  const fromSandbox = useImportSandboxEvents(account.id);
  const importing = fromSandbox.isPending || fromSandbox.isSuccess || fromSandbox.isError ? fromSandbox : fromFiles;
  const pick = usePickEventFiles();
  const files = pathsOf(text);
  const error = importing.isError ? toIpcError(importing.error) : null;

  const choose = () =>
    pick.mutate(undefined, {
      onSuccess: (picked) => {
        if (picked && picked.length > 0) setText(picked.join("\n"));
      },
    });
  const submit = () => {
    if (files.length > 0 && !importing.isPending) {
      fromSandbox.reset();
      fromFiles.mutate(files);
    }
  };
  const fetchSandbox = () => {
    if (!importing.isPending) {
      fromFiles.reset();
      fromSandbox.mutate();
    }
  };

  return (
    <Flex vertical gap={12} data-testid="events-import">
      <Typography.Text type="secondary" className="pd-ledger-small">
        {t("import.what")}
      </Typography.Text>
      <Typography.Text strong data-testid="events-import-account">
        {t("import.account", { name: account.name })}
      </Typography.Text>
      <Form layout="vertical" className="pd-ledger-form">
        <Form.Item label={t("import.path")} htmlFor="events-import-path" extra={t("import.pathHint")}>
          <Input.TextArea
            id="events-import-path"
            data-testid="events-import-path"
            className="pd-ledger-paths"
            rows={3}
            placeholder={t("import.pathPlaceholder")}
            value={text}
            onChange={(event) => setText(event.target.value)}
            spellCheck={false}
            autoComplete="off"
          />
        </Form.Item>
      </Form>
      <Flex gap={8} wrap align="center">
        <Button icon={<FolderOpenOutlined />} onClick={choose} loading={pick.isPending} data-testid="events-import-choose">
          {t("import.choose")}
        </Button>
        <Button
          type="primary"
          icon={<ImportOutlined />}
          onClick={submit}
          disabled={files.length === 0}
          loading={importing.isPending}
          data-testid="events-import-submit"
        >
          {t("import.submit")}
        </Button>
        {account.isSandbox ? (
          <Button
            icon={<ExperimentOutlined />}
            onClick={fetchSandbox}
            loading={fromSandbox.isPending}
            data-testid="events-import-sandbox"
          >
            {t("import.sandbox")}
          </Button>
        ) : null}
      </Flex>
      {importing.isPending ? (
        <Flex gap={8} align="center" data-testid="events-import-running" role="status">
          <Spin size="small" />
          <Typography.Text type="secondary">{t("import.running")}</Typography.Text>
        </Flex>
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          data-testid="events-import-error"
          data-code={error.code}
          title={`${t("import.failed")} · ${tc(`error.${error.code}`)}`}
          description={error.message}
        />
      ) : null}
      {importing.isSuccess && !importing.isPending && importing.data ? <IntakeSummaryView summary={importing.data} /> : null}
    </Flex>
  );
}
