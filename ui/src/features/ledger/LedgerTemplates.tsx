import { Alert, Flex, Skeleton, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../components/CodeText";
import { EmptyState } from "../../components/EmptyState";
import { useFormat } from "../../i18n/useFormat";
import { toIpcError, type AccountSummary, type TemplateLedger } from "../../ipc";
import { LedgerUsers } from "./LedgerUsers";
import { RefusalTrend } from "./RefusalTrend";
import { useLedgerTemplates } from "./useLedger";

/**
 * The subscription ledger, one row per template it knows; a row opens the template's 43101
 * trend and its people. Without any record: what to do to get some.
 */
export function LedgerTemplates({ account }: { account: AccountSummary }) {
  const { t } = useTranslation("ledger");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const query = useLedgerTemplates(account.id);

  if (query.isPending) return <Skeleton active title={false} paragraph={{ rows: 4 }} />;
  if (query.isError) {
    const error = toIpcError(query.error);
    return (
      <Alert type="error" showIcon data-testid="ledger-load-error" title={`${t("ledger.loadFailed")} · ${tc(`error.${error.code}`)}`} description={error.message} />
    );
  }
  if (query.data.length === 0) {
    return (
      <div data-testid="ledger-empty">
        <EmptyState
          title={t("empty.title")}
          description={t("empty.description")}
          hint={account.isSandbox ? <span data-testid="ledger-empty-sandbox">{t("empty.sandbox")}</span> : undefined}
        />
      </div>
    );
  }

  const count = (value: number) => <span className="pd-num">{fmt.number(value)}</span>;
  const columns: TableColumnsType<TemplateLedger> = [
    {
      key: "template",
      title: t("ledger.col.template"),
      render: (_, tpl) => (
        <Flex vertical gap={2}>
          <Flex gap={6} align="center" wrap>
            {tpl.title !== null ? <Typography.Text strong>{tpl.title}</Typography.Text> : null}
            {tpl.longTerm ? (
              <Tooltip title={t("ledger.longTermHint")}>
                <Tag color="blue" className="pd-ledger-tag" data-testid="ledger-long-term">
                  {t("ledger.longTerm")}
                </Tag>
              </Tooltip>
            ) : null}
          </Flex>
          <CodeText type="secondary" className="pd-ledger-small">
            {tpl.templateId}
          </CodeText>
          {tpl.title === null ? (
            <Typography.Text type="secondary" className="pd-ledger-small">
              {t("ledger.untitled")}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { key: "usersWithGrants", title: t("ledger.col.usersWithGrants"), width: 110, align: "right", render: (_, tpl) => count(tpl.usersWithGrants) },
    { key: "grantsOutstanding", title: t("ledger.col.grantsOutstanding"), width: 110, align: "right", render: (_, tpl) => count(tpl.grantsOutstanding) },
    { key: "usersKnown", title: t("ledger.col.usersKnown"), width: 110, align: "right", render: (_, tpl) => count(tpl.usersKnown) },
    { key: "accepted", title: t("ledger.col.accepted"), width: 96, align: "right", render: (_, tpl) => count(tpl.accepted) },
    { key: "consumed", title: t("ledger.col.consumed"), width: 96, align: "right", render: (_, tpl) => count(tpl.consumed) },
  ];

  return (
    <Table<TemplateLedger>
      size="small"
      data-testid="ledger-templates"
      columns={columns}
      dataSource={query.data}
      rowKey="templateId"
      pagination={false}
      scroll={{ x: 760 }}
      expandable={{
        expandRowByClick: true,
        columnTitle: <span className="pd-ledger-sr">{t("ledger.expand")}</span>,
        expandedRowRender: (tpl) => (
          <Flex vertical gap={16} className="pd-ledger-detail" data-testid="ledger-template-detail" data-template-id={tpl.templateId}>
            <Flex vertical gap={6}>
              <Typography.Text strong>{t("refusals.title")}</Typography.Text>
              <RefusalTrend refusals={tpl.refusals} />
            </Flex>
            <LedgerUsers accountId={account.id} templateId={tpl.templateId} />
          </Flex>
        ),
      }}
      onRow={(tpl) =>
        ({ "data-testid": "ledger-template", "data-template-id": tpl.templateId, title: t("ledger.expand") }) as React.HTMLAttributes<HTMLElement>
      }
    />
  );
}
