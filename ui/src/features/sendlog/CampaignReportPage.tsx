import { ArrowLeftOutlined, DownloadOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Flex, Result, Skeleton, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { RateChart } from "../../components/RateChart";
import { StackedBar, type StackedBarSegment } from "../../components/StackedBar";
import { toIpcError, type CampaignReport, type ErrcodeTotal, type LogFilter } from "../../ipc";
import { DeliverySummary } from "../campaigns/DeliverySummary";
import { ExportModal } from "./ExportModal";
import { DateTime } from "../../components/DateTime";
import { formatPercent } from "../../i18n/format";
import { useFormat } from "../../i18n/useFormat";
import { explain, msToSeconds, splitByReason } from "./model";
import "./sendlog.css";
import { ChannelTag } from "./ChannelTag";
import { KindTag } from "./KindTag";
import { useCampaignReport, useLogTotals } from "./useSendLog";

/** Segment colours; fixed so they read the same in both themes (as on the campaign pages). */
const COLOR = {
  sent: "#52c41a",
  notSubscribed: "#7d9cc0",
  unknown: "#fa8c16",
  skipped: "#d0d0d0",
  cancelled: "#a6a6a6",
} as const;
const FAILED_COLORS = ["#ff4d4f", "#cf1322", "#ff7875", "#a8071a", "#ffa39e", "#820014"];

/** The log filter of one campaign, every other field "any". */
export function campaignFilter(campaignId: number): LogFilter {
  return {
    accountId: null,
    campaignId,
    templateId: null,
    status: null,
    errcode: null,
    openid: null,
    openidPrefix: false,
    fromMs: null,
    toMs: null,
    delivery: null,
    channel: null,
  };
}

/** /log/campaign/:id */
export function CampaignReportPage() {
  const { t } = useTranslation("sendlog");
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)} data-testid="report-back">
      {t("report.back")}
    </Button>
  );
  if (!Number.isInteger(id) || id <= 0) {
    return (
      <section className="pd-page" data-testid="campaign-report">
        <Result status="404" title={t("report.notFound")} extra={back} />
      </section>
    );
  }
  return <Report key={id} id={id} back={back} />;
}

/** "1 小时 5 分" / "2 分 5 秒" / "不到 1 秒". */
function useDurationText() {
  const { t } = useTranslation("sendlog");
  return (ms: number) => {
    if (ms < 1000) return t("report.ms");
    const secs = msToSeconds(ms);
    const h = Math.floor(secs / 3600);
    const m = Math.floor((secs % 3600) / 60);
    const s = secs % 60;
    const parts: string[] = [];
    if (h > 0) parts.push(t("report.h", { count: h }));
    if (m > 0) parts.push(t("report.m", { count: m }));
    if (h === 0 && s > 0) parts.push(t("report.s", { count: s }));
    return parts.join(" ");
  };
}

/** Seconds since the start as `m:ss` or `h:mm:ss`. */
export function clock(seconds: number): string {
  const secs = Math.max(0, Math.round(seconds));
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = String(secs % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

function Report({ id, back }: { id: number; back: React.ReactNode }) {
  const { t } = useTranslation("sendlog");
  const { t: tCampaigns } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const report = useCampaignReport(id);
  const filter = useMemo(() => campaignFilter(id), [id]);
  const failedFilter = useMemo<LogFilter>(() => ({ ...campaignFilter(id), status: ["failed"] }), [id]);
  const totals = useLogTotals(filter);
  const failed = useLogTotals(failedFilter);
  const [exporting, setExporting] = useState(false);
  const duration = useDurationText();

  if (report.isError) {
    const error = toIpcError(report.error);
    return (
      <section className="pd-page" data-testid="campaign-report">
        <Flex vertical gap={16}>
          <div>{back}</div>
          <Alert
            type="error"
            showIcon
            data-testid="report-error"
            title={error.code === "not_found" ? t("report.notFound") : t("report.loadFailed")}
            description={`${tc(`error.${error.code}`)}: ${error.message}`}
          />
        </Flex>
      </section>
    );
  }
  if (!report.data) {
    return (
      <section className="pd-page" data-testid="campaign-report" aria-busy>
        <Skeleton active />
      </section>
    );
  }

  const { campaign } = report.data;
  return (
    <section className="pd-page" data-testid="campaign-report" aria-labelledby="campaign-report-title">
      <Flex className="pd-page-header" justify="space-between" align="flex-end" gap={16} wrap>
        <div>
          <Typography.Text type="secondary">{t("report.title")}</Typography.Text>
          <Typography.Title id="campaign-report-title" level={3} className="pd-page-title" data-testid="report-name">
            <KindTag kind={campaign.kind} />
            {campaign.name}
          </Typography.Title>
        </div>
        <Flex gap={8} wrap>
          {back}
          <Button
            icon={<UnorderedListOutlined />}
            data-testid="report-open-log"
            onClick={() => void navigate(`/log?campaign=${campaign.id}&account=${campaign.accountId}`)}
          >
            {t("report.openLog")}
          </Button>
          <Button type="primary" icon={<DownloadOutlined />} onClick={() => setExporting(true)} data-testid="report-export">
            {t("report.export")}
          </Button>
        </Flex>
      </Flex>

      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} data-testid="report-facts">
            <Descriptions.Item label={t("report.template")}>
              <span className="pd-log-template-with-channel">
                <ChannelTag channel={campaign.channel} testId="report-channel" />
                <span data-testid="report-template">{campaign.templateTitle}</span>
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t("report.createdBy")}>
              <span data-testid="report-created-by">{campaign.createdBy}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("report.createdAt")}>
              <DateTime value={campaign.createdAt} className="pd-num" />
            </Descriptions.Item>
            <Descriptions.Item label={t("report.startedAt")}>
              <span className="pd-num" data-testid="report-started-at">
                {campaign.startedAt !== null ? <DateTime value={campaign.startedAt} /> : t("report.notStarted")}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t("report.finishedAt")}>
              <span className="pd-num">{campaign.finishedAt !== null ? <DateTime value={campaign.finishedAt} /> : t("report.notFinished")}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("report.duration")}>
              <span className="pd-num" data-testid="report-duration">
                {campaign.startedAt !== null ? duration(report.data.durationMs) : "—"}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t("report.recipients")}>
              <span className="pd-num">{fmt.number(campaign.counts.total)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("report.rate")}>
              <span className="pd-num">{t("report.ratePerSec", { rate: campaign.rate })}</span>
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Card size="small" title={t("report.outcome")}>
          <Outcome report={report.data} failedGroups={failed.data?.byErrcode} />
        </Card>

        {report.data.campaign.counts.sent > 0 ? (
          <Card size="small" title={tCampaigns("delivery.title")}>
            <DeliverySummary counts={report.data.campaign.counts} testIdPrefix="report-delivery" />
          </Card>
        ) : null}

        <Card size="small" title={t("report.rateChart")}>
          <RateSection report={report.data} />
        </Card>
      </Flex>
      <ExportModal open={exporting} onClose={() => setExporting(false)} filter={filter} expectedRows={totals.data?.total} />
    </section>
  );
}

