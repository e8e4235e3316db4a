import { DownloadOutlined, LeftOutlined, RightOutlined } from "@ant-design/icons";
import { App, Button, Flex, Statistic, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../../components/CodeText";
import {
  call,
  commands,
  reportError,
  type AccountSummary,
  type AudienceOptions,
  type CampaignPlan,
  type ProblemKind,
  type RowProblem,
  type SyncedTemplate,
} from "../../../ipc";
import "../../compose/compose.css";
import { ServiceNotificationCard } from "../../compose/ServiceNotificationCard";
import { formatCardDate } from "../../compose/text";
import { RepeatWarning, type RecentSwitch } from "./RepeatWarning";
import { withDefaults, type WizardState } from "./wizardState";

/** Flags of a row that is otherwise fine (the core's `ProblemKind::is_invalid` is false): not errors. */
const FLAG_KINDS: readonly ProblemKind[] = ["duplicate", "unsubscribed", "recently_sent", "suppressed", "frequency_capped"];

type Props = {
  account: AccountSummary;
  template: SyncedTemplate;
  plan: CampaignPlan;
  /** The draft whose stored choices the plan validated: its problems are what gets downloaded. */
  draftId: number;
  state: WizardState;
  /** The options the plan was made with: what its counts mean. */
  options: AudienceOptions;
  recentSwitch: RecentSwitch;
};

/** The dry run's result: counts, the problems by row and column (downloadable), and a row-by-row preview. */
export function ReportView({ account, template, plan, draftId, state, options, recentSwitch }: Props) {
  const { t, i18n } = useTranslation("campaigns");
  const { message } = App.useApp();
  const { report } = plan;
  const english = i18n.language === "en";
  const [downloading, setDownloading] = useState(false);
  const planned = withDefaults(options);
  const period = t("repeat.period", { count: planned.recentDays });

  const download = async () => {
    setDownloading(true);
    try {
      const path = await call(commands.saveDraftProblems(draftId));
      if (path !== null) void message.success(t("report.saved", { path }));
    } catch (error) {
      reportError(error);
    } finally {
      setDownloading(false);
    }
  };

  const columns: TableColumnsType<RowProblem> = [
    { key: "row", title: t("report.col.row"), dataIndex: "rowNo", width: 72, className: "pd-num" },
    { key: "column", title: t("report.col.column"), dataIndex: "column", width: 130, ellipsis: true },
    {
      key: "kind",
      title: t("report.col.kind"),
      dataIndex: "kind",
      width: 112,
      render: (_, problem) => (
        <Tag
          color={FLAG_KINDS.includes(problem.kind) ? "default" : "error"}
          className="pd-campaign-kind"
          data-testid="campaign-problem-kind"
          data-kind={problem.kind}
        >
          {t(`problemKind.${problem.kind}`)}
        </Tag>
      ),
    },
    {
      key: "reason",
      title: t("report.col.reason"),
      render: (_, problem) => (english ? problem.reasonEn : problem.reasonZh),
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="campaign-report">
      <div className="pd-campaign-stats">
        <Statistic title={t("report.total")} value={report.totalRows} data-testid="campaign-report-total" data-value={report.totalRows} />
        <Statistic
          title={t("report.valid")}
          value={report.valid}
          data-testid="campaign-report-valid"
          data-value={report.valid}
          styles={{ content: { color: report.valid > 0 ? "#389e0d" : undefined } }}
        />
        <Statistic
          title={t("report.invalid")}
          value={report.invalid}
          data-testid="campaign-report-invalid"
          data-value={report.invalid}
          styles={{ content: { color: report.invalid > 0 ? "#cf1322" : undefined } }}
        />
        <Statistic
          title={t("report.duplicates")}
          value={report.duplicates}
          data-testid="campaign-report-duplicates"
          data-value={report.duplicates}
        />
        <Statistic
          title={t("report.unsubscribed")}
          value={report.unsubscribedFlagged}
          data-testid="campaign-report-unsubscribed"
          data-value={report.unsubscribedFlagged}
        />
        <Statistic
          title={t("report.recentlySent")}
          value={report.recentlySent}
          data-testid="campaign-report-recent"
          data-value={report.recentlySent}
          styles={{ content: { color: report.recentlySent > 0 && !planned.skipRecent ? "#d46b08" : undefined } }}
        />
        <Statistic
          title={t("report.suppressed")}
          value={report.suppressed}
          data-testid="campaign-report-suppressed"
          data-value={report.suppressed}
        />
        <Statistic
          title={t("report.capped")}
          value={report.frequencyCapped}
          data-testid="campaign-report-capped"
          data-value={report.frequencyCapped}
        />
      </div>
      <RepeatWarning report={report} options={options} recentSwitch={recentSwitch} />
      <Typography.Text type="secondary" className="pd-campaign-small" data-testid="campaign-report-summary">
        {planned.skipDuplicates ? t("report.duplicatesSkipped") : t("report.duplicatesKept")}{" "}
        {planned.skipUnsubscribed ? t("report.unsubscribedSkipped") : t("report.unsubscribedKept")}{" "}
        {planned.recentDays === 0 ? t("report.recentOff") : report.recentlySent === 0 ? t("report.recentNone", { period }) : null}
        {report.suppressed > 0 ? (
          <>
            {" "}
            <Typography.Text strong className="pd-campaign-small" data-testid="campaign-report-suppressed-note">
              {t("report.suppressedNote", { formatted: report.suppressed.toLocaleString() })}
            </Typography.Text>
          </>
        ) : null}
        {report.frequencyCapped > 0 ? (
          <>
            {" "}
            <Typography.Text strong className="pd-campaign-small" data-testid="campaign-report-capped-note">
              {t("report.cappedNote", { formatted: report.frequencyCapped.toLocaleString() })}
            </Typography.Text>
          </>
        ) : null}
      </Typography.Text>

      <div className="pd-campaign-report-grid">
        <Flex vertical gap={8} className="pd-campaign-problems">
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Text strong>
              {report.problemsTotal === 0
                ? t("report.noProblems")
                : t("report.problems", { count: report.problemsTotal })}
            </Typography.Text>
            {report.problemsTotal > 0 ? (
              <Button
                size="small"
                icon={<DownloadOutlined />}
                loading={downloading}
                onClick={() => void download()}
                data-testid="campaign-problems-download"
              >
                {t("report.download")}
              </Button>
            ) : null}
          </Flex>
          {report.problemsTotal > report.problems.length ? (
            <Typography.Text type="secondary" className="pd-campaign-small">
              {t("report.problemsTruncated", { shown: report.problems.length, total: report.problemsTotal })}
            </Typography.Text>
          ) : null}
          <Table<RowProblem>
            size="small"
            data-testid="campaign-problems"
            columns={columns}
            dataSource={report.problems}
            rowKey={(problem) => `${problem.rowNo}|${problem.column}|${problem.kind}|${problem.field ?? ""}`}
            pagination={report.problems.length > 8 ? { pageSize: 8, size: "small", showSizeChanger: false } : false}
            locale={{ emptyText: t("report.noProblemsHint") }}
          />
        </Flex>
        <Preview account={account} template={template} plan={plan} state={state} />
      </div>
    </Flex>
  );
}

function Preview({ account, template, plan, state }: Pick<Props, "account" | "template" | "plan" | "state">) {
  const { t } = useTranslation("campaigns");
  const rows = plan.report.preview;
  const [index, setIndex] = useState(0);
  const [today] = useState(() => new Date());
  const at = Math.min(index, Math.max(0, rows.length - 1));
  const row = rows[at];
  return (
    <Flex vertical gap={8} className="pd-campaign-preview" data-testid="campaign-preview">
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong>{t("preview.title")}</Typography.Text>
        <Flex align="center" gap={4}>
          <Button
            size="small"
            icon={<LeftOutlined />}
            aria-label={t("preview.prev")}
            disabled={at <= 0}
            onClick={() => setIndex(at - 1)}
            data-testid="campaign-preview-prev"
          />
          <Typography.Text type="secondary" className="pd-campaign-small pd-num" data-testid="campaign-preview-position">
            {rows.length === 0 ? "0 / 0" : `${at + 1} / ${rows.length}`}
          </Typography.Text>
          <Button
            size="small"
            icon={<RightOutlined />}
            aria-label={t("preview.next")}
            disabled={at >= rows.length - 1}
            onClick={() => setIndex(at + 1)}
            data-testid="campaign-preview-next"
          />
        </Flex>
      </Flex>
      {row ? (
        <>
          <Flex gap={6} align="center" wrap data-testid="campaign-preview-row" data-row={row.rowNo} data-state={row.state}>
            <Typography.Text className="pd-campaign-small">{t("preview.row", { row: row.rowNo })}</Typography.Text>
            <Tag color={row.state === "pending" ? "success" : "default"} data-testid="campaign-preview-state">
              {row.state === "pending" ? t("preview.willSend") : t(`rowState.${row.state}`)}
            </Tag>
            <CodeText type="secondary" className="pd-campaign-small">
              {row.openid}
            </CodeText>
          </Flex>
          {row.reason ? (
            <Typography.Text type="warning" className="pd-campaign-small" data-testid="campaign-preview-reason">
              {row.reason}
            </Typography.Text>
          ) : null}
          <ServiceNotificationCard
            title={template.title}
            appName={account.name}
            date={formatCardDate(today, state.lang)}
            rows={template.keywords.map((keyword) => ({ key: keyword.key, label: keyword.label, value: row.data[keyword.key] ?? "" }))}
            lang={state.lang}
            hasPage={state.page.trim() !== ""}
          />
          {row.page ? (
            <CodeText type="secondary" className="pd-campaign-small" data-testid="campaign-preview-page">
              {t("preview.page", { page: row.page })}
            </CodeText>
          ) : null}
        </>
      ) : (
        <Typography.Text type="secondary">{t("preview.empty")}</Typography.Text>
      )}
    </Flex>
  );
}
