import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { DeliveryFilter, LogEntry } from "../../ipc";
import { deliveryOf } from "./model";

/** antd Tag colour per delivery verdict. */
const DELIVERY_COLOR: Record<DeliveryFilter, string> = {
  delivered: "success",
  delivery_failed: "error",
  no_receipt: "default",
};

/**
 * What the receipt says of an attempt: 已送达, 送达失败 with the receipt's code, or 无回执 for a
 * sent attempt none has reached; nothing for an attempt that was not sent. The verdict is in
 * `data-delivery`.
 */
export function DeliveryTag({ entry, testId }: { entry: Pick<LogEntry, "status" | "delivery" | "deliveryCode">; testId?: string }) {
  const { t } = useTranslation("sendlog");
  const delivery = deliveryOf(entry);
  if (delivery === null) return null;
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
