import { DeleteOutlined, PlusOutlined, SearchOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Flex, Input, Popconfirm, Skeleton, Switch, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { CodeText } from "../../components/CodeText";
import { DateTime } from "../../components/DateTime";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";
import { useFormat } from "../../i18n/useFormat";
import { toIpcError, type AccountSummary, type SuppressedEntry, type SuppressionAdded } from "../../ipc";
import { GoToAccountsButton } from "../accounts/GoToAccountsButton";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import { useDebouncedValue } from "../compose/useCompose";
import { may, useTeamRole } from "../settings/useTeam";
import { useTemplates } from "../templates/useTemplates";
import { AddSuppressionModal } from "./AddSuppressionModal";
import { AddResult } from "./AddResult";
import { FrequencyCapCard } from "./FrequencyCapCard";
import "./suppression.css";
import { useSetSuppressRefusals, useSuppressionList, useUnsuppress } from "./useSuppression";

const SEARCH_DEBOUNCE_MS = 250;

/**
 * /suppression: the selected account's contact rules: its frequency cap and its do-not-contact
 * list. `?search=` starts the list with a search.
 */
export function SuppressionPage() {
  const { t } = useTranslation("suppression");
  const { selectedAccount, isLoading } = useSelectedAccount();

  if (isLoading) {
    return (
      <PageContainer testId="page-suppression-loading" title={t("title")} subtitle={t("subtitle")}>
        <Skeleton active paragraph={{ rows: 6 }} />
      </PageContainer>
    );
  }
  if (!selectedAccount) {
    return (
      <PageContainer testId="page-suppression" title={t("title")} subtitle={t("subtitle")}>
        <div data-testid="suppression-no-account">
          <EmptyState title={t("noAccount.title")} description={t("noAccount.description")} action={<GoToAccountsButton />} />
        </div>
      </PageContainer>
    );
  }
  // Keyed by account: another account starts with a clean search, selection and result.
  return <AccountSuppression key={selectedAccount.id} account={selectedAccount} />;
}

function AccountSuppression({ account }: { account: AccountSummary }) {
  const { t } = useTranslation("suppression");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [search, setSearch] = useState(() => params.get("search") ?? "");
  const debounced = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const query = useSuppressionList(account.id, debounced);
  const unsuppress = useUnsuppress(account.id);
  const refusals = useSetSuppressRefusals(account.id);
  const templates = useTemplates(account.id);
  const [adding, setAdding] = useState(false);
  const [result, setResult] = useState<SuppressionAdded | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  // On a team's store: the list is a sender's (and up) to change; the account's rules an admin's.
  const role = useTeamRole();
  const mayEdit = may(role, "sender");
  const mayConfigure = may(role, "admin");

  const list = query.data;
  const entries = list?.entries ?? [];
  const searching = debounced.trim() !== "";
  const titleOf = (templateId: string) => templates.data?.find((tpl) => tpl.templateId === templateId)?.title ?? templateId;

  const remove = (openids: string[]) =>
    unsuppress.mutate(openids, {
      onSuccess: (count) => {
        void message.success(t("removed", { count }));
        setSelected((current) => current.filter((openid) => !openids.includes(openid)));
      },
    });

  // Taking someone off the list: a sender's (and up).
  const actionsColumn: TableColumnsType<SuppressedEntry>[number] = {
    key: "actions",
    title: t("col.actions"),
    width: 96,
    render: (_, entry) => (
      <Popconfirm
        title={t("removeOne.title")}
        description={<div className="pd-suppression-confirm">{t("removeOne.description")}</div>}
        okText={t("removeOk")}
        cancelText={t("removeCancel")}
        okButtonProps={{ danger: true, "data-testid": "suppression-remove-confirm" }}
        placement="topRight"
        onConfirm={() => remove([entry.openid])}
      >
        <Button type="link" danger size="small" className="pd-suppression-remove" data-testid="suppression-remove">
          {t("remove")}
        </Button>
      </Popconfirm>
    ),
  };

  const columns: TableColumnsType<SuppressedEntry> = [
    {
      key: "openid",
      title: t("col.openid"),
      dataIndex: "openid",
      width: 270,
      render: (_, entry) => (
        <CodeText copyable className="pd-suppression-openid">
          {entry.openid}
        </CodeText>
      ),
    },
    {
      key: "source",
      title: t("col.source"),
      dataIndex: "source",
      width: 128,
      render: (_, entry) => (
        <Tag color={entry.source === "refused" ? "orange" : "blue"} className="pd-suppression-tag" data-testid="suppression-source" data-source={entry.source}>
          {t(`source.${entry.source}`)}
        </Tag>
      ),
    },
    {
      key: "note",
      title: t("col.note"),
      dataIndex: "note",
      ellipsis: { showTitle: true },
      render: (_, entry) =>
        entry.source === "refused" ? (
          <Typography.Text type="secondary">{t("fromTemplate", { template: titleOf(entry.note) })}</Typography.Text>
        ) : (
          entry.note || <Typography.Text type="secondary">{t("nobody")}</Typography.Text>
        ),
    },
    {
      key: "addedBy",
      title: t("col.addedBy"),
      dataIndex: "addedBy",
      width: 110,
      ellipsis: true,
      render: (_, entry) => entry.addedBy || <Typography.Text type="secondary">{t("nobody")}</Typography.Text>,
    },
    {
      key: "addedAt",
      title: t("col.addedAt"),
      dataIndex: "addedAt",
      width: 150,
      render: (_, entry) => <DateTime value={entry.addedAt} className="pd-num" />,
    },
    ...(mayEdit ? [actionsColumn] : []),
  ];

  let table: React.ReactNode;
  if (query.isPending) {
    table = <Skeleton active title={false} paragraph={{ rows: 5 }} />;
  } else if (query.isError) {
    const error = toIpcError(query.error);
    table = (
      <Alert
        type="error"
        showIcon
        data-testid="suppression-load-error"
        title={`${t("loadFailed")} · ${tc(`error.${error.code}`)}`}
        description={error.message}
      />
    );
  } else {
    table = (
      <Table<SuppressedEntry>
        size="small"
        data-testid="suppression-table"
        columns={columns}
        dataSource={entries}
        rowKey="openid"
        tableLayout="fixed"
        scroll={{ x: 880 }}
        rowSelection={
          mayEdit
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                columnWidth: 44,
              }
            : undefined
        }
        onRow={(entry) => ({ "data-testid": "suppression-row", "data-openid": entry.openid }) as React.HTMLAttributes<HTMLElement>}
        pagination={entries.length > 20 ? { pageSize: 20, size: "small", showSizeChanger: false } : false}
        locale={{ emptyText: searching ? t("noMatch", { search: debounced.trim() }) : t("empty") }}
      />
    );
  }

  return (
    <PageContainer
      testId="page-suppression"
      title={t("title")}
      subtitle={`${t("subtitle")} · ${account.name}`}
      extra={
        mayEdit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="suppression-add">
            {t("add")}
          </Button>
        ) : null
      }
    >
      <Flex vertical gap={16}>
        {mayConfigure ? null : (
          <Alert
            type="info"
            showIcon
            data-testid="suppression-read-only"
            title={mayEdit ? tc("team.contactRulesAdminOnly") : tc("team.suppressionReadOnly")}
            description={mayEdit ? undefined : tc("team.contactRulesAdminOnly")}
          />
        )}
        <FrequencyCapCard account={account} readOnly={!mayConfigure} />

        <Typography.Title level={5} className="pd-suppression-section" id="suppression-list-title">
          {t("listTitle")}
        </Typography.Title>
        <div className="pd-suppression-top">
          <Alert
            type="info"
            showIcon
            data-testid="suppression-rules"
            title={t("rules.title")}
            description={
              <ul className="pd-suppression-rules">
                <li>{t("rules.campaigns")}</li>
                <li>{t("rules.compose")}</li>
                <li>{t("rules.tests")}</li>
              </ul>
            }
          />
          <Card size="small" className="pd-suppression-refusals">
            <Flex gap={12} align="flex-start">
              <Switch
                id="suppression-refusals-switch"
                checked={list?.suppressRefusals ?? false}
                disabled={list === undefined || !mayConfigure}
                loading={refusals.isPending}
                onChange={(on) => refusals.mutate(on, { onSuccess: () => void message.success(t("refusals.saved")) })}
                data-testid="suppression-refusals"
                data-checked={list?.suppressRefusals ? "true" : "false"}
              />
              <Flex vertical gap={4} className="pd-suppression-refusals-text">
                <label htmlFor="suppression-refusals-switch">
                  <Typography.Text strong>{t("refusals.title")}</Typography.Text>{" "}
                  <Tag color={list?.suppressRefusals ? "orange" : "default"} className="pd-suppression-tag">
                    {list?.suppressRefusals ? t("refusals.on") : t("refusals.off")}
                  </Tag>
                </label>
                <Typography.Text type="secondary" className="pd-suppression-small">
                  {t("refusals.what")}
                </Typography.Text>
                <Typography.Text type="warning" className="pd-suppression-small" data-testid="suppression-refusals-caution">
                  {t("refusals.caution")}
                </Typography.Text>
                <Typography.Text type="secondary" className="pd-suppression-small">
                  {t("refusals.default")}
                </Typography.Text>
              </Flex>
            </Flex>
          </Card>
        </div>

        {result ? <AddResult result={result} onClose={() => setResult(null)} /> : null}

        <Card size="small" className="pd-suppression-list" aria-labelledby="suppression-list-title">
          <Flex vertical gap={12}>
            <Flex align="center" justify="space-between" gap={12} wrap>
              <Flex align="center" gap={12} wrap>
                <Input
                  allowClear
                  className="pd-suppression-search"
                  prefix={<SearchOutlined aria-hidden />}
                  placeholder={t("search")}
                  aria-label={t("search")}
                  value={search}
                  onChange={(event) => setSearch(event.target.value)}
                  data-testid="suppression-search"
                />
                <Typography.Text type="secondary" data-testid="suppression-total" data-value={list?.total ?? 0} data-matching={list?.matching ?? 0}>
                  {list === undefined
                    ? null
                    : searching
                      ? t("matching", { matching: fmt.number(list.matching), total: fmt.number(list.total) })
                      : t("total", { formatted: fmt.number(list.total) })}
                </Typography.Text>
              </Flex>
              {selected.length > 0 ? (
                <Popconfirm
                  title={t("removeMany.title", { count: selected.length })}
                  description={<div className="pd-suppression-confirm">{t("removeMany.description")}</div>}
                  okText={t("removeOk")}
                  cancelText={t("removeCancel")}
                  okButtonProps={{ danger: true, "data-testid": "suppression-remove-selected-confirm" }}
                  placement="bottomRight"
                  onConfirm={() => remove(selected)}
                >
                  <Button danger icon={<DeleteOutlined />} loading={unsuppress.isPending} data-testid="suppression-remove-selected">
                    {t("removeSelected", { count: selected.length })}
                  </Button>
                </Popconfirm>
              ) : null}
            </Flex>
            {list && list.matching > entries.length ? (
              <Typography.Text type="secondary" className="pd-suppression-small" data-testid="suppression-truncated">
                {t("truncated", { shown: fmt.number(entries.length) })}
              </Typography.Text>
            ) : null}
            {table}
          </Flex>
        </Card>
      </Flex>

      <AddSuppressionModal
        account={account}
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={(added) => {
          setAdding(false);
          setResult(added);
        }}
      />
    </PageContainer>
  );
}
