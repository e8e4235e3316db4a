import { SyncOutlined } from "@ant-design/icons";
import { Card, Descriptions, Tag, Typography, type DescriptionsProps } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DateTime } from "../../components/DateTime";
import type { Campaign } from "../../ipc";
import { useWindowLabel } from "./useScheduleText";

/** Statuses whose `scheduledAt` is when it starts (or was due to). */
const WAITS_FOR_TIME: readonly Campaign["status"][] = ["scheduled", "missed"];

/** Whether a campaign has anything to do with time: a schedule, a window, a series. */
export function hasSchedule(campaign: Campaign): boolean {
  return campaign.scheduledAt !== null || campaign.window !== null || campaign.seriesId !== null || campaign.resumeAt !== null;
}

/** Under a list row's status: when it starts, was due, or goes on; and whether it is a series' run. */
export function ScheduleCell({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation("campaigns");
  const due = WAITS_FOR_TIME.includes(campaign.status) && campaign.scheduledAt !== null;
  const goesOn = campaign.status === "waiting_window" && campaign.resumeAt !== null;
  if (!due && !goesOn && campaign.seriesId === null) return null;
  return (
    <>
      {due && campaign.scheduledAt !== null ? (
        <Typography.Text type="secondary" className="pd-campaign-small pd-num" data-testid={`campaign-scheduled-at-${campaign.id}`}>
          {campaign.status === "missed" ? t("timing.dueWas") : t("timing.at")} <DateTime value={campaign.scheduledAt} />
        </Typography.Text>
      ) : null}
      {goesOn && campaign.resumeAt !== null ? (
        <Typography.Text type="secondary" className="pd-campaign-small pd-num" data-testid={`campaign-resume-at-${campaign.id}`}>
          {t("timing.resumeAt")} <DateTime value={campaign.resumeAt} />
        </Typography.Text>
      ) : null}
      {campaign.seriesId !== null ? (
        <Tag icon={<SyncOutlined />} className="pd-campaign-status" data-testid={`campaign-row-series-${campaign.id}`}>
          {t("timing.series")}
        </Tag>
      ) : null}
    </>
  );
}

/** The detail page's "Schedule" card: when, in which hours, how late it may start, the series. */
export function ScheduleCard({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation("campaigns");
  const windowLabel = useWindowLabel();
  if (!hasSchedule(campaign)) return null;
  const items: NonNullable<DescriptionsProps["items"]> = [];
  if (campaign.scheduledAt !== null) {
    const missed = campaign.status === "missed";
    items.push({
      key: "at",
      label: missed ? t("timing.card.dueWas") : t("timing.card.scheduledAt"),
      children: (
        <span data-testid="campaign-scheduled-at" data-value={campaign.scheduledAt}>
          <DateTime value={campaign.scheduledAt} />
        </span>
      ),
    });
  }
  if (campaign.status === "waiting_window" && campaign.resumeAt !== null) {
    items.push({
      key: "resume",
      label: t("timing.card.resumeAt"),
      children: (
        <span data-testid="campaign-schedule-resume-at">
          <DateTime value={campaign.resumeAt} />
        </span>
      ),
    });
  }
  items.push({ key: "window", label: t("timing.card.window"), children: <span data-testid="campaign-schedule-window">{windowLabel(campaign.window)}</span> });
  if (campaign.scheduledAt !== null || campaign.seriesId !== null) {
    items.push({
      key: "grace",
      label: t("timing.card.grace"),
      children: <span data-testid="campaign-schedule-grace">{t("timing.graceValue", { count: campaign.graceMinutes })}</span>,
    });
  }
  if (campaign.timezone !== null) {
    items.push({ key: "zone", label: t("timing.card.timezone"), children: <span data-testid="campaign-schedule-timezone">{campaign.timezone}</span> });
  }
  if (campaign.seriesId !== null) {
    items.push({
      key: "series",
      label: t("timing.card.series"),
      children: (
        <Link to={`/series/${campaign.seriesId}`} data-testid="campaign-series-link">
          {t("timing.card.seriesLink")}
        </Link>
      ),
    });
    items.push({
      key: "next",
      label: t("timing.card.nextRun"),
      children: (
        <span data-testid="campaign-schedule-next-run">{campaign.nextRunAt !== null ? <DateTime value={campaign.nextRunAt} /> : t("timing.card.noNextRun")}</span>
      ),
    });
  }
  return (
    <Card size="small" className="pd-campaign-card" title={t("timing.card.title")} data-testid="campaign-schedule">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={items} />
      {campaign.status === "scheduled" ? (
        <Typography.Paragraph type="secondary" className="pd-campaign-small pd-campaign-schedule-note">
          {t("timing.card.scheduledHint")}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
