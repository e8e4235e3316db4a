import { SyncOutlined } from "@ant-design/icons";
import { Card, Flex, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DateTime } from "../../components/DateTime";
import { useCampaignList } from "../campaigns/useCampaigns";
import { nextRunTimes, useSeriesRule } from "./seriesText";
import { useSeriesList } from "./useSeries";
import "./series.css";

/**
 * The account's recurring campaigns, on the campaigns page: each opens its series page (rule,
 * next runs, past runs, stop). Nothing is shown while the account has none.
 */
export function SeriesList({ accountId }: { accountId: number }) {
  const { t } = useTranslation("series");
  const rule = useSeriesRule();
  const list = useSeriesList(accountId);
  // The runs made but not started yet (the first run, made with the series) are the account's campaigns.
  const campaigns = useCampaignList(accountId).data ?? [];
  if (!list.data || list.data.length === 0) return null;
  return (
    <Card
      size="small"
      className="pd-series-card"
      data-testid="campaigns-series"
      title={
        <Flex align="center" gap={8}>
          <SyncOutlined aria-hidden />
          {t("list.title")}
        </Flex>
      }
    >
      <ul className="pd-series-list">
        {list.data.map((series) => {
          const runs = campaigns.filter((campaign) => campaign.seriesId === series.id);
          const next = nextRunTimes(runs, series.nextRunAt !== null ? [series.nextRunAt] : [])[0];
          return (
            <li key={series.id} className="pd-series-list-item" data-testid={`campaigns-series-row-${series.id}`}>
              <Flex align="center" gap={12} wrap>
                <Link to={`/series/${series.id}`} data-testid={`campaigns-series-${series.id}`}>
                  <Typography.Text strong>{series.name}</Typography.Text>
                </Link>
                <Typography.Text>{rule(series)}</Typography.Text>
                {series.stoppedAt !== null ? (
                  <Tag data-testid={`campaigns-series-${series.id}-stopped`}>{t("stopped")}</Tag>
                ) : next !== undefined ? (
                  <Typography.Text type="secondary" className="pd-series-small pd-num" data-testid={`campaigns-series-${series.id}-next`}>
                    {t("list.next")} <DateTime value={next} />
                  </Typography.Text>
                ) : null}
              </Flex>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
