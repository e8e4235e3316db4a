import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import type { DeliveryFilter, LogEntry } from "../../ipc";
import { deliveryOf, isIntercepted } from "./model";

/** antd Tag colour per delivery verdict. */
const DELIVERY_COLOR: Record<DeliveryFilter, string> = {
  delivered: "success",
  delivery_failed: "error",
  no_receipt: "default",
};

type Props = { entry: Pick<LogEntry, "status" | "delivery" | "deliveryCode" | "deliveryStatus">; testId?: string };

/**
 * What the receipt says of an attempt: 已送达, 送达失败 with the receipt's code, or 无回执 for a
 * sent attempt none has reached; 被拦截 for a template message WeChat accepted and then kept from
 * the person as purely promotional (found by the interception check, not by a receipt); nothing
 * for an attempt that was not sent. The verdict is in `data-delivery`, an interception in
 * `data-intercepted`.
 */
export function DeliveryTag({ entry, testId }: Props) {
  const { t } = useTranslation("sendlog");
  const delivery = deliveryOf(entry);
  if (delivery === null) return null;
  if (isIntercepted(entry)) {
    return (
      <Tooltip title={t("delivery.interceptedHint")}>
        <Tag color="error" data-testid={testId} data-delivery={delivery} data-intercepted="true" className="pd-log-status" tabIndex={0}>
          {t("delivery.intercepted")}
        </Tag>
      </Tooltip>
    );
  }
  const code = delivery === "delivery_failed" ? entry.deliveryCode : null;
  return (
    <Tag
      color={DELIVERY_COLOR[delivery]}
      variant={delivery === "no_receipt" ? "outlined" : undefined}
      data-testid={testId}
      data-delivery={delivery}
      className="pd-log-status"
      title={code !== null ? t("delivery.codeTitle", { code }) : undefined}
    >
      {t(`delivery.${delivery}`)}
      {code !== null ? <span className="pd-code-text"> {code}</span> : null}
    </Tag>
  );
}
