import { ArrowLeftOutlined, BarChartOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Flex, Progress as ProgressBar, Result, Skeleton, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { DateTime } from "../../components/DateTime";
import { PageContainer } from "../../components/PageContainer";
import { formatPercent } from "../../i18n/format";
import { useFormat } from "../../i18n/useFormat";
import { toIpcError, type Campaign, type Counts, type MessageChannel, type Progress } from "../../ipc";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import { ChannelTag } from "../sendlog/ChannelTag";
import { ApprovalPanel, ApprovalWaitingTag, ApprovedTag } from "./ApprovalPanel";
import { CampaignActionBar } from "./CampaignActions";
import { ArchiveCampaignButton, ArchivedTag, CopyCampaignButton } from "./CampaignManage";
import { OutcomeBar } from "./OutcomeBar";
import { StatusTag } from "./StatusTag";
import "./campaigns.css";
import { DeliverySummary } from "./DeliverySummary";
import { Duration } from "./Duration";
import { ErrcodeTable } from "./ErrcodeTable";
import { OUTCOME_COLOR, done, isFinalStatus, outcomeLabelKey, remaining } from "./model";
import { ReasonAlert } from "./ReasonAlert";
import { ResendCard } from "./ResendCard";
import { ScheduleCard } from "./ScheduleInfo";
import {
  applyProgress,
  campaignQueryKey,
  useCampaign,
  useCampaignErrcodes,
  useErrorCatalogue,
  useProgressEvents,
} from "./useCampaigns";

/**
 * The actions shown beside the title; the resends have their own card, and the approval its
 * panel (`ApprovalPanel`), where what is approved is shown.
 */
const RUN_ACTIONS = ["start", "resume", "reschedule", "unschedule", "pause", "skip", "cancel"] as const;

/** /campaigns/:id */
export function CampaignDetailPage() {
  const { t } = useTranslation("campaigns");
  const navigate = useNavigate();
  const params = useParams();
  const id = Number(params.id);
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate("/campaigns")} data-testid="campaign-detail-back">
      {t("detail.back")}
    </Button>
  );
  if (!Number.isInteger(id) || id <= 0) {
    return (
      <PageContainer testId="campaign-detail" title={t("detail.notFound")} extra={back}>
        <Result status="404" title={t("detail.notFound")} />
      </PageContainer>
    );
  }
  return <CampaignDetail key={id} id={id} back={back} />;
}

type Received = { progress: Progress; at: number };

function CampaignDetail({ id, back }: { id: number; back: ReactNode }) {
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const query = useCampaign(id);
  const [received, setReceived] = useState<Received | null>(null);

  useProgressEvents(id, (progress) => {
    setReceived({ progress, at: Date.now() });
    applyProgress(queryClient, progress);
    if (isFinalStatus(progress.status)) void queryClient.invalidateQueries({ queryKey: campaignQueryKey(id) });
  });

  if (query.isPending) {
    return (
      <PageContainer testId="campaign-detail" title={t("detail.loading")} extra={back}>
        <Skeleton active paragraph={{ rows: 8 }} />
      </PageContainer>
    );
  }
  if (query.isError) {
    const error = toIpcError(query.error);
    return (
      <PageContainer testId="campaign-detail" title={error.code === "not_found" ? t("detail.notFound") : t("detail.loadFailed")} extra={back}>
        <Alert type="error" showIcon title={tc(`error.${error.code}`)} description={error.message} data-testid="campaign-detail-error" />
      </PageContainer>
    );
  }

  const campaign = query.data;
  // A progress event newer than the last fetch is the truth; after a refetch the store is.
  const live = received && received.at >= query.dataUpdatedAt ? received.progress : null;
  const status = live?.status ?? campaign.status;
  const counts = live?.counts ?? campaign.counts;
  return (
    <Loaded campaign={campaign} status={status} counts={counts} live={live} lastProgress={received?.progress ?? null} back={back} />
  );
}

type LoadedProps = {
  campaign: Campaign;
  status: Campaign["status"];
  counts: Counts;
  /** The newest progress, when it is newer than the fetched campaign. */
  live: Progress | null;
  /** The newest progress ever received on this page (its errcodes outlive a refetch). */
  lastProgress: Progress | null;
  back: ReactNode;
};

