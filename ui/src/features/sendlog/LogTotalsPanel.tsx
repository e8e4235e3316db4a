import { FilterOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Skeleton, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { DeliveryFilter, LogTotals, MessageChannel } from "../../ipc";
import { ATTEMPT_STATUS_COLOR, explain, statusLabelKey } from "./model";

type LogTotalsPanelProps = {
  totals: LogTotals | undefined;
  loading: boolean;
  /** Narrows the log to one errcode. */
  onErrcode: (errcode: number) => void;
  /** The channels the log shows: what "not subscribed" is called. */
  channels: readonly MessageChannel[];
};

/**
 * Totals of the current filter: all sends, by status, what the delivery receipts say of the
 * sent ones, and by errcode with what to do.
 */
export function LogTotalsPanel({ totals, loading, onErrcode, channels }: LogTotalsPanelProps) {
  const { t, i18n } = useTranslation("sendlog");
  const fmt = useFormat();
  if (!totals) {
    return (
      <Card size="small" className="pd-log-totals" data-testid="log-totals" aria-busy={loading}>
        <Skeleton active paragraph={false} title={{ width: "40%" }} />
      </Card>
    );
  }
  return (
    <Card size="small" className="pd-log-totals" data-testid="log-totals" aria-label={t("totals.label")} aria-busy={loading}>
      <Flex gap={10} wrap align="center">
        <Typography.Text strong className="pd-num" data-testid="log-totals-total" data-count={totals.total}>
          {t("totals.total", { n: fmt.number(totals.total) })}
        </Typography.Text>
        <Flex gap={4} wrap>
          {totals.byStatus.map(({ status, count }) => (
            <Tag key={status} color={ATTEMPT_STATUS_COLOR[status]} data-testid={`log-totals-status-${status}`} data-count={count}>
              {t(statusLabelKey(status, channels))} <span className="pd-num">{fmt.number(count)}</span>
            </Tag>
          ))}
        </Flex>
      </Flex>
      <DeliveryLine totals={totals} />
      {totals.byErrcode.length > 0 ? (
        <div className="pd-log-errcodes">
          <Typography.Text type="secondary" className="pd-log-errcodes-title">
            {t("totals.byErrcode")}
          </Typography.Text>
          <ul className="pd-log-errcode-list">
            {totals.byErrcode.map(({ errcode, count, explanation }) => {
              const text = explain(explanation, i18n.language);
              const id = errcode === null ? "none" : String(errcode);
              return (
                <li key={id} className="pd-log-errcode" data-testid={`log-errcode-${id}`}>
                  <Flex gap={8} align="baseline">
                    <Typography.Text code className="pd-log-errcode-code">
                      {errcode ?? "—"}
                    </Typography.Text>
                    <span className="pd-num pd-log-errcode-count">{t("totals.times", { n: fmt.number(count) })}</span>
                    <div className="pd-log-errcode-text">
                      <Typography.Text strong>{text?.title ?? t(errcode === null ? "totals.noErrcode" : "totals.unknownErrcode")}</Typography.Text>
                      {text ? (
                        <Typography.Text type="secondary" className="pd-log-errcode-action">
                          {text.action}
                        </Typography.Text>
                      ) : null}
                    </div>
                    {errcode !== null ? (
                      <Tooltip title={t("totals.filterBy")}>
                        <Button
                          size="small"
                          type="text"
                          icon={<FilterOutlined />}
                          aria-label={t("totals.filterBy")}
                          onClick={() => onErrcode(errcode)}
                          data-testid={`log-errcode-filter-${errcode}`}
                        />
                      </Tooltip>
                    ) : null}
                  </Flex>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}

/** Of the sent attempts: delivered, delivery failed, no receipt yet; nothing when none was sent. */
function DeliveryLine({ totals }: { totals: LogTotals }) {
  const { t } = useTranslation("sendlog");
  const fmt = useFormat();
  const sent = totals.byStatus.find((s) => s.status === "sent")?.count ?? 0;
  if (sent === 0) return null;
  const { delivered, deliveryFailed, noReceipt } = totals.delivery;
  const parts: { key: DeliveryFilter; count: number; color: string }[] = [
    { key: "delivered", count: delivered, color: "success" },
    { key: "delivery_failed", count: deliveryFailed, color: "error" },
    { key: "no_receipt", count: noReceipt, color: "default" },
  ];
  return (
    <Flex gap={6} wrap align="center" className="pd-log-delivery-totals" data-testid="log-totals-delivery">
      <Typography.Text type="secondary">{t("totals.delivery", { n: fmt.number(sent) })}</Typography.Text>
      {parts.map(({ key, count, color }) => (
        <Tag key={key} color={color} data-testid={`log-totals-delivery-${key}`} data-count={count}>
          {t(`delivery.${key}`)} <span className="pd-num">{fmt.number(count)}</span>
        </Tag>
      ))}
      {delivered + deliveryFailed === 0 ? (
        <Typography.Text type="secondary" className="pd-log-hint" data-testid="log-totals-delivery-hint">
          {t("totals.deliveryHint")}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
