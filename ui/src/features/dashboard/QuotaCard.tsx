import { ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Progress, Spin, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/DateTime";
import { useFormat } from "../../i18n/useFormat";
import { toIpcError, type SendQuota } from "../../ipc";
import { quotaPercent } from "./model";
import { useSendQuota } from "./useDashboard";

/**
 * Today's send quota as WeChat counts it (used, left, daily limit). Asking WeChat may be slow or
 * fail: the card shows that in place, in the user's language, with a way to ask again, and the
 * rest of the page never waits for it.
 */
export function QuotaCard({ accountId }: { accountId: number }) {
  const { t } = useTranslation("dashboard");
  const { t: tc } = useTranslation();
  const quota = useSendQuota(accountId);
  const error = quota.isError ? toIpcError(quota.error) : null;

  return (
    <Card
      size="small"
      className="pd-dash-card"
      data-testid="dashboard-quota"
      title={t("quota.title")}
      extra={
        <Button
          size="small"
          icon={<ReloadOutlined />}
          loading={quota.isFetching}
          onClick={() => void quota.refetch()}
          data-testid="dashboard-quota-refresh"
        >
          {t("quota.refresh")}
        </Button>
      }
    >
      <Flex vertical gap={10}>
        {error ? (
          <Alert
            type="warning"
            showIcon
            data-testid="dashboard-quota-error"
            data-code={error.code}
            title={t("quota.failed", { reason: tc(`error.${error.code}`) })}
            description={<span data-testid="dashboard-quota-error-message">{error.message}</span>}
          />
        ) : null}
        {quota.data ? (
          <QuotaNumbers quota={quota.data} />
        ) : quota.isPending ? (
          <Flex align="center" gap={8} role="status" aria-live="polite" data-testid="dashboard-quota-loading">
            <Spin size="small" />
            <Typography.Text type="secondary">{t("quota.loading")}</Typography.Text>
          </Flex>
        ) : null}
      </Flex>
    </Card>
  );
}

function QuotaNumbers({ quota }: { quota: SendQuota }) {
  const { t } = useTranslation("dashboard");
  const fmt = useFormat();
  const percent = quotaPercent(quota);
  const exhausted = quota.remain <= 0;
  return (
    <Flex vertical gap={6}>
      <div>
        <Typography.Text type="secondary" className="pd-dash-small">
          {t("quota.remain")}
        </Typography.Text>
        <div
          className={exhausted ? "pd-dash-big pd-num pd-dash-exhausted" : "pd-dash-big pd-num"}
          data-testid="dashboard-quota-remain"
          data-value={quota.remain}
        >
          {fmt.number(quota.remain)}
        </div>
      </div>
      <Progress
        percent={percent}
        showInfo={false}
        size="small"
        status={exhausted ? "exception" : "normal"}
        aria-label={t("quota.usedAria", { percent: percent < 1 && percent > 0 ? "<1" : Math.round(percent) })}
        data-testid="dashboard-quota-bar"
      />
      <Flex justify="space-between" gap={8} wrap className="pd-dash-small pd-num">
        <span data-testid="dashboard-quota-used" data-value={quota.used}>
          {t("quota.used", { n: fmt.number(quota.used) })}
        </span>
        <span data-testid="dashboard-quota-limit" data-value={quota.dailyLimit}>
          {t("quota.limit", { n: fmt.number(quota.dailyLimit) })}
        </span>
      </Flex>
      <Typography.Text type="secondary" className="pd-dash-small" data-testid="dashboard-quota-checked-at" data-value={quota.checkedAt}>
        {t("quota.checkedAt")} <DateTime value={quota.checkedAt} className="pd-num" />
      </Typography.Text>
    </Flex>
  );
}