function Loaded({ campaign, status, counts, live, lastProgress, back }: LoadedProps) {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  const navigate = useNavigate();
  const { accounts } = useSelectedAccount();
  const catalogue = useErrorCatalogue();
  const account = accounts.find((a) => a.id === campaign.accountId);
  const total = counts.total;
  const finished = done(counts);
  const percent = total > 0 ? Math.floor((finished / total) * 100) : 0;
  const running = status === "running";
  // Events say the run ended but the campaign (and what it allows) is still being fetched.
  const stale = status !== campaign.status;
  const stored = useCampaignErrcodes(campaign.id, `${status}:${finished}`, !running);
  const errcodes = (running ? lastProgress?.errcodes : stored.data) ?? lastProgress?.errcodes ?? [];
  const durationMs = campaign.startedAt !== null && campaign.finishedAt !== null ? campaign.finishedAt - campaign.startedAt : null;
  const reason = live?.statusReason ?? (stale ? null : campaign.statusReason);

  const actions = (
    <Flex gap={8} wrap align="center">
      <CampaignActionBar campaign={campaign} counts={counts} only={RUN_ACTIONS} testIdPrefix="campaign" disabled={stale} />
      {/* Archived or not, the campaign's report (and from it, its log) stays one click away. */}
      <Button icon={<BarChartOutlined />} onClick={() => void navigate(`/log/campaign/${campaign.id}`)} data-testid="campaign-open-report">
        {t("detail.openReport")}
      </Button>
      {campaign.kind === "campaign" ? <CopyCampaignButton campaign={campaign} testIdPrefix="campaign" /> : null}
      <ArchiveCampaignButton campaign={campaign} testIdPrefix="campaign" disabled={stale} />
      {back}
    </Flex>
  );

  return (
    <PageContainer
      testId="campaign-detail"
      title={
        <Flex align="center" gap={10} wrap>
          <span className="pd-campaign-title">{campaign.name}</span>
          <StatusTag status={status} testId="campaign-status" />
          <ApprovalWaitingTag campaign={campaign} testId="campaign-approval-waiting" />
          <ApprovedTag campaign={campaign} testId="campaign-approved" />
          <ArchivedTag campaign={campaign} testId="campaign-archived" />
        </Flex>
      }
      subtitle={
        <span data-testid="campaign-meta">
          <ChannelTag channel={campaign.channel} testId="campaign-channel" />{" "}
          {t("detail.meta", { template: campaign.templateTitle, account: account?.name ?? `#${campaign.accountId}`, by: campaign.createdBy })}{" "}
          <DateTime value={campaign.createdAt} />
        </span>
      }
      extra={actions}
    >
      <Flex vertical gap={16}>
        <ApprovalPanel campaign={campaign} account={account} disabled={stale} />
        <ReasonAlert reason={reason} status={status} counts={counts} catalogue={catalogue.data} timing={campaign} />
        {stale ? (
          <Typography.Text type="secondary" className="pd-campaign-small" data-testid="campaign-refreshing">
            {t("detail.refreshing")}
          </Typography.Text>
        ) : null}

        <ScheduleCard campaign={campaign} />

        <Card size="small" className="pd-campaign-card" title={t("detail.progress")}>
          <Flex vertical gap={14}>
            <div className="pd-campaign-counters">
              <Counter testId="campaign-counter-sent" label={t("outcome.sent")} value={counts.sent} color={OUTCOME_COLOR.sent} />
              <Counter
                testId="campaign-counter-not-subscribed"
                label={t(outcomeLabelKey("notSubscribed", campaign.channel))}
                value={counts.notSubscribed}
                color={OUTCOME_COLOR.notSubscribed}
              />
              <Counter testId="campaign-counter-failed" label={t("outcome.failed")} value={counts.failed} color={OUTCOME_COLOR.failed} />
              <Counter testId="campaign-counter-unknown" label={t("outcome.unknown")} value={counts.unknown} color={OUTCOME_COLOR.unknown} />
              <Counter testId="campaign-counter-skipped" label={t("outcome.skipped")} value={counts.skipped} color={OUTCOME_COLOR.skipped} />
              <Counter testId="campaign-counter-remaining" label={t("outcome.remaining")} value={remaining(counts)} />
            </div>
            <div>
              <ProgressBar
                percent={percent}
                status={running ? "active" : status === "stopped" ? "exception" : status === "finished" ? "success" : "normal"}
                format={() => t("detail.progressValue", { done: fmt.number(finished), total: fmt.number(total) })}
                data-testid="campaign-progress"
                aria-label={t("detail.progressAria", { done: fmt.number(finished), total: fmt.number(total) })}
              />
            </div>
            <Flex gap={24} wrap className="pd-campaign-live">
              <Typography.Text type="secondary">
                {t("detail.rateNow")}{" "}
                <Typography.Text strong className="pd-num" data-testid="campaign-rate-now">
                  {running && live?.ratePerSec != null ? t("detail.rateValue", { rate: fmt.number(Math.round(live.ratePerSec * 10) / 10) }) : "—"}
                </Typography.Text>
                <Typography.Text type="secondary" className="pd-campaign-small">
                  {" "}
                  {t("detail.rateLimit", { rate: campaign.rate, concurrency: campaign.concurrency })}
                </Typography.Text>
              </Typography.Text>
              <Typography.Text type="secondary">
                {t("detail.eta")}{" "}
                <span data-testid="campaign-eta">
                  {running && live?.etaSeconds != null ? <Duration seconds={live.etaSeconds} strong /> : <Typography.Text strong>—</Typography.Text>}
                </span>
              </Typography.Text>
              {running && live ? (
                <Typography.Text type="secondary">
                  {t("detail.elapsed")} <Duration seconds={live.elapsedMs / 1000} approx={false} />
                </Typography.Text>
              ) : null}
              {status === "ready" ? (
                <Typography.Text type="secondary">{t("detail.notStarted")}</Typography.Text>
              ) : null}
            </Flex>
          </Flex>
        </Card>

        {status === "finished" ? (
          <Card size="small" className="pd-campaign-card" title={t("detail.outcome")} data-testid="campaign-outcome">
            <Flex vertical gap={10}>
              <OutcomeBar counts={counts} channel={campaign.channel} size="large" testId="campaign-outcome-bar" />
              <OutcomeLegend counts={counts} channel={campaign.channel} />
              <Typography.Text type="secondary" data-testid="campaign-duration">
                {durationMs !== null ? (
                  <>
                    {t("detail.duration")} <Duration seconds={durationMs / 1000} approx={false} strong />
                    {campaign.finishedAt !== null ? (
                      <>
                        {" · "}
                        {t("detail.finishedAt")} <DateTime value={campaign.finishedAt} />
                      </>
                    ) : null}
                  </>
                ) : (
                  t("detail.durationUnknown")
                )}
              </Typography.Text>
            </Flex>
          </Card>
        ) : null}

        {counts.sent > 0 ? (
          <Card size="small" className="pd-campaign-card" title={t("delivery.title")}>
            <DeliverySummary counts={counts} testIdPrefix="campaign-delivery" />
          </Card>
        ) : null}

        <ResendCard campaign={campaign} counts={counts} disabled={stale} />

        <ErrcodeTable errcodes={errcodes} catalogue={catalogue.data} hasFailures={counts.failed + counts.unknown > 0} />
      </Flex>
    </PageContainer>
  );
}

