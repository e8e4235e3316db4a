import { Alert, Button, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/useFormat";
import { toIpcError, type AudienceOptions, type AudienceReport } from "../../../ipc";
import { withDefaults } from "./wizardState";

/** The repeat-send warning's one click: skip the people who got the template lately, or not. */
export type RecentSwitch = {
  run: (skipRecent: boolean) => void;
  /** The draft is being validated with the other choice. */
  pending: boolean;
  error: unknown;
};

type Props = {
  report: AudienceReport;
  /** The options the report was made with (what its counts mean). */
  options: AudienceOptions;
  recentSwitch: RecentSwitch;
  testId?: string;
};

/**
 * Before a start: how many recipients got this template in the last days, what happens to them
 * (skipped, or sent again) and one click to change that. Nothing when nobody did.
 */
export function RepeatWarning({ report, options, recentSwitch, testId = "campaign-repeat-warning" }: Props) {
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  if (report.recentlySent === 0) return null;
  const { skipRecent, recentDays } = withDefaults(options);
  const formatted = fmt.number(report.recentlySent);
  const error = recentSwitch.error ? toIpcError(recentSwitch.error) : null;
  return (
    <Alert
      type={skipRecent ? "info" : "warning"}
      showIcon
      data-testid={testId}
      data-value={report.recentlySent}
      data-skipped={skipRecent ? "true" : "false"}
      title={t("repeat.title", { formatted, period: t("repeat.period", { count: recentDays }) })}
      description={
        <Flex vertical gap={8} align="flex-start">
          <Typography.Text>{skipRecent ? t("repeat.skipped") : t("repeat.kept")}</Typography.Text>
          <Button
            size="small"
            type={skipRecent ? "default" : "primary"}
            loading={recentSwitch.pending}
            onClick={() => recentSwitch.run(!skipRecent)}
            data-testid={`${testId}-switch`}
          >
            {skipRecent ? t("repeat.sendAnyway", { formatted }) : t("repeat.skipThem", { formatted })}
          </Button>
          {error ? (
            <Typography.Text type="danger" data-testid={`${testId}-error`}>
              {`${t("repeat.switchFailed")} · ${tc(`error.${error.code}`)}: ${error.message}`}
            </Typography.Text>
          ) : null}
        </Flex>
      }
    />
  );
}
