import { BarChartOutlined, CopyOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, App, Button, Descriptions, Drawer, Flex, Skeleton, Table, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { CodeText } from "../../components/CodeText";
import { DateTime } from "../../components/DateTime";
import { JsonBlock } from "../../components/JsonBlock";
import { toIpcError, type LogDetail, type LogEntry } from "../../ipc";
import { MessageCard } from "../compose/MessageCard";
import "../compose/compose.css";
import { COLUMN_WIDTH, languageWidths } from "./logColumns";
import { explain, sendAgainPath } from "./model";
import { AttemptStatusTag } from "./AttemptStatusTag";
import { ChannelTag } from "./ChannelTag";
import { KindTag } from "./KindTag";
import { ReceiptSection } from "./ReceiptSection";
import { useAccountTemplates, useLogEntry } from "./useSendLog";

type LogDetailDrawerProps = {
  /** The attempt shown; `null` closes the drawer. */
  id: number | null;
  onClose: () => void;
  /** Shows another attempt of the same recipient. */
  onOpen: (id: number) => void;
};

/** Everything about one attempt: fields, the card as sent, request and response, history. */
export function LogDetailDrawer({ id, onClose, onOpen }: LogDetailDrawerProps) {
  const { t } = useTranslation("sendlog");
  const query = useLogEntry(id);
  const detail = query.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={t("detail.title")}
      size={720}
      destroyOnHidden
      rootClassName="pd-log-drawer"
      data-testid="log-detail"
    >
      <div data-testid="log-detail-body">
        {query.isError ? (
          <Alert type="error" showIcon title={t("detail.loadFailed")} description={toIpcError(query.error).message} />
        ) : !detail || detail.entry.id !== id ? (
          <Skeleton active />
        ) : (
          <DetailBody detail={detail} onOpen={onOpen} />
        )}
      </div>
    </Drawer>
  );
}

