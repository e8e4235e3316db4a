import {
  ArrowLeftOutlined,
  CaretRightOutlined,
  PauseOutlined,
  RedoOutlined,
  StopOutlined,
} from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Flex, Popconfirm, Progress as ProgressBar, Result, Skeleton, Table, Typography, type TableColumnsType } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { DateTime } from "../../components/DateTime";
import { PageContainer } from "../../components/PageContainer";
import { toIpcError, type Campaign, type CatalogueEntry, type Counts, type ErrcodeCount, type Progress } from "../../ipc";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import { OutcomeBar, StatusTag } from "./CampaignBits";
import "./campaigns.css";
import { Duration } from "./Duration";
import { OUTCOME_COLOR, canResend, catalogueFor, done, isFinalStatus, isoOf, remaining } from "./model";
import {
  campaignQueryKey,
  useCampaign,
  useCampaignErrcodes,
  useCancelCampaign,
  useErrorCatalogue,
  usePauseCampaign,
  useProgressEvents,
  useStartCampaign,
  applyProgress,
} from "./useCampaigns";

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
  const { accounts } = useSelectedAccount();
  const catalogue = useErrorCatalogue();
  const start = useStartCampaign();
  const pause = usePauseCampaign();
  const cancel = useCancelCampaign();
  const account = accounts.find((a) => a.id === campaign.accountId);
  const total = counts.total;
  const finished = done(counts);
  const percent = total > 0 ? Math.floor((finished / total) * 100) : 0;
  const running = status === "running";
  const resumable = status === "paused" || status === "stopped" || status === "ready";
  const cancellable = running || resumable;
  const busy = start.isPending || pause.isPending || cancel.isPending;
  const stored = useCampaignErrcodes(campaign.id, `${status}:${finished}`, !running);
  const errcodes = (running ? lastProgress?.errcodes : stored.data) ?? lastProgress?.errcodes ?? [];
  const durationMs = campaign.startedAt !== null && campaign.finishedAt !== null ? campaign.finishedAt - campaign.startedAt : null;

  const resume = (resend: { unknown: boolean; failed: boolean } | null) => start.mutate({ id: campaign.id, resend });

  const actions = (
    <Flex gap={8} wrap>
      {running ? (
        <Button icon={<PauseOutlined />} onClick={() => pause.mutate(campaign)} loading={pause.isPending} disabled={busy} data-testid="campaign-pause">
          {t("detail.pause")}
        </Button>
      ) : null}
      {resumable ? (
        <Button
          type="primary"
          icon={<CaretRightOutlined />}
          onClick={() => resume(null)}
          loading={start.isPending && start.variables.resend === null}
          disabled={busy}
          data-testid="campaign-resume"
        >
          {status === "ready" ? t("detail.start") : t("detail.resume")}
        </Button>
      ) : null}
      {cancellable ? (
        <Popconfirm
          title={t("detail.cancelTitle")}
          description={<div className="pd-campaign-popconfirm">{t("detail.cancelDescription", { count: remaining(counts) })}</div>}
          okText={t("detail.cancelOk")}
          cancelText={t("detail.cancelKeep")}
          okButtonProps={{ danger: true, "data-testid": "campaign-cancel-ok" }}
          onConfirm={() => cancel.mutate(campaign)}
        >
          <Button danger icon={<StopOutlined />} loading={cancel.isPending} disabled={busy} data-testid="campaign-cancel">
            {t("detail.cancel")}
          </Button>
        </Popconfirm>
      ) : null}
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
        </Flex>
      }
      subtitle={
        <span data-testid="campaign-meta">
          {t("detail.meta", { template: campaign.templateTitle, account: account?.name ?? `#${campaign.accountId}`, by: campaign.createdBy })}{" "}
          <DateTime value={isoOf(campaign.createdAt)} />
        </span>
      }
      extra={actions}
    >
      <Flex vertical gap={16}>
        <ReasonAlert campaign={campaign} status={status} catalogue={catalogue.data} />

        <Card size="small" className="pd-campaign-card" title={t("detail.progress")}>
          <Flex vertical gap={14}>
            <div className="pd-campaign-counters">
              <Counter testId="campaign-counter-sent" label={t("outcome.sent")} value={counts.sent} color={OUTCOME_COLOR.sent} />
              <Counter testId="campaign-counter-not-subscribed" label={t("outcome.notSubscribed")} value={counts.notSubscribed} color={OUTCOME_COLOR.notSubscribed} />
              <Counter testId="campaign-counter-failed" label={t("outcome.failed")} value={counts.failed} color={OUTCOME_COLOR.failed} />
              <Counter testId="campaign-counter-unknown" label={t("outcome.unknown")} value={counts.unknown} color={OUTCOME_COLOR.unknown} />
              <Counter testId="campaign-counter-skipped" label={t("outcome.skipped")} value={counts.skipped} color={OUTCOME_COLOR.skipped} />
              <Counter testId="campaign-counter-remaining" label={t("outcome.remaining")} value={remaining(counts)} />
            </div>
            <div>
              <ProgressBar
                percent={percent}
                status={running ? "active" : status === "stopped" ? "exception" : status === "finished" ? "success" : "normal"}
                format={() => `${finished.toLocaleString()} / ${total.toLocaleString()}`}
                data-testid="campaign-progress"
                aria-label={t("detail.progressAria", { done: finished, total })}
              />
            </div>
            <Flex gap={24} wrap className="pd-campaign-live">
              <Typography.Text type="secondary">
                {t("detail.rateNow")}{" "}
                <Typography.Text strong className="pd-num" data-testid="campaign-rate-now">
                  {running && live?.ratePerSec != null ? t("detail.rateValue", { rate: live.ratePerSec.toFixed(1) }) : "—"}
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
              <OutcomeBar counts={counts} size="large" testId="campaign-outcome-bar" />
              <OutcomeLegend counts={counts} />
              <Typography.Text type="secondary" data-testid="campaign-duration">
                {durationMs !== null ? (
                  <>
                    {t("detail.duration")} <Duration seconds={durationMs / 1000} approx={false} strong />
                    {campaign.finishedAt !== null ? (
                      <>
                        {" · "}
                        {t("detail.finishedAt")} <DateTime value={isoOf(campaign.finishedAt)} />
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

        {canResend(status, counts) ? (
          <Card size="small" className="pd-campaign-card" title={t("resend.title")} data-testid="campaign-resend">
            <Flex vertical gap={12}>
              {counts.unknown > 0 ? (
                <Flex justify="space-between" align="center" gap={12} wrap>
                  <Flex vertical gap={2} className="pd-campaign-resend-text">
                    <Typography.Text strong>{t("resend.unknownTitle", { count: counts.unknown })}</Typography.Text>
                    <Typography.Text type="secondary" className="pd-campaign-small">
                      {t("resend.unknownHint")}
                    </Typography.Text>
                  </Flex>
                  <Popconfirm
                    title={t("resend.unknownConfirm", { count: counts.unknown })}
                    description={<div className="pd-campaign-popconfirm">{t("resend.unknownConfirmHint")}</div>}
                    okText={t("resend.unknownOk")}
                    cancelText={t("detail.cancelKeep")}
                    okButtonProps={{ "data-testid": "campaign-resend-unknown-ok" }}
                    onConfirm={() => resume({ unknown: true, failed: false })}
                  >
                    <Button icon={<RedoOutlined />} disabled={busy || running} data-testid="campaign-resend-unknown">
                      {t("resend.unknown")}
                    </Button>
                  </Popconfirm>
                </Flex>
              ) : null}
              {counts.failed > 0 ? (
                <Flex justify="space-between" align="center" gap={12} wrap>
                  <Flex vertical gap={2} className="pd-campaign-resend-text">
                    <Typography.Text strong>{t("resend.failedTitle", { count: counts.failed })}</Typography.Text>
                    <Typography.Text type="secondary" className="pd-campaign-small">
                      {t("resend.failedHint")}
                    </Typography.Text>
                  </Flex>
                  <Button
                    icon={<RedoOutlined />}
                    disabled={busy || running}
                    onClick={() => resume({ unknown: false, failed: true })}
                    data-testid="campaign-resend-failed"
                  >
                    {t("resend.failed")}
                  </Button>
                </Flex>
              ) : null}
            </Flex>
          </Card>
        ) : null}

        <ErrcodeTable errcodes={errcodes} catalogue={catalogue.data} hasFailures={counts.failed + counts.unknown > 0} />
      </Flex>
    </PageContainer>
  );
}

function Counter({ testId, label, value, color }: { testId: string; label: string; value: number; color?: string }) {
  return (
    <div className="pd-campaign-counter">
      <span className="pd-campaign-counter-label">
        {color ? <span className="pd-campaign-dot" style={{ background: color }} aria-hidden /> : null}
        {label}
      </span>
      <span className="pd-campaign-counter-value pd-num" data-testid={testId} data-value={value}>
        {value.toLocaleString()}
      </span>
    </div>
  );
}

function OutcomeLegend({ counts }: { counts: Counts }) {
  const { t } = useTranslation("campaigns");
  const pct = (n: number) => (counts.total > 0 ? `${((n / counts.total) * 100).toFixed(1)}%` : "0%");
  const keys = (["sent", "notSubscribed", "failed", "unknown", "skipped", "cancelled"] as const).filter((k) => counts[k] > 0);
  return (
    <Flex gap={16} wrap className="pd-campaign-small">
      {keys.map((key) => (
        <span key={key} className="pd-campaign-legend-item">
          <span className="pd-campaign-dot" style={{ background: OUTCOME_COLOR[key] }} aria-hidden />
          {t(`outcome.${key}`)} <strong className="pd-num">{counts[key].toLocaleString()}</strong>{" "}
          <Typography.Text type="secondary">({pct(counts[key])})</Typography.Text>
        </span>
      ))}
    </Flex>
  );
}

/** Why a campaign paused or stopped, in plain words, with what to do. */
function ReasonAlert({ campaign, status, catalogue }: { campaign: Campaign; status: Campaign["status"]; catalogue: CatalogueEntry[] | undefined }) {
  const { t, i18n } = useTranslation("campaigns");
  const reason = campaign.statusReason;
  if (!reason || (status !== "paused" && status !== "stopped") || status !== campaign.status) return null;
  const english = i18n.language === "en";
  const entry = catalogueFor(catalogue, reason.errcode);
  const explanation = entry?.explanation;
  const codeLine = reason.errcode !== null ? t("reason.errcode", { code: reason.errcode }) : null;

  let type: "info" | "warning" | "error" = "warning";
  let title: string;
  let action: string;
  switch (reason.kind) {
    case "user":
      type = "info";
      title = t("reason.user.title");
      action = t("reason.user.action");
      break;
    case "interrupted":
      title = t("reason.interrupted.title");
      action = t("reason.interrupted.action", { count: campaign.counts.unknown });
      break;
    case "quota":
      title = t("reason.quota.title");
      action = explanation ? (english ? explanation.action_en : explanation.action_zh) : t("reason.quota.action");
      break;
    case "campaign_error":
      type = "error";
      title = explanation ? (english ? explanation.title_en : explanation.title_zh) : t("reason.campaignError.title");
      action = explanation ? (english ? explanation.action_en : explanation.action_zh) : t("reason.campaignError.action");
      break;
    case "failure_threshold":
      type = "error";
      title = t("reason.failureThreshold.title");
      action = t("reason.failureThreshold.action");
      break;
  }
  return (
    <Alert
      type={type}
      showIcon
      data-testid="campaign-reason"
      data-kind={reason.kind}
      title={title}
      description={
        <Flex vertical gap={4}>
          <Typography.Text>{action}</Typography.Text>
          {reason.message || codeLine ? (
            <Typography.Text type="secondary" className="pd-campaign-small">
              {[codeLine, reason.message].filter(Boolean).join(" · ")}
            </Typography.Text>
          ) : null}
        </Flex>
      }
    />
  );
}

type ErrcodeRow = ErrcodeCount & { entry: CatalogueEntry | undefined };

function ErrcodeTable({ errcodes, catalogue, hasFailures }: { errcodes: ErrcodeCount[]; catalogue: CatalogueEntry[] | undefined; hasFailures: boolean }) {
  const { t, i18n } = useTranslation("campaigns");
  const english = i18n.language === "en";
  if (errcodes.length === 0 && !hasFailures) return null;
  const rows: ErrcodeRow[] = errcodes.map((row) => ({ ...row, entry: catalogueFor(catalogue, row.errcode) }));
  const columns: TableColumnsType<ErrcodeRow> = [
    { key: "code", title: t("errcodes.code"), dataIndex: "errcode", width: 90, className: "pd-num", render: (code: number) => (code === -2 ? t("errcodes.transport") : code) },
    { key: "count", title: t("errcodes.count"), dataIndex: "count", width: 80, className: "pd-num" },
    {
      key: "meaning",
      title: t("errcodes.meaning"),
      render: (_, row) =>
        row.entry ? (
          <Flex vertical gap={2}>
            <Typography.Text strong>{english ? row.entry.explanation.title_en : row.entry.explanation.title_zh}</Typography.Text>
            <Typography.Text type="secondary" className="pd-campaign-small">
              {english ? row.entry.explanation.action_en : row.entry.explanation.action_zh}
            </Typography.Text>
          </Flex>
        ) : (
          <Typography.Text type="secondary">{row.errcode === -2 ? t("errcodes.transportHint") : t("errcodes.unknownCode")}</Typography.Text>
        ),
    },
  ];
  return (
    <Card size="small" className="pd-campaign-card" title={t("errcodes.title")}>
      <Table<ErrcodeRow>
        size="small"
        data-testid="campaign-errcodes"
        rowKey="errcode"
        columns={columns}
        dataSource={rows}
        pagination={false}
        onRow={(row) => ({ "data-testid": `campaign-errcode-${row.errcode}` }) as object}
        locale={{ emptyText: t("errcodes.none") }}
      />
    </Card>
  );
}
