import { FolderOpenOutlined, ImportOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Form, Input, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { call, commands, reportError, toIpcError, type AccountSummary } from "../../ipc";
import { useImportLedger } from "./useLedger";

/**
 * "Import grant counts": a CSV of openid,template_id,count, which sets those balances from now
 * on. The core checks the whole file first; a refusal names the line.
 */
export function LedgerImport({ account }: { account: AccountSummary }) {
  const { t } = useTranslation("ledger");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const [path, setPath] = useState("");
  const importing = useImportLedger(account.id);
  const error = importing.isError ? toIpcError(importing.error) : null;

  // The recipients' file dialog: it offers CSV files, which is what this reads.
  const browse = async () => {
    try {
      const picked = await call(commands.pickAudienceFile());
      if (picked !== null) setPath(picked);
    } catch (err) {
      reportError(err);
    }
  };
  const submit = () => {
    if (path.trim() !== "" && !importing.isPending) importing.mutate(path.trim());
  };

  return (
    <Flex vertical gap={10} data-testid="ledger-import">
      <Typography.Text type="secondary" className="pd-ledger-small">
        {t("grantsImport.what")}
      </Typography.Text>
      <Form layout="vertical" className="pd-ledger-form" onFinish={submit}>
        <Form.Item label={t("grantsImport.path")} htmlFor="ledger-import-path">
          <Space.Compact className="pd-ledger-path">
            <Input
              id="ledger-import-path"
              data-testid="ledger-import-path"
              value={path}
              placeholder={t("grantsImport.pathPlaceholder")}
              onChange={(event) => {
                setPath(event.target.value);
                importing.reset();
              }}
              autoComplete="off"
              spellCheck={false}
            />
            <Button icon={<FolderOpenOutlined />} onClick={() => void browse()} data-testid="ledger-import-browse">
              {t("grantsImport.browse")}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<ImportOutlined />}
          disabled={path.trim() === ""}
          loading={importing.isPending}
          data-testid="ledger-import-submit"
        >
          {t("grantsImport.submit")}
        </Button>
      </Form>
      {importing.isSuccess ? (
        <Alert type="success" showIcon data-testid="ledger-import-done" data-value={importing.data} title={t("grantsImport.done", { formatted: fmt.number(importing.data) })} />
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          data-testid="ledger-import-error"
          data-code={error.code}
          title={`${t("grantsImport.failed")} · ${tc(`error.${error.code}`)}`}
          description={error.message}
        />
      ) : null}
    </Flex>
  );
}
