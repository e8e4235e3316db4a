import { Typography } from "antd";
import { useTranslation } from "react-i18next";
import { splitDuration } from "./model";

/** Seconds as "约 1 小时 5 分" / "about 1 h 5 min" (seconds shown only under an hour). */
export function Duration({ seconds, strong, approx = true }: { seconds: number; strong?: boolean; approx?: boolean }) {
  const { t } = useTranslation("campaigns");
  const { h, m, s } = splitDuration(seconds);
  const parts: string[] = [];
  if (h > 0) parts.push(t("duration.h", { count: h }));
  if (m > 0) parts.push(t("duration.m", { count: m }));
  if (h === 0 && (s > 0 || parts.length === 0)) parts.push(t("duration.s", { count: s }));
  const text = parts.join(" ");
  return (
    <Typography.Text strong={strong} className="pd-num">
      {approx ? t("duration.approx", { text }) : text}
    </Typography.Text>
  );
}
