import { ArrowLeftOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Flex, Modal, Result, Skeleton, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { CodeText } from "../../components/CodeText";
import { DateTime } from "../../components/DateTime";
import { PageContainer } from "../../components/PageContainer";
import { useFormat } from "../../i18n/useFormat";
import { toIpcError, type Campaign, type SeriesView } from "../../ipc";
import { StatusTag } from "../campaigns/StatusTag";
import { nextRunTimes, useSeriesRule } from "./seriesText";
import { useSeries, useStopSeries } from "./useSeries";
import "./series.css";

/** /series/:id — a recurring campaign: its rule, where each run's people come from, next and past runs. */
export function SeriesPage() {
  const { t } = useTranslation("series");
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const query = useSeries(valid ? id : 0);
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate("/campaigns")} data-testid="series-back">
      {t("back")}
    </Button>
  );

  if (!valid) {
    return (
      <PageContainer testId="page-series" title={t("notFound")} extra={back}>
        <Result status="404" title={t("notFound")} />
      </PageContainer>
    );
  }
  if (query.isPending) {
    return (
      <PageContainer testId="page-series" title={t("loading")} extra={back}>
        <Skeleton active paragraph={{ rows: 6 }} />
      </PageContainer>
    );
  }
  if (query.isError) {
    const error = toIpcError(query.error);
    return (
      <PageContainer testId="page-series" title={error.code === "not_found" ? t("notFound") : t("loadFailed")} extra={back}>
        <Alert type="error" showIcon title={tc(`error.${error.code}`)} description={error.message} data-testid="series-error" />
      </PageContainer>
    );
  }
  return <Loaded view={query.data} back={back} />;
}

function Loaded({ view, back }: { view: SeriesView; back: ReactNode }) {
  const { t } = useTranslation("series");
  const rule = useSeriesRule();
  const { series, runs } = view;
  const stopped = series.stoppedAt !== null;
  const next = nextRunTimes(runs, view.upcoming);

  return (
    <PageContainer
      testId="page-series"
      title={
        <Flex align="center" gap={10} wrap>
          <span>{series.name}</span>
          <Tag color={stopped ? "default" : "processing"} data-testid="series-state" data-stopped={stopped ? "true" : "false"}>
            {stopped ? t("stopped") : t("active")}
          </Tag>
        </Flex>
      }
      subtitle={
        <span>
          {t("createdBy", { by: series.createdBy })} <DateTime value={series.createdAt} />
        </span>
      }
      extra={
        <Flex gap={8} wrap>
          {stopped ? null : <StopButton id={series.id} name={series.name} />}
          {back}
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Card size="small" className="pd-series-card" title={t("rule.title")}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: "rule", label: t("rule.label"), children: <Typography.Text strong data-testid="series-rule">{rule(series)}</Typography.Text> },
              { key: "zone", label: t("rule.timezone"), children: <span data-testid="series-timezone">{series.timezone}</span> },
              {
                key: "audience",
                label: t("audience.label"),
                children:
                  series.audience === "reread" ? (
                    <Flex vertical gap={2} data-testid="series-audience" data-audience="reread">
                      <span>{t("audience.reread")}</span>
                      {series.sourceFile ? <CodeText type="secondary">{series.sourceFile}</CodeText> : null}
                    </Flex>
                  ) : (
                    <span data-testid="series-audience" data-audience="reuse">
                      {t("audience.reuse")}
                    </span>
                  ),
              },
              ...(stopped && series.stoppedAt !== null
                ? [{ key: "stopped", label: t("stoppedAt"), children: <DateTime value={series.stoppedAt} /> }]
                : []),
            ]}
          />
        </Card>

        <Card size="small" className="pd-series-card" title={t("upcoming.title")}>
          {next.length === 0 ? (
            <Typography.Text type="secondary" data-testid="series-upcoming" data-count={0}>
              {stopped ? t("upcoming.stopped") : t("upcoming.none")}
            </Typography.Text>
          ) : (
            <Flex vertical gap={6}>
              <ol className="pd-series-upcoming pd-num" data-testid="series-upcoming" data-count={next.length}>
                {next.map((at) => (
                  <li key={at} data-at={at}>
                    <DateTime value={at} />
                  </li>
                ))}
              </ol>
              {stopped ? (
                <Typography.Text type="secondary" className="pd-series-small">
                  {t("upcoming.stoppedMade")}
                </Typography.Text>
              ) : null}
            </Flex>
          )}
        </Card>

        <Card size="small" className="pd-series-card" title={t("runs.title")}>
          <Runs runs={runs} />
        </Card>
      </Flex>
    </PageContainer>
  );
}

/** The series' runs so far, newest first: each opens its campaign. */
function Runs({ runs }: { runs: Campaign[] }) {
  const { t } = useTranslation("series");
  const fmt = useFormat();
  const columns: TableColumnsType<Campaign> = [
    {
      key: "run",
      title: t("runs.col.run"),
      render: (_, run) => (
        <Link to={`/campaigns/${run.id}`} data-testid={`series-run-${run.id}`}>
          {t("runs.name", { id: run.id })}
        </Link>
      ),
    },
    {
      key: "at",
      title: t("runs.col.at"),
      render: (_, run) => (run.scheduledAt !== null ? <DateTime value={run.scheduledAt} className="pd-num" /> : "—"),
    },
    { key: "status", title: t("runs.col.status"), render: (_, run) => <StatusTag status={run.status} testId={`series-run-${run.id}-status`} /> },
    {
      key: "counts",
      title: t("runs.col.counts"),
      render: (_, run) => (
        <span className="pd-num" data-testid={`series-run-${run.id}-counts`}>
          {t("runs.counts", {
            sent: fmt.number(run.counts.sent),
            failed: fmt.number(run.counts.failed),
            unknown: fmt.number(run.counts.unknown),
          })}
        </span>
      ),
    },
  ];
  return (
    <Table<Campaign>
      data-testid="series-runs"
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={runs}
      pagination={runs.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: t("runs.empty") }}
    />
  );
}

/** 停止周期发送: asks first; runs already made keep their state. */
function StopButton({ id, name }: { id: number; name: string }) {
  const { t } = useTranslation("series");
  const stop = useStopSeries(id);
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button danger icon={<StopOutlined />} onClick={() => setAsking(true)} loading={stop.isPending} data-testid="series-stop">
        {t("stop.action")}
      </Button>
      <Modal
        open={asking}
        title={t("stop.title", { name })}
        okText={t("stop.ok")}
        cancelText={t("stop.keep")}
        okButtonProps={{ danger: true, "data-testid": "series-stop-ok" }}
        cancelButtonProps={{ "data-testid": "series-stop-keep" }}
        confirmLoading={stop.isPending}
        onOk={() => stop.mutate(undefined, { onSettled: () => setAsking(false) })}
        onCancel={() => setAsking(false)}
        destroyOnHidden
        width={460}
        modalRender={(node) => <div data-testid="series-stop-confirm">{node}</div>}
      >
        <Typography.Paragraph>{t("stop.description")}</Typography.Paragraph>
      </Modal>
    </>
  );
}
