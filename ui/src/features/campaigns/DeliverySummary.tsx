import { Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatPercent } from "../../i18n/format";
import { useFormat } from "../../i18n/useFormat";
import type { Counts } from "../../ipc";
import "./campaigns.css";

/** Segment colours as the outcome bar's: delivered is the green of sent, failed its red. */
const COLOR = { delivered: "#52c41a", deliveryFailed: "#ff4d4f", noReceipt: "#d0d0d0" } as const;

/**
 * What WeChat's delivery receipts say of a campaign's sent rows: delivered (and the delivery
 * rate, delivered ÷ sent), failed after WeChat accepted them, and those without a receipt yet.
 * Without any receipt, a quiet word on where receipts come from. Nothing before a row is sent.
 */
export function DeliverySummary({ counts, testIdPrefix }: { counts: Counts; testIdPrefix: string }) {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  if (counts.sent === 0) return null;
  const receipts = counts.delivered + counts.deliveryFailed;
  if (receipts === 0) {
    return (
      <Typography.Text type="secondary" className="pd-campaign-small" data-testid={`${testIdPrefix}-none`}>
        {t("delivery.none")} <Link to="/ledger">{t("delivery.openLedger")}</Link>
      </Typography.Text>
    );
  }
  const noReceipt = Math.max(0, counts.sent - receipts);
  const rate = formatPercent(counts.delivered, counts.sent, fmt.language);
  const item = (key: keyof typeof COLOR, label: string, value: number, testId: string) => (
    <div className="pd-campaign-counter">
      <span className="pd-campaign-counter-label">
        <span className="pd-campaign-dot" style={{ background: COLOR[key] }} aria-hidden />
        {label}
      </span>
      <span className="pd-campaign-counter-value pd-num" data-testid={testId} data-value={value}>
        {fmt.number(value)}
      </span>
    </div>
  );
  return (
    <Flex vertical gap={8} data-testid={testIdPrefix}>
      <div className="pd-campaign-counters">
        {item("delivered", t("delivery.delivered"), counts.delivered, `${testIdPrefix}-delivered`)}
        <div className="pd-campaign-counter">
          <span className="pd-campaign-counter-label">{t("delivery.rate")}</span>
          <span className="pd-campaign-counter-value pd-num" data-testid={`${testIdPrefix}-rate`} data-value={counts.delivered / counts.sent}>
            {rate}
          </span>
        </div>
        {item("deliveryFailed", t("delivery.failed"), counts.deliveryFailed, `${testIdPrefix}-failed`)}
        {item("noReceipt", t("delivery.noReceipt"), noReceipt, `${testIdPrefix}-no-receipt`)}
      </div>
      <Typography.Text type="secondary" className="pd-campaign-small">
        {t("delivery.rateHint", { sent: fmt.number(counts.sent) })} {counts.deliveryFailed > 0 ? t("delivery.failedHint") : null}
      </Typography.Text>
    </Flex>
  );
}
