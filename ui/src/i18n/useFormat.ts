import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime, formatNumber, type Instant } from "./format";

/** The UI's date, time and number formatters (see `format.ts`), bound to the current UI language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(
    () => ({
      language,
      dateTime: (value: Instant, options?: { seconds?: boolean }) => formatDateTime(value, language, options),
      date: (value: Instant) => formatDate(value, language),
      number: (value: number) => formatNumber(value, language),
    }),
    [language],
  );
}