type Part = { key: string; label: string; value: number; color: string; hint?: string };

function Outcome({ report, failedGroups }: { report: CampaignReport; failedGroups: ErrcodeTotal[] | undefined }) {
  const { t, i18n } = useTranslation("sendlog");
  const fmt = useFormat();
  const { counts } = report.campaign;
  const failedParts = splitByReason(counts.failed, failedGroups ?? []).map(({ group, count }, index): Part => {
    const text = explain(group?.explanation, i18n.language);
    const code = group?.errcode;
    return {
      key: code !== null && code !== undefined ? `failed-${code}` : "failed-other",
      // Words first, WeChat's code after them.
      label:
        code !== null && code !== undefined
          ? t("report.failedReason", { reason: text ? t("report.reasonWithCode", { title: text.title, code }) : String(code) })
          : t("report.failedOther"),
      value: count,
      color: FAILED_COLORS[index % FAILED_COLORS.length] ?? "#ff4d4f",
      hint: text?.action,
    };
  });
  const parts: Part[] = [
    { key: "sent", label: t("report.sent"), value: counts.sent, color: COLOR.sent },
    {
      key: "notSubscribed",
      // A template message's are people who do not follow the Official Account or blocked it.
      label: report.campaign.channel === "template_message" ? t("report.notFollowing") : t("report.notSubscribed"),
      value: counts.notSubscribed,
      color: COLOR.notSubscribed,
    },
    ...failedParts,
    { key: "unknown", label: t("report.unknown"), value: counts.unknown, color: COLOR.unknown },
    { key: "skipped", label: t("report.skipped"), value: counts.skipped, color: COLOR.skipped },
    ...(counts.cancelled > 0 ? [{ key: "cancelled", label: t("report.cancelled"), value: counts.cancelled, color: COLOR.cancelled }] : []),
  ];
  const remaining = counts.pending + counts.sending;
  const segments: StackedBarSegment[] = parts.map((p) => ({ key: p.key, value: p.value, color: p.color, label: p.label }));
  const whole = Math.max(1, counts.total);
  const percent = (n: number) => formatPercent(n, whole, fmt.language);
  const aria = t("report.outcomeAria", { parts: parts.map((p) => `${p.label} ${fmt.number(p.value)}`).join(fmt.language === "en" ? ", " : "，") });

  return (
    <Flex vertical gap={12} data-testid="report-outcome">
      <StackedBar segments={segments} total={counts.total} size="large" ariaLabel={aria} testId="report-outcome-bar" />
      <ul className="pd-report-legend">
        {[...parts, ...(remaining > 0 ? [{ key: "remaining", label: t("report.remaining"), value: remaining, color: "transparent" }] : [])].map((part) =>
          part.value > 0 || part.key === "sent" ? (
            <li key={part.key} className="pd-report-legend-row" data-testid={`report-outcome-${part.key}`} data-count={part.value}>
              <span className="pd-report-swatch" style={{ background: part.color }} aria-hidden />
              <span className="pd-report-legend-label">
                <span>{part.label}</span>
                {"hint" in part && part.hint ? (
                  <Typography.Text type="secondary" className="pd-log-hint">
                    {part.hint}
                  </Typography.Text>
                ) : null}
              </span>
              <span className="pd-num pd-report-legend-value">{fmt.number(part.value)}</span>
              <span className="pd-num pd-report-legend-percent">{percent(part.value)}</span>
            </li>
          ) : null,
        )}
      </ul>
    </Flex>
  );
}

function RateSection({ report }: { report: CampaignReport }) {
  const { t } = useTranslation("sendlog");
  const points = report.rate.map((p) => ({ x: p.second, y: p.perSecond }));
  if (points.every((p) => p.y === null || p.y <= 0)) {
    return (
      <Typography.Text type="secondary" data-testid="report-rate-empty">
        {t("report.rateEmpty")}
      </Typography.Text>
    );
  }
  const max = Math.max(...points.map((p) => p.y ?? 0));
  const round = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  return (
    <RateChart
      points={points}
      testId="report-rate-chart"
      color="#1677ff"
      formatX={clock}
      formatY={(v) => t("report.perSec", { value: round(v) })}
      ariaLabel={t("report.rateChartAria", { max: round(max) })}
    />
  );
}
