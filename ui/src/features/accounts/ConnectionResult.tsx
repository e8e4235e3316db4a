import { Alert, Flex, Spin, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ConnectionReport } from "../../ipc";
import { KeyringAlert } from "./KeyringAlert";
import type { ConnectionTestState } from "./useConnectionTests";

type Props = {
  accountId: number;
  state: ConnectionTestState;
  onDismiss: () => void;
};

/** The outcome of "Test connection" on one account: a spinner, a success line, or what is wrong. */
export function ConnectionResult({ accountId, state, onDismiss }: Props) {
  const { t } = useTranslation();
  const testId = `account-test-result-${accountId}`;

  if (state.status === "running") {
    return (
      <Flex align="center" gap={10} className="pd-conn-running" data-testid={testId} role="status" aria-live="polite">
        <Spin size="small" />
        <Typography.Text type="secondary">{t("accounts.test.running")}</Typography.Text>
      </Flex>
    );
  }

  if (state.status === "error") {
    const { error } = state;
    if (error.code === "keyring_unavailable") {
      return (
        <div data-testid={testId} data-status="error">
          <KeyringAlert message={error.message} onClose={onDismiss} />
        </div>
      );
    }
    return (
      <Alert
        data-testid={testId}
        data-status="error"
        type="error"
        showIcon
        closable={{ onClose: onDismiss, "aria-label": t("accounts.test.dismiss") }}
        title={t("accounts.test.failedWith", { reason: t(`error.${error.code}`) })}
        description={<Typography.Text className="pd-conn-detail">{error.message}</Typography.Text>}
      />
    );
  }

  return <ReportView testId={testId} report={state.report} onDismiss={onDismiss} />;
}

function ReportView({ testId, report, onDismiss }: { testId: string; report: ConnectionReport; onDismiss: () => void }) {
  const { t, i18n } = useTranslation();
  const closable = { onClose: onDismiss, "aria-label": t("accounts.test.dismiss") };

  if (report.ok) {
    return (
      <Alert
        data-testid={testId}
        data-status="ok"
        type="success"
        showIcon
        closable={closable}
        title={
          report.templateCount === null
            ? t("accounts.test.successNoCount")
            : t("accounts.test.success", { count: report.templateCount })
        }
      />
    );
  }

  const english = i18n.language.startsWith("en");
  const explanation = report.problem?.explanation;
  const title = explanation ? (english ? explanation.title_en : explanation.title_zh) : t("accounts.test.failed");
  const action = explanation ? (english ? explanation.action_en : explanation.action_zh) : null;
  const facts = [
    report.failedStep ? t("accounts.test.failedStep", { step: t(`accounts.test.step.${report.failedStep}`) }) : null,
    report.errcode !== null ? t("accounts.test.errcode", { code: report.errcode }) : null,
  ].filter((fact): fact is string => fact !== null);

  return (
    <Alert
      data-testid={testId}
      data-status="failed"
      type="error"
      showIcon
      closable={closable}
      title={title}
      description={
        <Flex vertical gap={4}>
          {action ? <Typography.Text>{action}</Typography.Text> : null}
          {facts.length > 0 ? (
            <Typography.Text type="secondary" className="pd-conn-facts">
              {facts.join(" · ")}
            </Typography.Text>
          ) : null}
          {report.detail ? (
            <Typography.Text type="secondary" className="pd-conn-detail">
              {t("accounts.test.detail", { detail: report.detail })}
            </Typography.Text>
          ) : null}
        </Flex>
      }
    />
  );
}
