import { CheckOutlined, CopyOutlined, SettingOutlined } from "@ant-design/icons";
import { Button, Checkbox, Empty, Flex, Popover, Table, Typography, type TableColumnsType } from "antd";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/DateTime";
import { useFormat } from "../../i18n/useFormat";
import type { LogEntry } from "../../ipc";
import {
  COLUMN_WIDTH,
  OPTIONAL_COLUMNS,
  TECHNICAL_COLUMNS,
  TEXT_COLUMN_MIN,
  isDefault,
  languageWidths,
  useLogColumns,
  type ColumnChoices,
  type OptionalColumn,
} from "./logColumns";
import { explain } from "./model";
import { AttemptStatusTag } from "./AttemptStatusTag";
import { ChannelTag } from "./ChannelTag";
import { DeliveryTag } from "./DeliveryTag";
import { KindTag } from "./KindTag";

type LogTableProps = {
  entries: LogEntry[];
  /** Whether to show the account column (all-accounts scope). */
  showAccount: boolean;
  /** Whether to show the channel column (an Official Account's template messages may be among the rows). */
  showChannel: boolean;
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
export function LogTable({ entries, showAccount, showChannel, loading, hasMore, loadingMore, onMore, onOpen, total, selectedId, empty }: LogTableProps) {
  const { t, i18n } = useTranslation("sendlog");
  const fmt = useFormat();
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

  const { choices, show, reset } = useLogColumns();
  const widths = languageWidths(i18n.language);
  const offered = (column: OptionalColumn) => (column !== "account" || showAccount) && (column !== "channel" || showChannel);
  const shown = (column: OptionalColumn) => choices[column] && offered(column);

  const all: (TableColumnsType<LogEntry>[number] & { key: "time" | OptionalColumn })[] = [
    {
      key: "time",
      title: t("col.time"),
      width: widths.time,
      fixed: "left",
      render: (_, entry) => <DateTime value={entry.startedAt} seconds className="pd-num pd-log-time" />,
    },
    {
      key: "account",
      title: t("col.account"),
      className: "pd-log-wrap",
      render: (_: unknown, entry: LogEntry) => entry.accountName ?? <Typography.Text type="secondary">{t("table.removedAccount")}</Typography.Text>,
    },
    {
      key: "campaign",
      title: t("col.campaign"),
      className: "pd-log-wrap",
      render: (_, entry) => (
        <span title={entry.campaignName}>
          <KindTag kind={entry.campaignKind} />
          {entry.campaignName}
        </span>
      ),
    },
    {
      key: "channel",
      title: t("col.channel"),
      width: widths.channel,
      render: (_, entry) => <ChannelTag channel={entry.channel} testId={`log-channel-${entry.id}`} />,
    },
    { key: "template", title: t("col.template"), dataIndex: "templateTitle", className: "pd-log-wrap" },
    {
      key: "openid",
      title: t("col.openid"),
      width: COLUMN_WIDTH.openid,
      render: (_, entry) => <CopyCell text={entry.openid} label={t("detail.copyOpenid")} />,
    },
    {
      key: "status",
      title: t("col.status"),
      width: widths.status,
      render: (_, entry) => <AttemptStatusTag status={entry.status} errcode={entry.errcode} />,
    },
    {
      key: "delivery",
      title: t("col.delivery"),
      width: widths.delivery,
      render: (_, entry) => <DeliveryTag entry={entry} testId={`log-delivery-${entry.id}`} />,
    },
    {
      key: "errcode",
      title: t("col.reason"),
      className: "pd-log-wrap",
      render: (_, entry) => {
        // The answer was lost (a timeout's -2); the receipt, not the errcode, is what counts now.
        if (entry.confirmedByReceipt) {
          return (
            <span title={t("detail.confirmedByReceipt")} data-testid={`log-confirmed-${entry.id}`}>
              {t("detail.confirmedShort")}
            </span>
          );
        }
        if (entry.errcode === null) return null;
        const text = explain(entry.explanation, i18n.language);
        return (
          <span title={text ? `${text.title} — ${text.action}` : (entry.errmsg ?? undefined)}>
            {text ? <span>{text.title} </span> : null}
            <span className="pd-code-text pd-log-secondary">{entry.errcode}</span>
          </span>
        );
      },
    },
    {
      key: "msgid",
      title: t("col.msgid"),
      width: COLUMN_WIDTH.msgid,
      render: (_, entry) =>
        entry.msgid ? <CopyCell text={entry.msgid} label={t("col.copyMsgid")} testId={`log-msgid-${entry.id}`} /> : null,
    },
    {
      key: "rid",
      title: t("col.rid"),
      width: COLUMN_WIDTH.rid,
      render: (_, entry) => (entry.rid ? <CopyCell text={entry.rid} label={t("col.copyRid")} /> : null),
    },
    {
      key: "attempt",
      title: t("col.attempt"),
      width: COLUMN_WIDTH.attempt,
      align: "right",
      render: (_, entry) => (
        <span className="pd-num" title={t("col.attemptNo", { n: entry.attemptNo })}>
          {entry.attemptNo}
        </span>
      ),
    },
  ];
  const columns = all.filter((column) => column.key === "time" || shown(column.key));
  // Text columns have no width of their own: they share the rest, and the table scrolls sideways only below their minimum.
  const width = columns.reduce((sum, c) => sum + (typeof c.width === "number" ? c.width : TEXT_COLUMN_MIN), 0);

  return (
    <div className="pd-log-table-wrap">
      <Flex justify="flex-end" className="pd-log-table-bar">
        <ColumnChooser choices={choices} offered={OPTIONAL_COLUMNS.filter(offered)} onShow={show} onReset={reset} />
      </Flex>
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
            ? t("table.shownOf", { shown: fmt.number(entries.length), total: fmt.number(total) })
            : t("table.shown", { shown: fmt.number(entries.length) })}
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
 * Machine text (openid, msgid, rid) in monospace, whole: it wraps inside its column rather than
 * being cut, with a copy button. Plain markup rather than `Typography` (no tooltip or measuring
 * per row), so hundreds of rows stay cheap.
 */
function CopyCell({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const { t } = useTranslation("sendlog");
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 1500);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <span className="pd-log-copy-cell">
      <span className="pd-code-text pd-log-copy-text" title={text} data-testid={testId}>
        {text}
      </span>
      <button
        type="button"
        className="pd-log-copy"
        aria-label={label}
        title={copied ? t("detail.copied") : label}
        onClick={(event) => {
          event.stopPropagation();
          void navigator.clipboard.writeText(text).then(
            () => setCopied(true),
            (error: unknown) => console.warn("clipboard", error),
          );
        }}
        onKeyDown={(event) => event.stopPropagation()}
      >
        {copied ? <CheckOutlined /> : <CopyOutlined />}
      </button>
    </span>
  );
}

type ColumnChooserProps = {
  choices: ColumnChoices;
  /** The columns that make sense now (the account column only across accounts, the channel only with template messages about). */
  offered: readonly OptionalColumn[];
  onShow: (column: OptionalColumn, shown: boolean) => void;
  onReset: () => void;
};

/** "Columns": which columns the table shows, remembered across restarts. */
function ColumnChooser({ choices, offered, onShow, onReset }: ColumnChooserProps) {
  const { t } = useTranslation("sendlog");
  const content = (
    <Flex vertical gap={6} className="pd-log-columns" data-testid="log-columns-panel">
      <Typography.Text type="secondary" className="pd-log-hint">
        {t("columns.hint")}
      </Typography.Text>
      {offered.map((column) => (
        <Checkbox
          key={column}
          checked={choices[column]}
          onChange={(event) => onShow(column, event.target.checked)}
          data-testid={`log-column-${column}`}
        >
          <span className="pd-log-column-name">{t(`columns.name.${column}`)}</span>
          {TECHNICAL_COLUMNS.includes(column) ? (
            <Typography.Text type="secondary" className="pd-log-hint">
              {" "}
              {t(`columns.help.${column as "msgid" | "rid"}`)}
            </Typography.Text>
          ) : null}
        </Checkbox>
      ))}
      <Button size="small" type="link" className="pd-log-columns-reset" onClick={onReset} disabled={isDefault(choices)} data-testid="log-columns-reset">
        {t("columns.reset")}
      </Button>
    </Flex>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight" title={t("columns.title")}>
      <Button size="small" icon={<SettingOutlined />} data-testid="log-columns">
        {t("columns.button")}
      </Button>
    </Popover>
  );
}