function DetailBody({ detail, onOpen }: { detail: LogDetail; onOpen: (id: number) => void }) {
  const { t, i18n } = useTranslation("sendlog");
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { entry } = detail;
  const templates = useAccountTemplates(entry.accountId);
  const template = templates.data?.find((tpl) => tpl.templateId === entry.templateId);
  const labelOf = (key: string) => template?.keywords.find((k) => k.key === key)?.label ?? key;
  const text = explain(entry.explanation, i18n.language);

  const copyOpenid = () => {
    void navigator.clipboard.writeText(entry.openid).then(
      () => void message.success(t("detail.copied")),
      (error: unknown) => console.warn("clipboard", error),
    );
  };

  return (
    <Flex vertical gap={18}>
      <Flex gap={8} wrap>
        <Button icon={<CopyOutlined />} onClick={copyOpenid} data-testid="log-copy-openid">
          {t("detail.copyOpenid")}
        </Button>
        <Tooltip title={t("detail.sendAgainHint")}>
          <Button
            type="primary"
            icon={<SendOutlined />}
            data-testid="log-send-again"
            onClick={() => void navigate(sendAgainPath(entry))}
          >
            {t("detail.sendAgain")}
          </Button>
        </Tooltip>
        {entry.campaignKind === "campaign" ? (
          <Link to={`/log/campaign/${entry.campaignId}`} data-testid="log-campaign-report">
            <Button icon={<BarChartOutlined />}>{t("detail.campaignReport")}</Button>
          </Link>
        ) : null}
      </Flex>

      {text ? (
        <Alert
          type={entry.status === "not_subscribed" ? "info" : entry.status === "unknown" ? "warning" : "error"}
          showIcon
          data-testid="log-detail-explanation"
          title={text.title}
          description={text.action}
        />
      ) : null}

      <Descriptions size="small" column={1} bordered className="pd-log-fields" data-testid="log-detail-fields" title={t("detail.fields")}>
        <Descriptions.Item label={t("detail.startedAt")}>
          <DateTime value={entry.startedAt} seconds className="pd-num" />
        </Descriptions.Item>
        <Descriptions.Item label={t("detail.finishedAt")}>
          {entry.finishedAt !== null ? (
            <DateTime value={entry.finishedAt} seconds className="pd-num" />
          ) : (
            <Typography.Text type="secondary" data-testid="log-detail-no-answer">
              {t(entry.status === "sending" ? "detail.inFlight" : "detail.noAnswer")}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t("detail.status")}>
          <AttemptStatusTag status={entry.status} errcode={entry.errcode} testId="log-detail-status" />
        </Descriptions.Item>
        <Descriptions.Item label={t("detail.account")}>{entry.accountName ?? `#${entry.accountId}`}</Descriptions.Item>
        <Descriptions.Item label={t("detail.campaign")}>
          <KindTag kind={entry.campaignKind} />
          {entry.campaignName}
        </Descriptions.Item>
        <Descriptions.Item label={t("detail.channel")}>
          <ChannelTag channel={entry.channel} testId="log-detail-channel" />
        </Descriptions.Item>
        <Descriptions.Item label={t("detail.template")}>{entry.templateTitle}</Descriptions.Item>
        <Descriptions.Item label={t("detail.templateId")}>
          <CodeText copyable>{entry.templateId}</CodeText>
        </Descriptions.Item>
        <Descriptions.Item label={t("detail.openid")}>
          <CodeText copyable data-testid="log-detail-openid">
            {entry.openid}
          </CodeText>
        </Descriptions.Item>
        {entry.status !== "sent" ? (
          <>
            <Descriptions.Item label={t("detail.errcode")}>{entry.errcode !== null ? <CodeText>{entry.errcode}</CodeText> : "—"}</Descriptions.Item>
            <Descriptions.Item label={t("detail.errmsg")}>{entry.errmsg ? <CodeText>{entry.errmsg}</CodeText> : "—"}</Descriptions.Item>
          </>
        ) : null}
        <Descriptions.Item label={t("detail.msgid")}>
          {entry.msgid ? (
            <CodeText copyable data-testid="log-detail-msgid">
              {entry.msgid}
            </CodeText>
          ) : (
            "—"
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t("detail.rid")}>{entry.rid ? <CodeText copyable>{entry.rid}</CodeText> : "—"}</Descriptions.Item>
        <Descriptions.Item label={t("detail.attempt")}>{t("col.attemptNo", { n: entry.attemptNo })}</Descriptions.Item>
        <Descriptions.Item label={t("detail.page")}>
          {entry.page ? <CodeText>{entry.page}</CodeText> : <Typography.Text type="secondary">{t("detail.noPage")}</Typography.Text>}
        </Descriptions.Item>
      </Descriptions>

      <ReceiptSection entry={entry} />

      <section aria-labelledby="log-card-title" data-testid="log-detail-card">
        <Flex justify="space-between" align="baseline">
          <Typography.Title level={5} id="log-card-title" className="pd-log-section-title">
            {t("detail.card")}
          </Typography.Title>
          <Typography.Text type="secondary" className="pd-log-hint">
            {t("detail.cardHint")}
          </Typography.Text>
        </Flex>
        <div className="pd-log-card">
          {/* The card of the message's kind: 服务通知's for a subscribe message, the Official Account's chat's for a template message. */}
          <MessageCard
            channel={entry.channel}
            title={entry.templateTitle}
            appName={entry.accountName ?? ""}
            sentAt={entry.startedAt}
            rows={entry.values.map(({ key, value }) => ({ key, label: labelOf(key), value }))}
            message={{ page: entry.page, lang: entry.lang }}
          />
        </div>
      </section>

      <section aria-labelledby="log-request-title">
        <Typography.Title level={5} id="log-request-title" className="pd-log-section-title">
          {t("detail.request")}
        </Typography.Title>
        <JsonBlock text={detail.request} label={t("detail.request")} testId="log-detail-request" />
      </section>

      <section aria-labelledby="log-response-title">
        <Typography.Title level={5} id="log-response-title" className="pd-log-section-title">
          {t("detail.response")}
        </Typography.Title>
        {detail.response !== null ? (
          <JsonBlock text={detail.response} label={t("detail.response")} testId="log-detail-response" />
        ) : (
          <Typography.Text type="secondary" data-testid="log-detail-response">
            {t("detail.noResponse")}
          </Typography.Text>
        )}
      </section>

      <section aria-labelledby="log-history-title">
        <Typography.Title level={5} id="log-history-title" className="pd-log-section-title">
          {t("detail.history")}
        </Typography.Title>
        <History entries={detail.history} currentId={entry.id} onOpen={onOpen} />
      </section>
    </Flex>
  );
}

function History({ entries, currentId, onOpen }: { entries: LogEntry[]; currentId: number; onOpen: (id: number) => void }) {
  const { t, i18n } = useTranslation("sendlog");
  const widths = languageWidths(i18n.language);
  return (
    <Table<LogEntry>
      data-testid="log-detail-history"
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={entries}
      rowClassName={(entry) => (entry.id === currentId ? "pd-log-row-selected" : "pd-log-row")}
      onRow={(entry) =>
        ({
          "data-testid": `log-history-${entry.id}`,
          onClick: () => {
            if (entry.id !== currentId) onOpen(entry.id);
          },
        }) as React.HTMLAttributes<HTMLElement>
      }
      columns={[
        { key: "no", title: t("col.attempt"), width: COLUMN_WIDTH.attempt, render: (_, e) => <span className="pd-num">{e.attemptNo}</span> },
        { key: "time", title: t("col.time"), width: widths.time, render: (_, e) => <DateTime value={e.startedAt} seconds className="pd-num pd-log-time" /> },
        { key: "status", title: t("col.status"), width: widths.status, render: (_, e) => <AttemptStatusTag status={e.status} errcode={e.errcode} /> },
        {
          key: "errcode",
          title: t("col.outcome"),
          className: "pd-log-wrap",
          render: (_, e) =>
            e.errcode !== null ? (
              <span>
                <span className="pd-code-text">{e.errcode}</span>{" "}
                <Typography.Text type="secondary">{explain(e.explanation, i18n.language)?.title}</Typography.Text>
              </span>
            ) : e.msgid ? (
              <span title={t("col.msgidHint")}>
                <Typography.Text type="secondary">{t("col.msgid")}</Typography.Text> <span className="pd-code-text">{e.msgid}</span>
              </span>
            ) : null,
        },
        {
          key: "current",
          width: 76,
          render: (_, e) => (e.id === currentId ? <Typography.Text type="secondary">{t("detail.historyCurrent")}</Typography.Text> : null),
        },
      ]}
    />
  );
}
