import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { CampaignStatus } from "../../ipc";
import { STATUS_COLOR } from "./model";

/** A campaign's status as a coloured tag, with the raw status in `data-status`. */
export function StatusTag({ status, testId }: { status: CampaignStatus; testId?: string }) {
  const { t } = useTranslation("campaigns");
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={testId} data-status={status} className="pd-campaign-status">
      {t(`status.${status}`)}
    </Tag>
  );
}