function Counter({ testId, label, value, color }: { testId: string; label: string; value: number; color?: string }) {
  const fmt = useFormat();
  return (
    <div className="pd-campaign-counter">
      <span className="pd-campaign-counter-label">
        {color ? <span className="pd-campaign-dot" style={{ background: color }} aria-hidden /> : null}
        {label}
      </span>
      <span className="pd-campaign-counter-value pd-num" data-testid={testId} data-value={value}>
        {fmt.number(value)}
      </span>
    </div>
  );
}

function OutcomeLegend({ counts, channel }: { counts: Counts; channel: MessageChannel }) {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  // As the campaign's report writes shares: `100%`, `2.5%`, never a non-zero count as 0%.
  const pct = (n: number) => formatPercent(n, counts.total, fmt.language);
  const keys = (["sent", "notSubscribed", "failed", "unknown", "skipped", "cancelled"] as const).filter((k) => counts[k] > 0);
  return (
    <Flex gap={16} wrap className="pd-campaign-small">
      {keys.map((key) => (
        <span key={key} className="pd-campaign-legend-item">
          <span className="pd-campaign-dot" style={{ background: OUTCOME_COLOR[key] }} aria-hidden />
          {t(outcomeLabelKey(key, channel))} <strong className="pd-num">{fmt.number(counts[key])}</strong>{" "}
          <Typography.Text type="secondary">({pct(counts[key])})</Typography.Text>
        </span>
      ))}
    </Flex>
  );
}
