import { Flex, Switch, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/useFormat";
import { toIpcError, type AudienceOptions, type AudienceReport } from "../../../ipc";
import { withDefaults } from "./wizardState";

/** "Only people with a grant left", switched on or off: the draft is validated again at once. */
export type GrantSwitch = {
  run: (onlyGranted: boolean) => void;
  /** The draft is being validated with the other choice. */
  pending: boolean;
  error: unknown;
};

type Props = {
  report: AudienceReport;
  /** The options the report was made with (what its counts mean). */
  options: AudienceOptions;
  grantSwitch: GrantSwitch;
};

/**
 * What the subscription ledger knows of the list's people — with a grant left, without, no
 * record — and the switch that sends only to the first. Nothing while the ledger knows nothing
 * of the template (and the switch is off: then it would skip everyone).
 */
export function GrantCounts({ report, options, grantSwitch }: Props) {
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { onlyGranted } = withDefaults(options);
  if (report.grants === null && !onlyGranted) return null;
  const grants = report.grants ?? { granted: 0, noGrant: 0, noData: 0 };
  const error = grantSwitch.error ? toIpcError(grantSwitch.error) : null;
  return (
    <div
      className="pd-campaign-grants"
      data-testid="wizard-grant-counts"
      data-granted={grants.granted}
      data-no-grant={grants.noGrant}
      data-no-data={grants.noData}
    >
      <Flex vertical gap={6}>
        <Typography.Text strong>
          {t("grants.counts", { granted: fmt.number(grants.granted), noGrant: fmt.number(grants.noGrant), noData: fmt.number(grants.noData) })}
        </Typography.Text>
        <Typography.Text type="secondary" className="pd-campaign-small">
          {t("grants.what")}
        </Typography.Text>
        <Flex gap={8} align="center">
          <Switch
            id="wizard-only-granted"
            size="small"
            checked={onlyGranted}
            loading={grantSwitch.pending}
            onChange={(on) => grantSwitch.run(on)}
            data-testid="wizard-only-granted"
            data-checked={onlyGranted ? "true" : "false"}
          />
          <label htmlFor="wizard-only-granted">{t("grants.onlyGranted")}</label>
        </Flex>
        {onlyGranted ? (
          <Typography.Text type="warning" className="pd-campaign-small" data-testid="wizard-grant-skipped" data-value={report.noGrant}>
            {t("grants.skipped", { formatted: fmt.number(report.noGrant) })}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary" className="pd-campaign-small">
            {t("grants.kept")}
          </Typography.Text>
        )}
        {error ? (
          <Typography.Text type="danger" data-testid="wizard-grant-switch-error">
            {`${t("grants.switchFailed")} · ${tc(`error.${error.code}`)}: ${error.message}`}
          </Typography.Text>
        ) : null}
      </Flex>
    </div>
  );
}
