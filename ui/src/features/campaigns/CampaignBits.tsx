import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import { StackedBar } from "../../components/StackedBar";
import type { CampaignStatus, Counts } from "../../ipc";
import { OUTCOME_COLOR, OUTCOME_KEYS, STATUS_COLOR, remaining } from "./model";

/** A campaign's status as a coloured tag, with the raw status in `data-status`. */
export function StatusTag({ status, testId }: { status: CampaignStatus; testId?: string }) {
  const { t } = useTranslation("campaigns");
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={testId} data-status={status} className="pd-campaign-status">
      {t(`status.${status}`)}
    </Tag>
  );
}

/** Where every row of a campaign ended up: sent, not subscribed, failed, unknown, skipped; blank = still to send. */
export function OutcomeBar({ counts, size = "small", testId }: { counts: Counts; size?: "small" | "large"; testId?: string }) {
  const { t } = useTranslation("campaigns");
  const segments = OUTCOME_KEYS.filter((key) => key !== "cancelled" || counts.cancelled > 0).map((key) => ({
    key,
    value: counts[key],
    color: OUTCOME_COLOR[key],
    label: t(`outcome.${key}`),
  }));
  const left = remaining(counts);
  return (
    <StackedBar
      segments={segments}
      total={counts.total}
      size={size}
      testId={testId}
      footer={t("outcome.remainingOf", { remaining: left.toLocaleString(), total: counts.total.toLocaleString() })}
      ariaLabel={t("outcome.aria", {
        sent: counts.sent,
        notSubscribed: counts.notSubscribed,
        failed: counts.failed,
        unknown: counts.unknown,
        skipped: counts.skipped,
        remaining: left,
      })}
    />
  );
}
