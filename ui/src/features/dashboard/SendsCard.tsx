import { Card, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../i18n/useFormat";
import type { AttemptStatus, LogTotals, MessageChannel } from "../../ipc";
import { OUTCOME_COLOR, outcomeLabelKey } from "../campaigns/model";
import { logLinkPath } from "../sendlog/logLink";
import { SHOWN_OUTCOMES, UNSETTLED_STATUSES, countOf, type Period } from "./model";

type Props = {
  period: Period;
  totals: LogTotals;
  accountId: number;
  /** The account's channel: what "not subscribed" is called. */
  channel: MessageChannel;
  /** The period's range, as the log filters it. */
  fromMs: number;
  toMs: number;
};

/**
 * One period's sends by outcome. Every number opens the send log filtered to that outcome and
 * period, so "12 failed" is one click from the 12 rows.
 */
export function SendsCard({ period, totals, accountId, channel, fromMs, toMs }: Props) {
  const { t } = useTranslation("dashboard");
  const fmt = useFormat();
  const { t: tc } = useTranslation("campaigns");
  const link = (status?: readonly AttemptStatus[]) => logLinkPath({ accountId, status, fromMs, toMs });
  const unsettled = countOf(totals, UNSETTLED_STATUSES);
  const testId = `dashboard-${period}`;

  return (
    <Card
      size="small"
      className="pd-dash-card"
      data-testid={testId}
      title={t(`sends.${period}`)}
      extra={
        period === "week" ? (
          <Typography.Text type="secondary" className="pd-dash-small">
            {t("sends.weekSince", { date: fmt.date(fromMs) })}
          </Typography.Text>
        ) : null
      }
    >
      <Flex vertical gap={10}>
        <Link to={link()} className="pd-dash-total pd-num" data-testid={`${testId}-total`} data-value={totals.total} title={t("sends.openInLog")}>
          {totals.total === 0 ? t("sends.nothing") : t("sends.total", { n: fmt.number(totals.total) })}
        </Link>
        <div className="pd-dash-outcomes">
          {SHOWN_OUTCOMES.map(({ status, outcome }) => {
            const count = countOf(totals, status);
            return (
              <Link
                key={status}
                to={link([status])}
                className={count === 0 ? "pd-dash-outcome pd-dash-outcome-zero" : "pd-dash-outcome"}
                data-testid={`${testId}-${status}`}
                data-value={count}
                title={t("sends.openInLog")}
              >
                <span className="pd-dash-outcome-label">
                  <span className="pd-dash-swatch" style={{ background: OUTCOME_COLOR[outcome] }} aria-hidden />
                  {tc(outcomeLabelKey(outcome, channel))}
                </span>
                <span className="pd-dash-outcome-value pd-num">{fmt.number(count)}</span>
              </Link>
            );
          })}
        </div>
        {unsettled > 0 ? (
          <Link to={link(UNSETTLED_STATUSES)} className="pd-dash-small" data-testid={`${testId}-unsettled`} data-value={unsettled}>
            {t("sends.unsettled", { n: fmt.number(unsettled) })}
          </Link>
        ) : null}
      </Flex>
    </Card>
  );
}
