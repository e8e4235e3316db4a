import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { AttemptStatus } from "../../ipc";
import { ATTEMPT_STATUS_COLOR } from "./model";

/** An attempt's status as a coloured tag, the raw status in `data-status`. */
export function AttemptStatusTag({ status, testId }: { status: AttemptStatus; testId?: string }) {
  const { t } = useTranslation("sendlog");
  return (
    <Tag color={ATTEMPT_STATUS_COLOR[status]} data-status={status} data-testid={testId} className="pd-log-status">
      {t(`status.${status}`)}
    </Tag>
  );
}
