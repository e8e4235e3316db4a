import { PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Flex, Skeleton, Table, Typography, type TableColumnsType } from "antd";
import type { HTMLAttributes, KeyboardEvent, SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { DateTime } from "../../components/DateTime";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";
import { toIpcError, type Campaign } from "../../ipc";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import { CampaignActionBar } from "./CampaignActions";
import { OutcomeBar } from "./OutcomeBar";
import { StatusTag } from "./StatusTag";
import "./campaigns.css";
import { isoOf } from "./model";
import { applyProgress, useCampaignList, useProgressEvents } from "./useCampaigns";
import { GoToAccountsButton } from "../accounts/GoToAccountsButton";

/**
 * The selected account's campaigns, with a way to start a new one. Campaigns interrupted when
 * the app last stopped are announced by the shell (app/InterruptedCampaignsNotice), on every
 * page: a second banner here would repeat it, and each row offers Resume itself.
 */
export function CampaignsPage() {
  const { t } = useTranslation("campaigns");
  const navigate = useNavigate();
  const { selectedAccount, isLoading } = useSelectedAccount();
  const queryClient = useQueryClient();
  useProgressEvents(null, (progress) => applyProgress(queryClient, progress));

  const newButton = (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      onClick={() => void navigate("/campaigns/new")}
      disabled={!selectedAccount}
      data-testid="campaigns-new"
    >
      {t("list.new")}
    </Button>
  );

  return (
    <PageContainer
      testId="page-campaigns"
      title={t("title")}
      subtitle={selectedAccount ? `${t("subtitle")} · ${selectedAccount.name}` : t("subtitle")}
      extra={newButton}
    >
      <Flex vertical gap={16}>
        {isLoading ? (
          <Skeleton active title={false} paragraph={{ rows: 6 }} />
        ) : selectedAccount ? (
          <CampaignList accountId={selectedAccount.id} />
        ) : (
          <EmptyState
            title={t("noAccount.title")}
            description={t("noAccount.description")}
            action={<GoToAccountsButton />}
          />
        )}
      </Flex>
    </PageContainer>
  );
}

/** Clicks and keys inside a row's buttons (and their dialogs, portalled but still React children) must not open the row. */
const keepInside = { onClick: (event: SyntheticEvent) => event.stopPropagation(), onKeyDown: (event: SyntheticEvent) => event.stopPropagation() };

function CampaignList({ accountId }: { accountId: number }) {
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const list = useCampaignList(accountId);

  if (list.isPending) return <Skeleton active title={false} paragraph={{ rows: 6 }} />;
  if (list.isError) {
    const error = toIpcError(list.error);
    return (
      <Alert
        type="error"
        showIcon
        data-testid="campaigns-error"
        title={`${t("list.loadFailed")} · ${tc(`error.${error.code}`)}`}
        description={error.message}
        action={
          <Button size="small" onClick={() => void list.refetch()}>
            {t("list.retry")}
          </Button>
        }
      />
    );
  }
  if (list.data.length === 0) {
    return (
      <div data-testid="campaigns-empty">
        <EmptyState
          title={t("empty.title")}
          description={t("empty.description")}
          action={
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate("/campaigns/new")}>
              {t("empty.action")}
            </Button>
          }
          hint={t("empty.hint")}
        />
      </div>
    );
  }

  const columns: TableColumnsType<Campaign> = [
    {
      key: "name",
      title: t("list.col.name"),
      render: (_, campaign) => (
        <Flex vertical gap={2} className="pd-campaign-name-cell">
          <Typography.Text strong ellipsis={{ tooltip: campaign.name }} className="pd-campaign-name">
            {campaign.name}
          </Typography.Text>
          <Typography.Text type="secondary" ellipsis={{ tooltip: campaign.templateTitle }} className="pd-campaign-small">
            {campaign.templateTitle}
          </Typography.Text>
          <Typography.Text type="secondary" className="pd-campaign-small pd-num">
            {t("list.createdBy", { by: campaign.createdBy })} <DateTime value={isoOf(campaign.createdAt)} />
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: "status",
      title: t("list.col.status"),
      width: 92,
      render: (_, campaign) => <StatusTag status={campaign.status} testId={`campaign-row-status-${campaign.id}`} />,
    },
    {
      key: "outcome",
      title: t("list.col.outcome"),
      width: 220,
      render: (_, campaign) => (
        <Flex vertical gap={4}>
          <OutcomeBar counts={campaign.counts} testId={`campaign-row-outcome-${campaign.id}`} />
          <Typography.Text type="secondary" className="pd-campaign-small pd-num">
            {t("list.sentOfTotal", { sent: campaign.counts.sent.toLocaleString(), total: campaign.counts.total.toLocaleString() })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: "actions",
      title: t("list.col.actions"),
      width: 210,
      render: (_, campaign) =>
        campaign.actions.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <div {...keepInside}>
            <CampaignActionBar campaign={campaign} counts={campaign.counts} testIdPrefix={`campaign-row-${campaign.id}`} size="small" />
          </div>
        ),
    },
  ];

  const open = (campaign: Campaign) => void navigate(`/campaigns/${campaign.id}`);
  return (
    <Table<Campaign>
      data-testid="campaigns-table"
      className="pd-campaigns-table"
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={list.data}
      pagination={list.data.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      onRow={(campaign) =>
        ({
          "data-testid": `campaign-row-${campaign.id}`,
          "data-status": campaign.status,
          tabIndex: 0,
          role: "link",
          "aria-label": campaign.name,
          className: "pd-campaign-row",
          onClick: () => open(campaign),
          onKeyDown: (event: KeyboardEvent) => {
            if (event.key === "Enter" || event.key === " ") {
              event.preventDefault();
              open(campaign);
            }
          },
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
