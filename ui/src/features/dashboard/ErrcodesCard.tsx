import { Card, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../i18n/useFormat";
import type { ErrcodeTotal } from "../../ipc";
import { logLinkPath } from "../sendlog/logLink";
import { explain } from "../sendlog/model";

type Props = {
  groups: readonly (ErrcodeTotal & { errcode: number })[];
  accountId: number;
  fromMs: number;
  toMs: number;
};

/**
 * This week's most frequent reasons a send did not go through, each in plain words with what to
 * do, and its count as a way into those rows of the log.
 */
export function ErrcodesCard({ groups, accountId, fromMs, toMs }: Props) {
  const { t, i18n } = useTranslation("dashboard");
  const fmt = useFormat();
  return (
    <Card size="small" className="pd-dash-card" data-testid="dashboard-errcodes" title={t("errcodes.title")}>
      <ul className="pd-dash-list">
        {groups.map(({ errcode, count, explanation }) => {
          const text = explain(explanation, i18n.language);
          return (
            <li key={errcode} className="pd-dash-item" data-testid={`dashboard-errcode-${errcode}`} data-count={count}>
              <Flex gap={12} align="baseline">
                <Typography.Text code className="pd-dash-errcode">
                  {errcode}
                </Typography.Text>
                <Link
                  to={logLinkPath({ accountId, errcode, fromMs, toMs })}
                  className="pd-dash-errcode-count pd-num"
                  data-testid={`dashboard-errcode-${errcode}-link`}
                  data-value={count}
                  title={t("sends.openInLog")}
                >
                  {t("errcodes.count", { n: fmt.number(count) })}
                </Link>
                <Flex vertical className="pd-dash-errcode-text">
                  <Typography.Text strong>{text?.title ?? t("errcodes.noExplanation")}</Typography.Text>
                  {text ? (
                    <Typography.Text type="secondary" className="pd-dash-small">
                      {text.action}
                    </Typography.Text>
                  ) : null}
                </Flex>
              </Flex>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
