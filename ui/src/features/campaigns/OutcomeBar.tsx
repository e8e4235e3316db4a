import { useTranslation } from "react-i18next";
import { StackedBar } from "../../components/StackedBar";
import { useFormat } from "../../i18n/useFormat";
import type { Counts, MessageChannel } from "../../ipc";
import { OUTCOME_COLOR, OUTCOME_KEYS, outcomeLabelKey, remaining } from "./model";

type Props = {
  counts: Counts;
  /** The campaign's kind of message: a template message's "not subscribed" is "not following or blocked". */
  channel?: MessageChannel;
  size?: "small" | "large";
  testId?: string;
};

/** Where every row of a campaign ended up: sent, not subscribed, failed, unknown, skipped; blank = still to send. */
export function OutcomeBar({ counts, channel = "subscribe_message", size = "small", testId }: Props) {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  const segments = OUTCOME_KEYS.filter((key) => key !== "cancelled" || counts.cancelled > 0).map((key) => ({
    key,
    value: counts[key],
    color: OUTCOME_COLOR[key],
    label: t(outcomeLabelKey(key, channel)),
  }));
  const left = remaining(counts);
  const numbers = {
    sent: counts.sent,
    notSubscribed: counts.notSubscribed,
    failed: counts.failed,
    unknown: counts.unknown,
    skipped: counts.skipped,
    remaining: left,
  };
  return (
    <StackedBar
      segments={segments}
      total={counts.total}
      size={size}
      testId={testId}
      footer={t("outcome.remainingOf", { remaining: fmt.number(left), total: fmt.number(counts.total) })}
      ariaLabel={channel === "template_message" ? t("outcome.ariaOfficial", numbers) : t("outcome.aria", numbers)}
    />
  );
}
