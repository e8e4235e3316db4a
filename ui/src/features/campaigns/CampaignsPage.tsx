import { PlusOutlined, SearchOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Flex, Input, Skeleton, Switch, Table, Typography, type TableColumnsType } from "antd";
import { useState, type HTMLAttributes, type KeyboardEvent, type ReactNode, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { DateTime } from "../../components/DateTime";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";
import { useFormat } from "../../i18n/useFormat";
import { CAMPAIGN_RULES, toIpcError, type Campaign } from "../../ipc";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import { ApprovalWaitingTag } from "./ApprovalPanel";
import { CampaignActionBar } from "./CampaignActions";
import { ArchiveCampaignButton, ArchivedTag, CopyCampaignButton } from "./CampaignManage";
import { OutcomeBar } from "./OutcomeBar";
import { StatusTag } from "./StatusTag";
import "./campaigns.css";
import { matchesSearch } from "./model";
import { applyProgress, useCampaignList, useProgressEvents } from "./useCampaigns";
import { GoToAccountsButton } from "../accounts/GoToAccountsButton";
import { may, useTeamRole } from "../settings/useTeam";
import { SeriesList } from "../series/SeriesList";
import { ChannelTag } from "../sendlog/ChannelTag";
import { MissedNotice } from "./MissedNotice";
import { ScheduleCell } from "./ScheduleInfo";

/**
 * The selected account's campaigns, with a way to start a new one. Campaigns interrupted when
 * the app last stopped are announced by the shell (app/InterruptedCampaignsNotice), on every
 * page: a second banner here would repeat it, and each row offers Resume itself.
 */
/** A row offers every action but the approval: an approver sees the campaign's page first (its card, counts and time). */
const ROW_ACTIONS = CAMPAIGN_RULES.map((rule) => rule.action).filter((action) => action !== "approve");

export function CampaignsPage() {
  const { t } = useTranslation("campaigns");
  const navigate = useNavigate();
  const { selectedAccount, isLoading } = useSelectedAccount();
  const queryClient = useQueryClient();
  useProgressEvents(null, (progress) => applyProgress(queryClient, progress));
  // A viewer (on a team's store) does not create campaigns.
  const mayCreate = may(useTeamRole(), "author");

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
      extra={mayCreate ? newButton : null}
    >
      <Flex vertical gap={16}>
        {isLoading ? (
          <Skeleton active title={false} paragraph={{ rows: 6 }} />
        ) : selectedAccount ? (
          <>
            <CampaignList accountId={selectedAccount.id} />
            <SeriesList accountId={selectedAccount.id} />
          </>
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

/**
 * The account's campaigns, searched by name, template or id and without the archived ones
 * unless asked: the search and the switch stay while the user is on the page.
 */
function CampaignList({ accountId }: { accountId: number }) {
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const list = useCampaignList(accountId);
  const [search, setSearch] = useState("");
  const [showArchived, setShowArchived] = useState(false);

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

  const archivedCount = list.data.filter((campaign) => campaign.archivedAt !== null).length;
  const matching = list.data.filter((campaign) => matchesSearch(campaign, search));
  const shown = showArchived ? matching : matching.filter((campaign) => campaign.archivedAt === null);
  // Archived campaigns the search found but the switch hides.
  const hiddenMatches = matching.length - shown.length;
  const searching = search.trim() !== "";

  const toolbar = (
    <Flex justify="space-between" align="center" gap={12} wrap>
      <Input
        allowClear
        prefix={<SearchOutlined aria-hidden />}
        placeholder={t("list.search")}
        aria-label={t("list.search")}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        className="pd-campaigns-search"
        data-testid="campaigns-search"
      />
      <Flex align="center" gap={8}>
        <Switch id="campaigns-show-archived" size="small" checked={showArchived} onChange={setShowArchived} data-testid="campaigns-show-archived" />
        <label htmlFor="campaigns-show-archived">{t("list.showArchived")}</label>
        {archivedCount > 0 ? (
          <Typography.Text type="secondary" className="pd-campaign-small" data-testid="campaigns-archived-count">
            {t("list.archivedCount", { count: archivedCount })}
          </Typography.Text>
        ) : null}
      </Flex>
    </Flex>
  );

  const showArchivedButton = (
    <Button onClick={() => setShowArchived(true)} data-testid="campaigns-show-archived-button">
      {t("list.showArchivedAction")}
    </Button>
  );
  let nothingShown: ReactNode = null;
  if (shown.length === 0 && searching) {
    nothingShown = (
      <div data-testid="campaigns-no-match">
        <EmptyState
          title={t("noMatch.title", { search: search.trim() })}
          description={hiddenMatches > 0 ? t("noMatch.archived", { count: hiddenMatches }) : t("noMatch.description")}
          action={
            <Flex gap={8} wrap justify="center">
              <Button type="primary" onClick={() => setSearch("")} data-testid="campaigns-search-clear">
                {t("noMatch.clear")}
              </Button>
              {hiddenMatches > 0 ? showArchivedButton : null}
            </Flex>
          }
        />
      </div>
    );
  } else if (shown.length === 0) {
    nothingShown = (
      <div data-testid="campaigns-all-archived">
        <EmptyState title={t("allArchived.title")} description={t("allArchived.description")} action={showArchivedButton} />
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
          <Flex align="center" gap={6} className="pd-campaign-template-line">
            <ChannelTag channel={campaign.channel} testId={`campaign-row-channel-${campaign.id}`} />
            <Typography.Text type="secondary" ellipsis={{ tooltip: campaign.templateTitle }} className="pd-campaign-small">
              {campaign.templateTitle}
            </Typography.Text>
          </Flex>
          <Typography.Text type="secondary" className="pd-campaign-small pd-num">
            {t("list.createdBy", { by: campaign.createdBy })} <DateTime value={campaign.createdAt} />
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: "status",
      title: t("list.col.status"),
      width: 124,
      render: (_, campaign) => (
        <Flex vertical gap={4} align="flex-start">
          <StatusTag status={campaign.status} testId={`campaign-row-status-${campaign.id}`} />
          <ApprovalWaitingTag campaign={campaign} />
          <ScheduleCell campaign={campaign} />
          <ArchivedTag campaign={campaign} testId={`campaign-row-${campaign.id}-archived`} />
        </Flex>
      ),
    },
    {
      key: "outcome",
      title: t("list.col.outcome"),
      width: 220,
      render: (_, campaign) => (
        <Flex vertical gap={4}>
          <OutcomeBar counts={campaign.counts} channel={campaign.channel} testId={`campaign-row-outcome-${campaign.id}`} />
          <Typography.Text type="secondary" className="pd-campaign-small pd-num">
            {t("list.sentOfTotal", { sent: fmt.number(campaign.counts.sent), total: fmt.number(campaign.counts.total) })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: "actions",
      title: t("list.col.actions"),
      width: 300,
      render: (_, campaign) => {
        const prefix = `campaign-row-${campaign.id}`;
        return (
          <Flex gap={8} wrap {...keepInside}>
            <CampaignActionBar campaign={campaign} counts={campaign.counts} testIdPrefix={prefix} size="small" only={ROW_ACTIONS} />
            <CopyCampaignButton campaign={campaign} testIdPrefix={prefix} size="small" />
            <ArchiveCampaignButton campaign={campaign} testIdPrefix={prefix} size="small" />
          </Flex>
        );
      },
    },
  ];

  const open = (campaign: Campaign) => void navigate(`/campaigns/${campaign.id}`);
  return (
    <Flex vertical gap={12}>
      <MissedNotice campaigns={list.data} />
      {toolbar}
      {nothingShown ?? (
        <Table<Campaign>
          data-testid="campaigns-table"
          className="pd-campaigns-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={shown}
          pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          onRow={(campaign) =>
            ({
              "data-testid": `campaign-row-${campaign.id}`,
              "data-status": campaign.status,
              "data-archived": campaign.archivedAt !== null ? "true" : "false",
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
      )}
    </Flex>
  );
}
