import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { DateTime } from "../../components/DateTime";
import { useFormat } from "../../i18n/useFormat";
import type { Campaign } from "../../ipc";
import { OutcomeBar } from "../campaigns/OutcomeBar";
import { StatusTag } from "../campaigns/StatusTag";
import { done } from "../campaigns/model";

const campaignPath = (campaign: Pick<Campaign, "id">) => `/campaigns/${campaign.id}`;

/** The name of a campaign as the way into its page, with its template under it. */
function CampaignName({ campaign, testId }: { campaign: Campaign; testId: string }) {
  return (
    <Flex vertical className="pd-dash-campaign-name">
      <Link to={campaignPath(campaign)} data-testid={`${testId}-open`} className="pd-ellipsis" title={campaign.name}>
        {campaign.name}
      </Link>
      <Typography.Text type="secondary" className="pd-dash-small" ellipsis={{ tooltip: campaign.templateTitle }}>
        {campaign.templateTitle}
      </Typography.Text>
    </Flex>
  );
}

/**
 * Campaigns sending, paused, stopped on an error or not started yet, each with its status, where
 * its rows ended up, and a way into it. A click anywhere on a row opens the campaign too.
 */
export function ActiveCampaignsCard({ campaigns }: { campaigns: readonly Campaign[] }) {
  const { t } = useTranslation("dashboard");
  const fmt = useFormat();
  const navigate = useNavigate();
  return (
    <Card
      size="small"
      className="pd-dash-card"
      data-testid="dashboard-active"
      title={t("active.title")}
      extra={
        <Link to="/campaigns" className="pd-dash-small" data-testid="dashboard-active-all">
          {t("active.all")}
        </Link>
      }
    >
      {campaigns.length === 0 ? (
        <Flex vertical align="flex-start" gap={8} data-testid="dashboard-active-empty">
          <Typography.Text type="secondary">{t("active.empty")}</Typography.Text>
          <Button size="small" icon={<PlusOutlined />} onClick={() => void navigate("/campaigns/new")} data-testid="dashboard-new-campaign">
            {t("newCampaign")}
          </Button>
        </Flex>
      ) : (
        <ul className="pd-dash-list">
          {campaigns.map((campaign) => {
            const testId = `dashboard-active-${campaign.id}`;
            return (
              <li
                key={campaign.id}
                className="pd-dash-item pd-dash-item-clickable"
                data-testid={testId}
                data-status={campaign.status}
                onClick={(event) => {
                  // The name is a link already; elsewhere on the row, a click opens the campaign too.
                  if (!(event.target as HTMLElement).closest("a")) void navigate(campaignPath(campaign));
                }}
              >
                <Flex justify="space-between" align="center" gap={12}>
                  <CampaignName campaign={campaign} testId={testId} />
                  <StatusTag status={campaign.status} testId={`${testId}-status`} />
                </Flex>
                <Flex align="center" gap={12} className="pd-dash-progress">
                  <div className="pd-dash-bar">
                    <OutcomeBar counts={campaign.counts} channel={campaign.channel} testId={`${testId}-outcome`} />
                  </div>
                  <Typography.Text type="secondary" className="pd-dash-small pd-num pd-dash-progress-text">
                    {t("active.progress", { done: fmt.number(done(campaign.counts)), total: fmt.number(campaign.counts.total) })}
                  </Typography.Text>
                </Flex>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

/** The last campaigns that finished or were cancelled: when, and how many got the message. */
export function RecentCampaignsCard({ campaigns }: { campaigns: readonly Campaign[] }) {
  const { t } = useTranslation("dashboard");
  const fmt = useFormat();
  const { t: tc } = useTranslation("campaigns");
  return (
    <Card size="small" className="pd-dash-card" data-testid="dashboard-recent" title={t("recent.title")}>
      {campaigns.length === 0 ? (
        <Typography.Text type="secondary" data-testid="dashboard-recent-empty">
          {t("recent.empty")}
        </Typography.Text>
      ) : (
        <ul className="pd-dash-list">
          {campaigns.map((campaign) => {
            const testId = `dashboard-recent-${campaign.id}`;
            return (
              <li key={campaign.id} className="pd-dash-item" data-testid={testId} data-status={campaign.status}>
                <Flex justify="space-between" align="center" gap={8}>
                  <CampaignName campaign={campaign} testId={testId} />
                  <StatusTag status={campaign.status} testId={`${testId}-status`} />
                </Flex>
                <Flex justify="space-between" gap={8} wrap className="pd-dash-small pd-num">
                  <Typography.Text type="secondary" className="pd-dash-small">
                    {tc("list.sentOfTotal", { sent: fmt.number(campaign.counts.sent), total: fmt.number(campaign.counts.total) })}
                  </Typography.Text>
                  {campaign.finishedAt !== null ? (
                    <Typography.Text type="secondary" className="pd-dash-small">
                      {t("recent.finishedAt")} <DateTime value={campaign.finishedAt} />
                    </Typography.Text>
                  ) : null}
                </Flex>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
