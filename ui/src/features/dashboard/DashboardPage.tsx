import { ReloadOutlined } from "@ant-design/icons";
import { useIsFetching, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Row, Skeleton } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";
import { toIpcError, type MessageChannel } from "../../ipc";
import { GoToAccountsButton } from "../accounts/GoToAccountsButton";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import { channelOf } from "../compose/jump";
import { ActiveCampaignsCard, RecentCampaignsCard } from "./CampaignCards";
import { ErrcodesCard } from "./ErrcodesCard";
import "./dashboard.css";
import { periodRange, topErrcodes } from "./model";
import { QuotaCard } from "./QuotaCard";
import { SendsCard } from "./SendsCard";
import { dashboardQueryKey, sendQuotaQueryKey, useDashboard, useLiveDashboard } from "./useDashboard";

/**
 * The home page: what the current account sent today and this week, by outcome; its campaigns
 * in progress and the last ones that ended; today's quota; and why sends did not go through.
 */
export function DashboardPage() {
  const { t } = useTranslation("dashboard");
  const { selectedAccount, isLoading } = useSelectedAccount();

  return (
    <PageContainer
      testId="page-dashboard"
      title={t("title")}
      subtitle={selectedAccount ? `${t("subtitle")} · ${selectedAccount.name}` : t("subtitle")}
      extra={selectedAccount ? <RefreshButton accountId={selectedAccount.id} /> : null}
    >
      {isLoading ? (
        <Skeleton active title={false} paragraph={{ rows: 6 }} />
      ) : selectedAccount ? (
        // A fresh page per account: nothing of the previous account's numbers stays on screen.
        <DashboardBody key={selectedAccount.id} accountId={selectedAccount.id} channel={channelOf(selectedAccount.kind)} />
      ) : (
        <div data-testid="dashboard-no-account">
          <EmptyState title={t("noAccount.title")} description={t("noAccount.description")} action={<GoToAccountsButton />} />
        </div>
      )}
    </PageContainer>
  );
}

/** Reads the page again: the local numbers, and today's quota from WeChat. */
function RefreshButton({ accountId }: { accountId: number }) {
  const { t } = useTranslation("dashboard");
  const queryClient = useQueryClient();
  const fetching = useIsFetching({ queryKey: dashboardQueryKey(accountId) }) > 0;
  return (
    <Button
      icon={<ReloadOutlined />}
      loading={fetching}
      data-testid="dashboard-refresh"
      onClick={() => {
        void queryClient.invalidateQueries({ queryKey: dashboardQueryKey(accountId) });
        void queryClient.invalidateQueries({ queryKey: sendQuotaQueryKey(accountId) });
      }}
    >
      {t("refresh")}
    </Button>
  );
}

function DashboardBody({ accountId, channel }: { accountId: number; channel: MessageChannel }) {
  const dashboard = useDashboard(accountId);
  useLiveDashboard(accountId);
  const data = dashboard.data;
  const today = data ? periodRange(data, "today") : null;
  const week = data ? periodRange(data, "week") : null;
  const errcodes = data ? topErrcodes(data.week) : [];

  let sends: ReactNode;
  if (data && today && week) {
    sends = [
      // A refresh that failed: the numbers below are the last ones read.
      dashboard.isError ? (
        <Col key="error" span={24}>
          <LoadError error={dashboard.error} onRetry={() => void dashboard.refetch()} />
        </Col>
      ) : null,
      <Col key="today" xs={24} lg={12} xl={8}>
        <SendsCard period="today" totals={data.today} accountId={accountId} channel={channel} {...today} />
      </Col>,
      <Col key="week" xs={24} lg={12} xl={8}>
        <SendsCard period="week" totals={data.week} accountId={accountId} channel={channel} {...week} />
      </Col>,
    ];
  } else if (dashboard.isError) {
    sends = (
      <Col xs={24} xl={16}>
        <LoadError error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      </Col>
    );
  } else {
    sends = ["today", "week"].map((period) => (
      <Col key={period} xs={24} lg={12} xl={8}>
        <Card size="small" className="pd-dash-card" aria-busy data-testid={`dashboard-${period}-loading`}>
          <Skeleton active title={false} paragraph={{ rows: 4 }} />
        </Card>
      </Col>
    ));
  }

  // The quota card keeps its place whatever the rest shows: it never waits for the dashboard, nor the dashboard for it.
  return (
    <Row gutter={[16, 16]} data-testid="dashboard-body">
      {sends}
      <Col xs={24} xl={8}>
        <QuotaCard accountId={accountId} />
      </Col>
      {data ? (
        <>
          <Col xs={24} xl={16}>
            <ActiveCampaignsCard campaigns={data.active} />
          </Col>
          <Col xs={24} xl={8}>
            <RecentCampaignsCard campaigns={data.recent} />
          </Col>
          {errcodes.length > 0 && week ? (
            <Col span={24}>
              <ErrcodesCard groups={errcodes} accountId={accountId} {...week} />
            </Col>
          ) : null}
        </>
      ) : null}
    </Row>
  );
}

function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation("dashboard");
  const { t: tc } = useTranslation();
  const ipcError = toIpcError(error);
  return (
    <Alert
      type="error"
      showIcon
      data-testid="dashboard-error"
      data-code={ipcError.code}
      title={`${t("loadFailed")} · ${tc(`error.${ipcError.code}`)}`}
      description={ipcError.message}
      action={
        <Button size="small" onClick={onRetry} data-testid="dashboard-retry">
          {t("retry")}
        </Button>
      }
    />
  );
}
