import { Alert, Descriptions, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../components/CodeText";
import { DateTime } from "../../components/DateTime";
import type { LogEntry } from "../../ipc";
import { DeliveryTag } from "./DeliveryTag";
import { deliveryOf, isIntercepted } from "./model";

/**
 * The detail drawer's delivery receipt: when it came, its code and status as pushed; or that
 * none has come yet. An attempt that was not sent gets none (no receipt can come for it). A
 * template message WeChat intercepted says so first: no receipt told, the interception check did.
 */
export function ReceiptSection({ entry }: { entry: LogEntry }) {
  const { t } = useTranslation("sendlog");
  const delivery = deliveryOf(entry);
  if (delivery === null) return null;
  return (
    <section aria-labelledby="log-receipt-title" data-testid="log-detail-receipt" data-delivery={delivery}>
      <Typography.Title level={5} id="log-receipt-title" className="pd-log-section-title">
        {t("detail.receipt")}
      </Typography.Title>
      <Flex vertical gap={8}>
        {isIntercepted(entry) ? (
          <Alert
            type="warning"
            showIcon
            data-testid="log-detail-intercepted"
            title={t("detail.intercepted")}
            description={t("delivery.interceptedHint")}
          />
        ) : null}
        {entry.confirmedByReceipt ? (
          <Alert
            type="info"
            showIcon
            data-testid="log-detail-confirmed"
            title={t("detail.confirmedByReceipt")}
            description={t("detail.confirmedByReceiptHint")}
          />
        ) : null}
        {entry.delivery === null ? (
          <Typography.Text type="secondary" data-testid="log-detail-no-receipt">
            {t("detail.noReceipt")}
          </Typography.Text>
        ) : (
          <Descriptions size="small" column={1} bordered className="pd-log-fields" data-testid="log-detail-receipt-fields">
            <Descriptions.Item label={t("detail.deliveryResult")}>
              <DeliveryTag entry={entry} testId="log-detail-delivery" />
            </Descriptions.Item>
            <Descriptions.Item label={t("detail.deliveryAt")}>
              {entry.deliveryAt !== null ? <DateTime value={entry.deliveryAt} seconds className="pd-num" /> : "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("detail.deliveryCode")}>
              {entry.deliveryCode !== null ? <CodeText data-testid="log-detail-delivery-code">{entry.deliveryCode}</CodeText> : "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("detail.deliveryStatus")}>
              {entry.deliveryStatus ? <CodeText data-testid="log-detail-delivery-status">{entry.deliveryStatus}</CodeText> : "—"}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Flex>
    </section>
  );
}
