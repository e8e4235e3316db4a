import { useTranslation } from "react-i18next";

/** Formats an RFC 3339 instant as local date and time (24-hour) in the UI language. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

/** An instant shown in local time; the exact value stays machine-readable in `dateTime`. */
export function DateTime({ value, className }: { value: string; className?: string }) {
  const { i18n } = useTranslation();
  return (
    <time dateTime={value} className={className} title={value}>
      {formatDateTime(value, i18n.language)}
    </time>
  );
}
