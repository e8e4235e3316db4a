import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { AttemptStatus } from "../../ipc";
import { ATTEMPT_STATUS_COLOR } from "./model";

/**
 * What `not_subscribed` means for an Official Account's template message, by its errcode: the
 * person does not follow the account (43004), or blocked it (43019). A mini program's 43101
 * keeps the status's own words (未订阅).
 */
const NOT_SUBSCRIBED_AS: Readonly<Record<number, "notFollowing" | "blocked">> = {
  43004: "notFollowing",
  43019: "blocked",
};

/** An attempt's status as a coloured tag, the raw status in `data-status`. */
export function AttemptStatusTag({ status, errcode, testId }: { status: AttemptStatus; errcode?: number | null; testId?: string }) {
  const { t } = useTranslation("sendlog");
  const as = status === "not_subscribed" && errcode != null ? NOT_SUBSCRIBED_AS[errcode] : undefined;
  return (
    <Tag color={ATTEMPT_STATUS_COLOR[status]} data-status={status} data-testid={testId} className="pd-log-status">
      {as ? t(`statusOfficial.${as}`) : t(`status.${status}`)}
    </Tag>
  );
}
