import { Button, Empty, Flex, Table, Typography, type TableColumnsType } from "antd";
import type { HTMLAttributes, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { CodeText } from "../../components/CodeText";
import { DateTime } from "../../components/DateTime";
import { useFormat } from "../../i18n/useFormat";
import type { AuditEntry } from "../../ipc";
import { AuditActionTag } from "./AuditActionTag";
import { AuditDetailCell } from "./AuditDetailCell";
import { isCampaignAction } from "./model";

type AuditTableProps = {
  entries: AuditEntry[];
  loading: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
  /** What the table says when it has no rows (nothing recorded yet, or nothing matches). */
  empty: ReactNode;
};

/**
 * Fixed widths of the short columns; English words need more room than Chinese. Long names
 * are cut with an ellipsis (the whole one in the tooltip), so the table fits beside the menu at
 * 1024 px wide in both languages.
 */
const WIDTHS = {
  "zh-CN": { time: 160, actor: 96, machine: 104, action: 96 },
  en: { time: 172, actor: 96, machine: 104, action: 148 },
} as const;

/** The least the subject and detail columns each get before the table scrolls sideways. */
const TEXT_COLUMN_MIN = 100;

/** The trail, newest first, 100 entries at a time ("load more" asks for the next page). */
export function AuditTable({ entries, loading, hasMore, loadingMore, onMore, empty }: AuditTableProps) {
  const { t, i18n } = useTranslation("audit");
  const fmt = useFormat();
  const widths = i18n.language === "en" ? WIDTHS.en : WIDTHS["zh-CN"];
  const minWidth = widths.time + widths.actor + widths.machine + widths.action + 2 * TEXT_COLUMN_MIN;

  const columns: TableColumnsType<AuditEntry> = [
    {
      key: "time",
      title: t("col.time"),
      width: widths.time,
      // Seconds matter: several actions often happen within the same minute.
      render: (_, entry) => <DateTime value={entry.at} seconds className="pd-num" />,
    },
    { key: "actor", title: t("col.actor"), dataIndex: "actor", width: widths.actor, ellipsis: { showTitle: true } },
    { key: "machine", title: t("col.machine"), dataIndex: "machine", width: widths.machine, ellipsis: { showTitle: true } },
    {
      key: "action",
      title: t("col.action"),
      width: widths.action,
      render: (_, entry) => <AuditActionTag action={entry.action} />,
    },
    {
      key: "subject",
      title: t("col.subject"),
      className: "pd-audit-wrap",
      render: (_, entry) => <Subject entry={entry} />,
    },
    {
      key: "detail",
      title: t("col.detail"),
      className: "pd-audit-wrap",
      render: (_, entry) => <AuditDetailCell entry={entry} />,
    },
  ];

  return (
    <div className="pd-audit-table-wrap">
      <Table<AuditEntry>
        data-testid="audit-table"
        aria-label={t("table.label")}
        size="small"
        rowKey="id"
        tableLayout="fixed"
        columns={columns}
        dataSource={entries}
        loading={loading}
        pagination={false}
        locale={{ emptyText: empty }}
        scroll={{ x: minWidth }}
        onRow={(entry) => ({ "data-testid": `audit-row-${entry.id}` }) as HTMLAttributes<HTMLElement>}
      />
      {entries.length === 0 ? null : (
        <Flex justify="center" align="center" gap={12} className="pd-audit-more">
          <Typography.Text type="secondary" className="pd-num" data-testid="audit-shown">
            {t("table.shown", { count: entries.length, shown: fmt.number(entries.length) })}
          </Typography.Text>
          {hasMore ? (
            <Button size="small" onClick={onMore} loading={loadingMore} data-testid="audit-more">
              {loadingMore ? t("table.loadingMore") : t("table.more")}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t("table.end")}</Typography.Text>
          )}
        </Flex>
      )}
    </div>
  );
}

/**
 * The account's or campaign's name as it was then (the trail keeps it after a rename or
 * removal); a campaign's opens its page. An export's subject is the file it wrote.
 */
function Subject({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation("audit");
  if (isCampaignAction(entry.action) && entry.campaignId !== null) {
    return (
      <Link
        to={`/campaigns/${entry.campaignId}`}
        title={t("table.openCampaign", { name: entry.subject })}
        data-testid={`audit-campaign-${entry.id}`}
      >
        {entry.subject}
      </Link>
    );
  }
  if (entry.action === "log_exported") {
    return (
      <CodeText title={entry.subject}>{entry.subject}</CodeText>
    );
  }
  return <span title={entry.subject}>{entry.subject}</span>;
}

/** The table's empty state: what will be here, and what to do. */
export function AuditEmpty({ title, description, action, testId }: { title: string; description: string; action?: ReactNode; testId: string }) {
  return (
    <Empty
      className="pd-audit-empty"
      data-testid={testId}
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <Flex vertical align="center" gap={4}>
          <Typography.Text strong>{title}</Typography.Text>
          <Typography.Text type="secondary" className="pd-audit-empty-description">
            {description}
          </Typography.Text>
        </Flex>
      }
    >
      {action}
    </Empty>
  );
}
