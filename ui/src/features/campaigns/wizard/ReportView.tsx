import { DownloadOutlined, EyeOutlined, LeftOutlined, RightOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Drawer, Flex, Skeleton, Statistic, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../../components/CodeText";
import { ShowInFolderButton } from "../../../components/ShowInFolderButton";
import { inLanguage } from "../../../i18n/bilingual";
import { useFormat } from "../../../i18n/useFormat";
import {
  call,
  commands,
  reportError,
  toIpcError,
  type AccountSummary,
  type AudienceOptions,
  type CampaignPlan,
  type PreviewRow,
  type ProblemKind,
  type RowProblem,
  type SyncedTemplate,
} from "../../../ipc";
import "../../compose/compose.css";
import { channelOf, jumpMessage } from "../../compose/jump";
import { MessageCard } from "../../compose/MessageCard";
import { GrantCounts, type GrantSwitch } from "./GrantCounts";
import { RepeatWarning, type RecentSwitch } from "./RepeatWarning";
import { withDefaults, type WizardState } from "./wizardState";

/** Problems a page of the problems list shows. */
const PROBLEMS_PAGE_SIZE = 8;

/** Flags of a row that is otherwise fine (the core's `ProblemKind::is_invalid` is false): not errors. */
const FLAG_KINDS: readonly ProblemKind[] = ["duplicate", "unsubscribed", "recently_sent", "suppressed", "frequency_capped", "no_grant"];

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
  grantSwitch: GrantSwitch;
};

