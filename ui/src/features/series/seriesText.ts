import { useTranslation } from "react-i18next";
import type { Campaign, Series } from "../../ipc";

/**
 * A series' rule in the UI's language: the core's words ("每周一、周四 10:00" / "every Monday and
 * Thursday at 10:00"); a cron rule, which the core leaves as its expression, is said to be one.
 */
export function useSeriesRule() {
  const { t, i18n } = useTranslation("series");
  return (series: Pick<Series, "repeat" | "repeatZh" | "repeatEn">): string => {
    const cron = /^cron\s+(.+)$/i.exec(series.repeat.trim());
    if (cron?.[1]) return t("rule.cron", { expr: cron[1] });
    return i18n.language.startsWith("en") ? series.repeatEn : series.repeatZh;
  };
}

/**
 * A series' next sends, soonest first: its runs made but not started yet (the first run is made
 * with the series, scheduled) and the times the rule makes its next runs at.
 */
export function nextRunTimes(runs: readonly Campaign[], upcoming: readonly number[]): number[] {
  const made = runs.flatMap((run) => (run.status === "scheduled" && run.scheduledAt !== null ? [run.scheduledAt] : []));
  return [...new Set([...made, ...upcoming])].sort((a, b) => a - b);
}
