import { useTranslation } from "react-i18next";
import { formatDateTime, type Instant } from "../i18n/format";

export { formatDateTime } from "../i18n/format";

/**
 * An instant in local time, written by the UI's one date rule (`i18n/format.ts`): `2026-12-05
 * 10:00` in Chinese, `Dec 5, 2026, 10:00` in English. The exact instant stays machine-readable
 * in `dateTime`.
 */
export function DateTime({ value, seconds, className }: { value: Instant; seconds?: boolean; className?: string }) {
  const { i18n } = useTranslation();
  const date = value instanceof Date ? value : new Date(value);
  const machine = Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
  return (
    <time dateTime={machine} className={className}>
      {formatDateTime(value, i18n.language, { seconds })}
    </time>
  );
}
