import { CheckCircleOutlined, WarningOutlined } from "@ant-design/icons";
import { Card, Flex, Table, Typography, type TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../components/CodeText";
import { useFormat } from "../../i18n/useFormat";
import type { IntakeProblem, IntakeSummary } from "../../ipc";
import { needsPushKeys } from "./model";

/** What an import of pushes did, count by count in plain words, and where the broken pushes are. */
export function IntakeSummaryView({ summary }: { summary: IntakeSummary }) {
  const { t } = useTranslation("ledger");
  const fmt = useFormat();
  const n = (value: number) => fmt.number(value);
  const broken = summary.malformed > 0;

  const columns: TableColumnsType<IntakeProblem> = [
    {
      key: "file",
      title: t("summary.col.file"),
      width: "34%",
      render: (_, problem) => <CodeText className="pd-ledger-small">{problem.file}</CodeText>,
    },
    {
      key: "line",
      title: t("summary.col.line"),
      width: 96,
      // A file that cannot be opened is one problem at line 0: the whole file.
      render: (_, problem) => (problem.line > 0 ? <span className="pd-num">{problem.line}</span> : t("summary.wholeFile")),
    },
    {
      key: "what",
      title: t("summary.col.what"),
      render: (_, problem) => (
        <Flex vertical gap={2}>
          <span>{t(`summary.problem.${problem.kind}`)}</span>
          {problem.detail ? (
            <details className="pd-ledger-details">
              <summary>{t("summary.details")}</summary>
              <CodeText className="pd-ledger-small">{problem.detail}</CodeText>
            </details>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <Card
      size="small"
      data-testid="events-summary"
      data-read={summary.read}
      data-new={summary.new}
      data-matched={summary.matched}
      data-resolved={summary.resolved}
      data-malformed={summary.malformed}
      title={
        <Flex gap={8} align="center">
          {broken ? <WarningOutlined className="pd-ledger-warning" aria-hidden /> : <CheckCircleOutlined className="pd-ledger-ok" aria-hidden />}
          {t("summary.title")}
        </Flex>
      }
    >
      <Flex vertical gap={10}>
        <ul className="pd-ledger-summary">
          <li data-testid="events-summary-read">{t("summary.read", { read: n(summary.read), new: n(summary.new), duplicates: n(summary.duplicates) })}</li>
          <li data-testid="events-summary-receipts">
            {t("summary.receipts", { matched: n(summary.matched), resolved: n(summary.resolved), unmatched: n(summary.unmatched) })}
            {summary.unmatched > 0 ? (
              <Typography.Text type="secondary" className="pd-ledger-small pd-ledger-block">
                {t("summary.unmatchedHint")}
              </Typography.Text>
            ) : null}
          </li>
          {summary.lateMatches > 0 ? <li data-testid="events-summary-late">{t("summary.late", { lateMatches: n(summary.lateMatches) })}</li> : null}
          <li data-testid="events-summary-subscriptions">{t("summary.subscriptions", { subscriptionEvents: n(summary.subscriptionEvents) })}</li>
          <li data-testid="events-summary-other">{t("summary.other", { other: n(summary.other) })}</li>
          <li data-testid="events-summary-malformed">
            <Typography.Text type={broken ? "warning" : undefined}>{t("summary.malformed", { malformed: n(summary.malformed) })}</Typography.Text>
          </li>
        </ul>
        {summary.problems.length > 0 ? (
          <Flex vertical gap={6}>
            <Typography.Text strong>{t("summary.problemsTitle")}</Typography.Text>
            {summary.malformed > summary.problems.length ? (
              <Typography.Text type="secondary" className="pd-ledger-small">
                {t("summary.problemsTruncated", { shown: n(summary.problems.length), total: n(summary.malformed) })}
              </Typography.Text>
            ) : null}
            {needsPushKeys(summary.problems) ? (
              <Typography.Text type="secondary" className="pd-ledger-small" data-testid="events-summary-keys-hint">
                {t("summary.keysHint")}
              </Typography.Text>
            ) : null}
            <Table<IntakeProblem>
              size="small"
              data-testid="events-problems"
              columns={columns}
              dataSource={summary.problems}
              rowKey={(problem) => `${problem.file}|${problem.offset}|${problem.line}|${problem.kind}`}
              tableLayout="fixed"
              pagination={summary.problems.length > 10 ? { pageSize: 10, size: "small", showSizeChanger: false } : false}
              onRow={(problem) => ({ "data-testid": "events-problem", "data-kind": problem.kind }) as React.HTMLAttributes<HTMLElement>}
            />
          </Flex>
        ) : null}
      </Flex>
    </Card>
  );
}
