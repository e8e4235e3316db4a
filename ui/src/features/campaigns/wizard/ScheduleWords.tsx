import type { DescriptionsProps } from "antd";
import { useTranslation } from "react-i18next";
import { DEFAULT_GRACE_MINUTES } from "../../../ipc";
import { useFormat } from "../../../i18n/useFormat";
import { clockText, minuteOfDay } from "../scheduleText";
import { useWindowLabel } from "../useScheduleText";
import { WEEK_DAYS, firstWeeklyRun, type Rereadable, type ScheduleForm } from "./schedule";

type Words = {
  /** The start button. */
  start: string;
  /** The confirmation's title, hint and OK button (for `count` people). */
  title: string;
  hint: string;
  ok: (count: number) => string;
  /** When, in which hours, how late, to whom: rows of the confirmation. */
  items: NonNullable<DescriptionsProps["items"]>;
};

/** The "when" choices in words, for the start button and the confirmation. */
export function useScheduleWords() {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  const windowLabel = useWindowLabel();

  const whenText = (form: ScheduleForm): string => {
    if (form.when === "now") return t("confirm.whenNow");
    if (form.when === "at") return form.at !== null ? fmt.dateTime(form.at) : "—";
    if (form.repeatKind === "cron") {
      const rule = t("confirm.whenCron", { expr: form.cron.trim().split(/\s+/).join(" ") });
      return form.at !== null ? t("confirm.whenCronFrom", { rule, from: fmt.dateTime(form.at) }) : rule;
    }
    if (form.at === null) return "—";
    const clock = clockText(minuteOfDay(form.at));
    if (form.repeatKind === "daily") return t("confirm.whenDaily", { clock, first: fmt.dateTime(form.at) });
    const days = WEEK_DAYS.filter((day) => form.days.includes(day))
      .map((day) => t(`schedule.day.${day}`))
      .join(t("confirm.daysJoin"));
    const first = firstWeeklyRun(form.at, form.days);
    return t("confirm.whenWeekly", { days, clock, first: first !== null ? fmt.dateTime(first) : "—" });
  };

  return (form: ScheduleForm, reread: Rereadable): Words => {
    const items: Words["items"] = [
      { key: "when", label: t("confirm.when"), children: <span data-testid="campaign-confirm-when" data-when={form.when}>{whenText(form)}</span> },
      {
        key: "window",
        label: t("confirm.window"),
        children: <span data-testid="campaign-confirm-window">{windowLabel(form.windowOn ? form.window : null)}</span>,
      },
    ];
    if (form.when !== "now") {
      items.push({
        key: "grace",
        label: t("confirm.grace"),
        children: <span data-testid="campaign-confirm-grace">{t("timing.graceValue", { count: form.graceMinutes ?? DEFAULT_GRACE_MINUTES })}</span>,
      });
    }
    if (form.when === "repeat") {
      const again = reread !== null && form.audience === "reread" ? reread : null;
      const words =
        again === "followers" ? t("confirm.audienceRefetch") : again === "file" ? t("confirm.audienceReread") : t("confirm.audienceReuse");
      items.push({
        key: "audience",
        label: t("confirm.audience"),
        children: <span data-testid="campaign-confirm-audience">{words}</span>,
      });
    }
    switch (form.when) {
      case "now":
        return { start: t("send.start"), title: t("confirm.title"), hint: t("confirm.hint"), ok: (count) => t("confirm.ok", { count }), items };
      case "at":
        return { start: t("send.schedule"), title: t("confirm.titleAt"), hint: t("confirm.hintAt"), ok: (count) => t("confirm.okAt", { count }), items };
      case "repeat":
        return { start: t("send.schedule"), title: t("confirm.titleRepeat"), hint: t("confirm.hintRepeat"), ok: () => t("confirm.okRepeat"), items };
    }
  };
}