/** The dry run's result: counts, the problems by row and column (downloadable), and a row-by-row preview. */
export function ReportView({ account, template, plan, draftId, state, options, recentSwitch, grantSwitch }: Props) {
  const { t, i18n } = useTranslation("campaigns");
  const { report } = plan;
  const english = i18n.language === "en";
  const fmt = useFormat();
  const [downloading, setDownloading] = useState(false);
  const [problemsPage, setProblemsPage] = useState(1);
  // The problem row opened, for the plan it was opened from: a new validation closes it.
  const [opened, setOpened] = useState<{ rowNo: number; plan: CampaignPlan } | null>(null);
  const openRow = (rowNo: number) => setOpened({ rowNo, plan });
  const paged = report.problems.length > PROBLEMS_PAGE_SIZE;
  // The page a new validation leaves may no longer exist.
  const page = paged ? Math.min(problemsPage, Math.ceil(report.problems.length / PROBLEMS_PAGE_SIZE)) : 1;
  // Where the rows to fix were saved last: shown with a way to open its folder.
  const [savedPath, setSavedPath] = useState<string | null>(null);
  const planned = withDefaults(options);
  const period = t("repeat.period", { count: planned.recentDays });

  const download = async () => {
    setDownloading(true);
    try {
      const path = await call(commands.saveDraftProblems(draftId));
      if (path !== null) setSavedPath(path);
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
    {
      key: "preview",
      width: 76,
      // One link per row number on the page: its first problem carries it.
      render: (_, problem, index) => {
        const previous = report.problems[(page - 1) * PROBLEMS_PAGE_SIZE + index - 1];
        if (index > 0 && previous?.rowNo === problem.rowNo) return null;
        return (
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            className="pd-campaign-problem-preview"
            aria-label={t("report.previewRowAria", { row: problem.rowNo })}
            onClick={(event) => {
              event.stopPropagation();
              openRow(problem.rowNo);
            }}
            data-testid={`campaign-problem-preview-${problem.rowNo}`}
          >
            {t("report.previewRow")}
          </Button>
        );
      },
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
      <GrantCounts report={report} options={options} grantSwitch={grantSwitch} />
      <Typography.Text type="secondary" className="pd-campaign-small" data-testid="campaign-report-summary">
        {planned.skipDuplicates ? t("report.duplicatesSkipped") : t("report.duplicatesKept")}{" "}
        {planned.skipUnsubscribed ? t("report.unsubscribedSkipped") : t("report.unsubscribedKept")}{" "}
        {planned.recentDays === 0 ? t("report.recentOff") : report.recentlySent === 0 ? t("report.recentNone", { period }) : null}
        {report.suppressed > 0 ? (
          <>
            {" "}
            <Typography.Text strong className="pd-campaign-small" data-testid="campaign-report-suppressed-note">
              {t("report.suppressedNote", { formatted: fmt.number(report.suppressed) })}
            </Typography.Text>
          </>
        ) : null}
        {report.frequencyCapped > 0 ? (
          <>
            {" "}
            <Typography.Text strong className="pd-campaign-small" data-testid="campaign-report-capped-note">
              {t("report.cappedNote", { formatted: fmt.number(report.frequencyCapped) })}
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
            {/* The file holds the rows that cannot be sent (not the flagged ones): nothing to fix without them. */}
            {report.invalid > 0 ? (
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
          {savedPath !== null ? (
            <Alert
              type="success"
              showIcon
              data-testid="campaign-problems-saved"
              title={t("report.saved", { path: savedPath })}
              description={t("report.savedHint")}
              action={
                <ShowInFolderButton path={savedPath} size="small" testId="campaign-problems-show-in-folder">
                  {t("report.showInFolder")}
                </ShowInFolderButton>
              }
            />
          ) : null}
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
            pagination={paged ? { pageSize: PROBLEMS_PAGE_SIZE, current: page, onChange: setProblemsPage, size: "small", showSizeChanger: false } : false}
            onRow={(problem) => ({ onClick: () => openRow(problem.rowNo), className: "pd-campaign-problem-row" })}
            locale={{ emptyText: t("report.noProblemsHint") }}
          />
        </Flex>
        <Preview account={account} template={template} plan={plan} state={state} />
      </div>
      {opened !== null && opened.plan === plan ? (
        <ProblemRowDrawer
          key={opened.rowNo}
          account={account}
          template={template}
          state={state}
          draftId={draftId}
          rowNo={opened.rowNo}
          onClose={() => setOpened(null)}
        />
      ) : null}
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
        <RowView account={account} template={template} state={state} row={row} today={today} testIdPrefix="campaign-preview" />
      ) : (
        <Typography.Text type="secondary">{t("preview.empty")}</Typography.Text>
      )}
    </Flex>
  );
}

type RowViewProps = Pick<Props, "account" | "template" | "state"> & {
  row: PreviewRow;
  /** The date the card shows (the preview's "today"). */
  today: Date;
  /** `campaign-preview` in the row-by-row preview: `${prefix}-row`, `-state`, `-reason`, `-page`. */
  testIdPrefix: string;
};

/** One row as it will be sent: its number, whether it is sent, why not, the card and its page. */
function RowView({ account, template, state, row, today, testIdPrefix }: RowViewProps) {
  const { t, i18n } = useTranslation("campaigns");
  return (
    <>
      <Flex gap={6} align="center" wrap data-testid={`${testIdPrefix}-row`} data-row={row.rowNo} data-state={row.state}>
        <Typography.Text className="pd-campaign-small">{t("preview.row", { row: row.rowNo })}</Typography.Text>
        <Tag color={row.state === "pending" ? "success" : "default"} data-testid={`${testIdPrefix}-state`}>
          {row.state === "pending" ? t("preview.willSend") : t(`rowState.${row.state}`)}
        </Tag>
        <CodeText type="secondary" className="pd-campaign-small">
          {row.openid}
        </CodeText>
      </Flex>
      {row.reason ? (
        <Typography.Text type="warning" className="pd-campaign-small" data-testid={`${testIdPrefix}-reason`}>
          {inLanguage(row.reason, i18n.language)}
        </Typography.Text>
      ) : null}
      <MessageCard
        channel={channelOf(account.kind)}
        title={template.title}
        appName={account.name}
        sentAt={today}
        rows={template.keywords.map((keyword) => ({
          key: keyword.key,
          label: keyword.label,
          value: row.data[keyword.key] ?? "",
          displayLimit: keyword.displayLimit,
        }))}
        message={{ ...jumpMessage(state), lang: state.lang }}
      />
      {row.page ? (
        <CodeText type="secondary" className="pd-campaign-small" data-testid={`${testIdPrefix}-page`}>
          {t("preview.page", { page: row.page })}
        </CodeText>
      ) : null}
    </>
  );
}

type ProblemRowProps = Pick<Props, "account" | "template" | "state" | "draftId"> & {
  rowNo: number;
  onClose: () => void;
};

/**
 * A row of the problems list, opened (`preview_draft_row`): rendered as the row-by-row preview
 * shows rows, with everything that keeps it from being sent. Any row of the list, not only the
 * first ones the preview holds.
 */
function ProblemRowDrawer({ account, template, state, draftId, rowNo, onClose }: ProblemRowProps) {
  const { t, i18n } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const english = i18n.language === "en";
  const [today] = useState(() => new Date());
  const query = useQuery({
    queryKey: ["campaigns", "draftRow", draftId, rowNo],
    queryFn: () => call(commands.previewDraftRow(draftId, rowNo)),
    // The draft's choices change between validations: always read the row anew.
    staleTime: 0,
    gcTime: 0,
    meta: { silentError: true },
  });
  return (
    <Drawer
      open
      onClose={onClose}
      size={440}
      title={t("rowPreview.title", { row: rowNo })}
      destroyOnHidden
      data-testid="campaign-row-preview-drawer"
    >
      <Flex vertical gap={12} className="pd-campaign-preview" data-testid="campaign-row-preview" data-row={rowNo}>
        {query.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : query.isError ? (
          <Alert
            type="error"
            showIcon
            data-testid="campaign-row-preview-error"
            title={tc(`error.${toIpcError(query.error).code}`)}
            description={toIpcError(query.error).messageIn(i18n.language)}
          />
        ) : (
          <>
            <RowView account={account} template={template} state={state} row={query.data.row} today={today} testIdPrefix="campaign-row-preview" />
            {query.data.problems.length === 0 ? (
              <Alert
                type={query.data.row.state === "pending" ? "success" : "info"}
                showIcon
                data-testid="campaign-row-preview-ok"
                title={query.data.row.state === "pending" ? t("rowPreview.ok") : t("rowPreview.flagged")}
              />
            ) : (
              <Flex vertical gap={6} data-testid="campaign-row-preview-problems">
                <Typography.Text strong>{t("rowPreview.problems", { count: query.data.problems.length })}</Typography.Text>
                <ul className="pd-campaign-row-problems">
                  {query.data.problems.map((problem) => (
                    <li
                      key={`${problem.column}|${problem.kind}|${problem.field ?? ""}`}
                      data-testid="campaign-row-preview-problem"
                      data-kind={problem.kind}
                    >
                      <Tag color="error" className="pd-campaign-kind">
                        {t(`problemKind.${problem.kind}`)}
                      </Tag>
                      <Typography.Text className="pd-campaign-small">
                        {t("rowPreview.column", { column: problem.column })} {english ? problem.reasonEn : problem.reasonZh}
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              </Flex>
            )}
          </>
        )}
      </Flex>
    </Drawer>
  );
}
