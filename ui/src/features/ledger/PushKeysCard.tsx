import { DeleteOutlined, SaveOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Flex, Form, Input, Popconfirm, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError, type AccountSummary, type IpcError } from "../../ipc";
import { may, useTeamRole } from "../settings/useTeam";
import { pushKeyFieldError, type PushKeyField } from "./pushKeys";
import { usePushKeysStatus, useSetPushKeys } from "./useLedger";

/**
 * The account's message-push Token and EncodingAESKey: what is set (never the values: the
 * webview does not receive secrets), both saved together, or removed. The core checks them; its
 * refusal shows under the field it is about.
 */
export function PushKeysCard({ account }: { account: AccountSummary }) {
  const { t } = useTranslation("ledger");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const status = usePushKeysStatus(account.id);
  const save = useSetPushKeys(account.id);
  // On a team's store only an admin changes them.
  const admin = may(useTeamRole(), "admin");
  const [token, setToken] = useState("");
  const [aesKey, setAesKey] = useState("");
  // The last refusal; shown until the fields change (the message follows the UI language).
  const [refusal, setRefusal] = useState<IpcError | null>(null);
  const onField = refusal ? pushKeyFieldError(refusal) : null;
  const fieldError = (field: PushKeyField) => (onField?.field === field ? onField.message : null);
  const removing = save.isPending && save.variables?.token === null;

  const submit = () => {
    if (token.trim() === "" || save.isPending) return;
    setRefusal(null);
    save.mutate(
      { token, aesKey: aesKey.trim() === "" ? null : aesKey },
      {
        onSuccess: () => {
          setToken("");
          setAesKey("");
          void message.success(t("keys.saved"));
        },
        onError: (error) => setRefusal(toIpcError(error)),
      },
    );
  };
  const remove = () => {
    setRefusal(null);
    save.mutate(
      { token: null, aesKey: null },
      {
        onSuccess: () => void message.success(t("keys.removed")),
        onError: (error) => setRefusal(toIpcError(error)),
      },
    );
  };

  const setTag = (set: boolean | undefined, testId: string) =>
    set === undefined ? null : (
      <Tag color={set ? "success" : "default"} data-testid={testId} data-set={set ? "true" : "false"} className="pd-ledger-tag">
        {set ? t("keys.set") : t("keys.notSet")}
      </Tag>
    );

  const help = (field: PushKeyField, testId: string) => {
    const text = fieldError(field);
    return text ? <span data-testid={testId}>{text}</span> : undefined;
  };

  return (
    <Card size="small" title={t("keys.title")} data-testid="push-keys">
      <Flex vertical gap={10}>
        <Typography.Text type="secondary" className="pd-ledger-small">
          {t("keys.what")}
        </Typography.Text>
        {status.isError ? (
          <Alert
            type="error"
            showIcon
            data-testid="push-keys-load-error"
            title={`${t("keys.loadFailed")} · ${tc(`error.${toIpcError(status.error).code}`)}`}
            description={toIpcError(status.error).message}
          />
        ) : null}
        {admin ? null : (
          <Typography.Text type="secondary" className="pd-ledger-small" data-testid="push-keys-read-only">
            {tc("team.pushKeysAdminOnly")}
          </Typography.Text>
        )}
        <Form layout="vertical" className="pd-ledger-keys" onFinish={submit} autoComplete="off" disabled={!admin}>
          <Form.Item
            label={
              <Flex gap={6} align="center">
                {t("keys.token")} {setTag(status.data?.tokenSet, "push-keys-token-status")}
              </Flex>
            }
            htmlFor="push-keys-token"
            validateStatus={fieldError("token") ? "error" : undefined}
            help={help("token", "push-keys-token-error")}
          >
            <Input.Password
              id="push-keys-token"
              data-testid="push-keys-token"
              value={token}
              onChange={(event) => {
                setToken(event.target.value);
                setRefusal(null);
              }}
              placeholder={t("keys.tokenPlaceholder")}
              autoComplete="new-password"
              spellCheck={false}
            />
          </Form.Item>
          <Form.Item
            label={
              <Flex gap={6} align="center">
                {t("keys.aesKey")} {setTag(status.data?.aesKeySet, "push-keys-aes-key-status")}
              </Flex>
            }
            htmlFor="push-keys-aes-key"
            validateStatus={fieldError("aesKey") ? "error" : undefined}
            help={help("aesKey", "push-keys-aes-key-error")}
          >
            <Input.Password
              id="push-keys-aes-key"
              data-testid="push-keys-aes-key"
              value={aesKey}
              onChange={(event) => {
                setAesKey(event.target.value);
                setRefusal(null);
              }}
              placeholder={t("keys.aesKeyPlaceholder")}
              autoComplete="new-password"
              spellCheck={false}
            />
          </Form.Item>
          <Typography.Paragraph type="secondary" className="pd-ledger-small">
            {t("keys.secret")} {t("keys.together")}
          </Typography.Paragraph>
          <Flex gap={8} wrap align="center">
            <Button
              type="primary"
              htmlType="submit"
              icon={<SaveOutlined />}
              disabled={token.trim() === ""}
              loading={save.isPending && !removing}
              data-testid="push-keys-save"
            >
              {t("keys.save")}
            </Button>
            {token.trim() === "" && aesKey.trim() !== "" ? (
              <Typography.Text type="warning" className="pd-ledger-small" data-testid="push-keys-token-required">
                {t("keys.tokenRequired")}
              </Typography.Text>
            ) : null}
            <Popconfirm
              title={t("keys.removeTitle")}
              description={<div className="pd-ledger-confirm">{t("keys.removeDescription")}</div>}
              okText={t("keys.removeOk")}
              cancelText={t("keys.cancel")}
              okButtonProps={{ danger: true, "data-testid": "push-keys-remove-confirm" }}
              onConfirm={remove}
            >
              <Button danger icon={<DeleteOutlined />} disabled={!status.data?.tokenSet} loading={removing} data-testid="push-keys-remove">
                {t("keys.remove")}
              </Button>
            </Popconfirm>
          </Flex>
        </Form>
        {refusal && !onField ? (
          <Alert
            type="error"
            showIcon
            data-testid="push-keys-error"
            data-code={refusal.code}
            title={`${t("keys.saveFailed")} · ${tc(`error.${refusal.code}`)}`}
            description={refusal.message}
          />
        ) : null}
      </Flex>
    </Card>
  );
}
