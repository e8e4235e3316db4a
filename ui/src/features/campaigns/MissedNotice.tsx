import { Alert, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DateTime } from "../../components/DateTime";
import type { Campaign } from "../../ipc";
import { CampaignActionBar } from "./CampaignActions";

/**
 * Scheduled campaigns whose time passed while Pushdesk was not running, beyond their grace
 * period: never sent hours late by surprise, they wait for a person to start or skip each one.
 */
export function MissedNotice({ campaigns }: { campaigns: readonly Campaign[] }) {
  const { t } = useTranslation("campaigns");
  const missed = campaigns.filter((campaign) => campaign.status === "missed" && campaign.archivedAt === null);
  if (missed.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="campaigns-missed"
      title={t("missed.title", { count: missed.length })}
      description={
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t("missed.hint")}</Typography.Text>
          {missed.map((campaign) => (
            <Flex key={campaign.id} align="center" gap={12} wrap data-testid={`campaigns-missed-${campaign.id}`}>
              <Link to={`/campaigns/${campaign.id}`}>
                <Typography.Text strong>{campaign.name}</Typography.Text>
              </Link>
              {campaign.scheduledAt !== null ? (
                <Typography.Text type="secondary" className="pd-campaign-small pd-num">
                  {t("timing.dueWas")} <DateTime value={campaign.scheduledAt} />
                </Typography.Text>
              ) : null}
              <CampaignActionBar
                campaign={campaign}
                counts={campaign.counts}
                only={["start", "skip"]}
                testIdPrefix={`campaigns-missed-${campaign.id}`}
                size="small"
              />
            </Flex>
          ))}
        </Flex>
      }
    />
  );
}
