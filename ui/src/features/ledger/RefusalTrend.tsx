import { Flex, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { RateChart } from "../../components/RateChart";
import { formatPercent } from "../../i18n/format";
import { useFormat } from "../../i18n/useFormat";
import type { RefusalDay } from "../../ipc";
import { refusalSeries } from "./model";

/**
 * A template's 43101 answers over the last 30 days: the share refused per day as the campaign
 * report's bar chart draws rates (a gap on days without sends), and the days in numbers.
 */
export function RefusalTrend({ refusals }: { refusals: readonly RefusalDay[] }) {
  const { t } = useTranslation("ledger");
  const fmt = useFormat();
  if (refusals.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="ledger-refusals-none">
        {t("refusals.none")}
      </Typography.Text>
    );
  }
  // Percent points (0–100) on the y axis, written by the one percent rule.
  const percent = (value: number) => formatPercent(value, 100, fmt.language);
  const points = refusalSeries(refusals).map(({ day, found }) => ({
    x: day,
    y: found && found.attempts > 0 ? (found.refused / found.attempts) * 100 : null,
  }));
  const max = Math.max(0, ...points.map((p) => p.y ?? 0));
  return (
    <Flex vertical gap={8} data-testid="ledger-refusals">
      <RateChart
        points={points}
        formatX={(day) => fmt.date(day)}
        formatY={percent}
        ariaLabel={t("refusals.chartAria", { max: percent(max) })}
        color="#fa8c16"
        height={140}
        testId="ledger-refusals-chart"
      />
      <Table<RefusalDay>
        size="small"
        data-testid="ledger-refusals-table"
        rowKey="day"
        dataSource={[...refusals].reverse()}
        pagination={false}
        scroll={{ y: 180 }}
        columns={[
          { key: "day", title: t("refusals.col.day"), render: (_, r) => <span className="pd-num">{fmt.date(r.day)}</span> },
          { key: "attempts", title: t("refusals.col.attempts"), align: "right", render: (_, r) => <span className="pd-num">{fmt.number(r.attempts)}</span> },
          { key: "refused", title: t("refusals.col.refused"), align: "right", render: (_, r) => <span className="pd-num">{fmt.number(r.refused)}</span> },
          {
            key: "rate",
            title: t("refusals.col.rate"),
            align: "right",
            render: (_, r) => <span className="pd-num">{formatPercent(r.refused, r.attempts, fmt.language)}</span>,
          },
        ]}
      />
    </Flex>
  );
}
