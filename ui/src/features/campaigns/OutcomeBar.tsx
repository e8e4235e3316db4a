import { useTranslation } from "react-i18next";
import { StackedBar } from "../../components/StackedBar";
import { useFormat } from "../../i18n/useFormat";
import type { Counts } from "../../ipc";
import { OUTCOME_COLOR, OUTCOME_KEYS, remaining } from "./model";

/** Where every row of a campaign ended up: sent, not subscribed, failed, unknown, skipped; blank = still to send. */
export function OutcomeBar({ counts, size = "small", testId }: { counts: Counts; size?: "small" | "large"; testId?: string }) {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
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
      footer={t("outcome.remainingOf", { remaining: fmt.number(left), total: fmt.number(counts.total) })}
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
