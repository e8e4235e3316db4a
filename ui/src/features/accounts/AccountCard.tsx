import { ApiOutlined, DeleteOutlined, EditOutlined, ExperimentOutlined, InfoCircleOutlined } from "@ant-design/icons";
import { Button, Card, Descriptions, Flex, Popconfirm, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../components/CodeText";
import type { AccountSummary } from "../../ipc";
import { AccountKindTag } from "./AccountKindTag";
import { ConnectionResult } from "./ConnectionResult";
import { connectionFailed, type ConnectionTestState } from "./useConnectionTests";

type Props = {
  account: AccountSummary;
  selected: boolean;
  test: ConnectionTestState | undefined;
  onTest: () => void;
  onDismissTest: () => void;
  onEdit: () => void;
  /** Only seen and tested, not changed (a role below admin on a team's store). */
  readOnly?: boolean;
  /** Resolves when the account is gone (the confirm button spins until then). */
  onRemove: () => Promise<void>;
};

/** One account: its settings, its actions and the result of its last connection test. */
export function AccountCard({ account, selected, test, onTest, onDismissTest, onEdit, onRemove, readOnly = false }: Props) {
  const { t } = useTranslation();
  const { id, isSandbox } = account;
  const none = (
    <Typography.Text type="secondary" className="pd-account-none">
      {t("accounts.field.none")}
    </Typography.Text>
  );

  const items = [
    {
      // First, in plain words, how the account reaches WeChat; the technical name (stable_token,
      // /cgi-bin/token …) on hover.
      key: "tokenMode",
      label: t("accounts.field.tokenMode"),
      span: 2,
      children: (
        <span className="pd-account-token-mode">
          <span data-testid={`account-token-mode-${id}`}>{t(`accounts.tokenMode.${account.tokenMode}`)}</span>
          <Typography.Text type="secondary" className="pd-account-token-mode-help">
            {t(`accounts.tokenModeHelp.${account.tokenMode}`)}
          </Typography.Text>
          <Tooltip title={t(`accounts.tokenModeTech.${account.tokenMode}`)}>
            <InfoCircleOutlined
              className="pd-account-tech"
              tabIndex={0}
              aria-label={t(`accounts.tokenModeTech.${account.tokenMode}`)}
              data-testid={`account-token-mode-tech-${id}`}
            />
          </Tooltip>
        </span>
      ),
    },
    ...(account.tokenMode === "external" && account.tokenUrl
      ? [
          {
            key: "tokenUrl",
            label: t("accounts.field.tokenUrl"),
            span: 2,
            children: <CodeText>{account.tokenUrl}</CodeText>,
          },
        ]
      : []),
    {
      key: "appid",
      label: t("accounts.field.appid"),
      // An Official Account's bound mini programs follow on a row of their own, right below.
      span: account.kind === "official_account" ? ("filled" as const) : 1,
      children: (
        <CodeText copyable={!isSandbox} data-testid={`account-appid-${id}`}>
          {account.appid}
        </CodeText>
      ),
    },
    ...(account.kind === "official_account"
      ? [
          {
            key: "miniPrograms",
            label: t("accounts.field.miniPrograms"),
            span: 2,
            children:
              account.miniPrograms.length > 0 ? (
                <Flex wrap gap={4} data-testid={`account-mini-programs-${id}`}>
                  {account.miniPrograms.map((appid) => (
                    <Tag key={appid} className="pd-bound-mini-program">
                      {appid}
                    </Tag>
                  ))}
                </Flex>
              ) : (
                <Typography.Text type="secondary" className="pd-account-none" data-testid={`account-mini-programs-${id}`}>
                  {t("accounts.field.noMiniPrograms")}
                </Typography.Text>
              ),
          },
        ]
      : []),
    {
      key: "apiBase",
      label: t("accounts.field.apiBase"),
      children: isSandbox ? (
        t("accounts.field.simulator")
      ) : (
        <CodeText>{account.apiBase}</CodeText>
      ),
    },
    {
      key: "proxy",
      label: t("accounts.field.proxy"),
      children: account.proxy ? <CodeText>{account.proxy}</CodeText> : none,
    },
  ];

  return (
    <Card
      size="small"
      className={`pd-account-card${isSandbox ? " pd-account-card-sandbox" : ""}`}
      data-testid={`account-card-${id}`}
    >
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <Flex vertical gap={2} className="pd-account-heading">
          <Flex align="center" gap={8} wrap>
            {isSandbox ? <ExperimentOutlined className="pd-account-icon" aria-hidden /> : null}
            <Typography.Title level={5} className="pd-account-name">
              {account.name}
            </Typography.Title>
            <AccountKindTag kind={account.kind} testId={`account-kind-${id}`} />
            {isSandbox ? (
              <Tag color="gold" variant="filled" className="pd-sandbox-tag" data-testid={`account-sandbox-tag-${id}`}>
                {t("accounts.sandboxTag")}
              </Tag>
            ) : null}
            {selected ? (
              <Tag color="blue" variant="outlined" className="pd-sandbox-tag">
                {t("accounts.selected")}
              </Tag>
            ) : null}
            {test && connectionFailed(test) ? (
              <Tag color="red" variant="outlined" className="pd-sandbox-tag" data-testid={`account-not-connected-${id}`}>
                {t("accounts.notConnected")}
              </Tag>
            ) : null}
          </Flex>
          {isSandbox ? (
            <Typography.Text type="secondary" className="pd-account-note">
              {t("accounts.sandboxNote")}
            </Typography.Text>
          ) : null}
        </Flex>

        <Flex gap={8} role="group" aria-label={t("accounts.action.more", { name: account.name })}>
          <Button
            icon={<ApiOutlined />}
            onClick={onTest}
            loading={test?.status === "running"}
            data-testid={`account-test-${id}`}
          >
            {t("accounts.action.test")}
          </Button>
          {isSandbox || readOnly ? null : (
            <>
              <Tooltip title={t("accounts.action.edit")}>
                <Button
                  icon={<EditOutlined />}
                  onClick={onEdit}
                  aria-label={t("accounts.action.edit")}
                  data-testid={`account-edit-${id}`}
                />
              </Tooltip>
              <Popconfirm
                title={t("accounts.remove.title", { name: account.name })}
                description={<div className="pd-confirm-text">{t("accounts.remove.description")}</div>}
                okText={t("accounts.remove.ok")}
                cancelText={t("accounts.remove.cancel")}
                okButtonProps={{ danger: true, "data-testid": `account-remove-confirm-${id}` }}
                placement="bottomRight"
                onConfirm={onRemove}
              >
                <Tooltip title={t("accounts.action.remove")}>
                  <Button
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t("accounts.action.remove")}
                    data-testid={`account-remove-${id}`}
                  />
                </Tooltip>
              </Popconfirm>
            </>
          )}
        </Flex>
      </Flex>

      <Descriptions size="small" column={2} items={items} className="pd-account-facts" />

      {test ? (
        <div className="pd-account-test">
          <ConnectionResult
            accountId={id}
            tokenMode={account.tokenMode}
            state={test}
            onDismiss={onDismissTest}
            onRetest={onTest}
          />
        </div>
      ) : null}
    </Card>
  );
}
