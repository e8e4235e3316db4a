import { CheckOutlined, CopyOutlined } from "@ant-design/icons";
import { Button, Empty, Flex, Table, Typography, type TableColumnsType } from "antd";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { LogEntry } from "../../ipc";
import { explain, formatLocal } from "./model";
import { AttemptStatusTag } from "./AttemptStatusTag";
import { KindTag } from "./KindTag";

type LogTableProps = {
  entries: LogEntry[];
  /** Whether to show the account column (all-accounts scope). */
  showAccount: boolean;
  loading: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
  onOpen: (entry: LogEntry) => void;
  /** Total matching rows, when counted. */
  total: number | undefined;
  selectedId: number | null;
  /** What the table says when it has no rows (nothing sent yet, or nothing matches). */
  empty: ReactNode;
};

/** The send log, newest first; more rows by keyset ("load more", or scrolling to the end). */
export function LogTable({ entries, showAccount, loading, hasMore, loadingMore, onMore, onOpen, total, selectedId, empty }: LogTableProps) {
  const { t, i18n } = useTranslation("sendlog");
  const sentinel = useRef<HTMLDivElement>(null);
  const more = useRef({ hasMore, loadingMore, onMore });
  useEffect(() => {
    more.current = { hasMore, loadingMore, onMore };
  });

  // Infinite scroll where the webview supports it; the button works everywhere.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((records) => {
      const { hasMore: can, loadingMore: busy, onMore: load } = more.current;
      if (records.some((r) => r.isIntersecting) && can && !busy) load();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  const columns: TableColumnsType<LogEntry> = [
    {
      key: "time",
      title: t("col.time"),
      width: 150,
      fixed: "left",
      render: (_, entry) => (
        <time className="pd-num pd-log-time" dateTime={new Date(entry.startedAt).toISOString()}>
          {formatLocal(entry.startedAt)}
        </time>
      ),
    },
    ...(showAccount
      ? [
          {
            key: "account",
            title: t("col.account"),
            width: 130,
            ellipsis: true,
            render: (_: unknown, entry: LogEntry) => entry.accountName ?? <Typography.Text type="secondary">{t("table.removedAccount")}</Typography.Text>,
          },
        ]
      : []),
    {
      key: "campaign",
      title: t("col.campaign"),
      width: 170,
      ellipsis: true,
      render: (_, entry) => (
        <span title={entry.campaignName}>
          <KindTag kind={entry.campaignKind} />
          {entry.campaignName}
        </span>
      ),
    },
    { key: "template", title: t("col.template"), dataIndex: "templateTitle", width: 130, ellipsis: true },
    {
      key: "openid",
      title: t("col.openid"),
      width: 170,
      render: (_, entry) => <OpenidCell openid={entry.openid} />,
    },
    { key: "status", title: t("col.status"), width: 92, render: (_, entry) => <AttemptStatusTag status={entry.status} /> },
    {
      key: "errcode",
      title: t("col.errcode"),
      width: 200,
      ellipsis: true,
      render: (_, entry) => {
        if (entry.errcode === null) return null;
        const text = explain(entry.explanation, i18n.language);
        return (
          <span title={text ? `${text.title} — ${text.action}` : (entry.errmsg ?? undefined)}>
            <span className="pd-code-text">{entry.errcode}</span>
            {text ? <span className="pd-log-secondary"> {text.title}</span> : null}
          </span>
        );
      },
    },
    {
      key: "msgid",
      title: t("col.msgid"),
      width: 180,
      render: (_, entry) => (entry.msgid ? <span className="pd-code-text" data-testid={`log-msgid-${entry.id}`}>{entry.msgid}</span> : null),
    },
    {
      key: "rid",
      title: t("col.rid"),
      width: 150,
      ellipsis: true,
      render: (_, entry) => (entry.rid ? <span className="pd-code-text">{entry.rid}</span> : null),
    },
    { key: "attempt", title: t("col.attempt"), width: 56, align: "right", render: (_, entry) => <span className="pd-num">{entry.attemptNo}</span> },
  ];
  const width = columns.reduce((sum, c) => sum + (typeof c.width === "number" ? c.width : 0), 0);

  return (
    <div className="pd-log-table-wrap">
      <Table<LogEntry>
        data-testid="log-table"
        aria-label={t("table.label")}
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={entries}
        loading={loading}
        pagination={false}
        locale={{ emptyText: empty }}
        scroll={{ x: width }}
        rowClassName={(entry) => (entry.id === selectedId ? "pd-log-row pd-log-row-selected" : "pd-log-row")}
        onRow={(entry) =>
          ({
            "data-testid": `log-row-${entry.id}`,
            onClick: () => onOpen(entry),
            onKeyDown: (event: React.KeyboardEvent) => {
              if (event.key === "Enter") onOpen(entry);
            },
            tabIndex: 0,
          }) as React.HTMLAttributes<HTMLElement>
        }
      />
      <div ref={sentinel} className="pd-log-sentinel" aria-hidden />
      {entries.length === 0 ? null : (
      <Flex justify="center" align="center" gap={12} className="pd-log-more">
        <Typography.Text type="secondary" className="pd-num" data-testid="log-shown">
          {total !== undefined
            ? t("table.shownOf", { shown: entries.length.toLocaleString(), total: total.toLocaleString() })
            : t("table.shown", { shown: entries.length.toLocaleString() })}
        </Typography.Text>
        {hasMore ? (
          <Button size="small" onClick={onMore} loading={loadingMore} data-testid="log-more">
            {loadingMore ? t("table.loadingMore") : t("table.more")}
          </Button>
        ) : entries.length > 0 ? (
          <Typography.Text type="secondary">{t("table.end")}</Typography.Text>
        ) : null}
      </Flex>
      )}
    </div>
  );
}

/** The table's empty state: what will be here, and what to do. */
export function LogEmpty({ title, description, action }: { title: string; description: string; action: ReactNode }) {
  return (
    <Empty
      className="pd-log-empty"
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <Flex vertical align="center" gap={4}>
          <Typography.Text strong>{title}</Typography.Text>
          <Typography.Text type="secondary" className="pd-log-empty-description">
            {description}
          </Typography.Text>
        </Flex>
      }
    >
      {action}
    </Empty>
  );
}

/**
 * An openid in monospace with a copy button. Plain markup rather than `Typography` (no tooltip or
 * measuring per row), so hundreds of rows stay cheap.
 */
function OpenidCell({ openid }: { openid: string }) {
  const { t } = useTranslation("sendlog");
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 1500);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <span className="pd-log-openid-cell">
      <span className="pd-code-text pd-log-openid-text" title={openid}>
        {openid}
      </span>
      <button
        type="button"
        className="pd-log-copy"
        aria-label={t("detail.copyOpenid")}
        title={copied ? t("detail.copied") : t("detail.copyOpenid")}
        onClick={(event) => {
          event.stopPropagation();
          void navigator.clipboard.writeText(openid).then(
            () => setCopied(true),
            (error: unknown) => console.warn("clipboard", error),
          );
        }}
      >
        {copied ? <CheckOutlined /> : <CopyOutlined />}
      </button>
    </span>
  );
}
