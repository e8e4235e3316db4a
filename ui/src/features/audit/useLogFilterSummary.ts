import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { LogFilter } from "../../ipc";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";

/** Between the parts of a summary: the separator the app's subtitles use, the same in both languages. */
const SEPARATOR = " · ";

/**
 * The send log's filter an export wrote, in a few words ("2026-03-01 至 2026-03-07 · 失败 ·
 * 错误码 43101"): enough to tell exports apart without opening the file. The labels are the send
 * log's own, so both pages say the same.
 */
export function useLogFilterSummary(): (filter: LogFilter) => string {
  const { t } = useTranslation("audit");
  const { t: tl } = useTranslation("sendlog");
  const fmt = useFormat();
  const { accounts } = useSelectedAccount();
  return useCallback(
    (filter: LogFilter) => {
      const parts: string[] = [];
      const { fromMs, toMs } = filter;
      // `toMs` is exclusive (the next midnight of a day range): the last day shown is the one before it.
      const lastDay = toMs != null ? fmt.date(toMs - 1) : null;
      if (fromMs != null && lastDay !== null) {
        const firstDay = fmt.date(fromMs);
        parts.push(firstDay === lastDay ? firstDay : t("detail.between", { from: firstDay, to: lastDay }));
      } else if (fromMs != null) {
        parts.push(t("detail.from", { date: fmt.date(fromMs) }));
      } else if (lastDay !== null) {
        parts.push(t("detail.until", { date: lastDay }));
      }
      if (filter.accountId != null) {
        const account = accounts.find((a) => a.id === filter.accountId);
        parts.push(account ? t("detail.account", { name: account.name }) : t("detail.accountId", { id: filter.accountId }));
      }
      if (filter.campaignId != null) parts.push(t("detail.campaign", { id: filter.campaignId }));
      if (filter.templateId != null) parts.push(t("detail.template", { id: filter.templateId }));
      if (filter.channel != null) parts.push(tl(`channel.${filter.channel}`));
      if (filter.status != null && filter.status.length > 0) {
        const names = filter.status.map((status) => tl(`status.${status}`));
        parts.push(new Intl.ListFormat(fmt.language, { type: "disjunction" }).format(names));
      }
      if (filter.delivery != null) parts.push(tl(`delivery.${filter.delivery}`));
      if (filter.errcode != null) parts.push(t("detail.errcode", { code: filter.errcode }));
      if (filter.openid != null && filter.openid !== "") {
        parts.push(t(filter.openidPrefix ? "detail.openidPrefix" : "detail.openid", { openid: filter.openid }));
      }
      return parts.length > 0 ? parts.join(SEPARATOR) : t("detail.wholeLog");
    },
    [t, tl, fmt, accounts],
  );
}
