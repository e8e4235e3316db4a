import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { AttemptStatus, CampaignKind } from "../../ipc";
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

/** "单发" / "测试" before a campaign name; nothing for a real campaign. */
export function KindTag({ kind }: { kind: CampaignKind }) {
  const { t } = useTranslation("sendlog");
  if (kind === "campaign") return null;
  return (
    <Tag className="pd-log-kind-tag" data-kind={kind} color={kind === "test" ? "purple" : "blue"}>
      {t(`kind.${kind}`)}
    </Tag>
  );
}
