import { Alert, Button, Flex, Spin, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ConnectionReport, TokenMode } from "../../ipc";
import { connectionWording } from "./connectionWording";
import { KeyringAlert } from "./KeyringAlert";
import { TechnicalDetails } from "./TechnicalDetails";
import type { ConnectionTestState } from "./useConnectionTests";

type Props = {
  accountId: number;
  /** Where the account gets its token: a token that cannot be fetched may not be WeChat's fault. */
  tokenMode: TokenMode;
  state: ConnectionTestState;
  onDismiss: () => void;
  onRetest: () => void;
};

/**
 * The outcome of "Test connection" on one account: a spinner, a success line, or what is wrong
 * in plain words, what to do, and the core's technical text folded away.
 */
export function ConnectionResult({ accountId, tokenMode, state, onDismiss, onRetest }: Props) {
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
        description={<TechnicalDetails detail={error.message} testId={`${testId}-details`} />}
        action={<RetestButton testId={testId} onRetest={onRetest} />}
      />
    );
  }

  return <ReportView testId={testId} report={state.report} tokenMode={tokenMode} onDismiss={onDismiss} onRetest={onRetest} />;
}

function RetestButton({ testId, onRetest }: { testId: string; onRetest: () => void }) {
  const { t } = useTranslation();
  return (
    <Button size="small" onClick={onRetest} data-testid={`${testId}-retest`}>
      {t("accounts.test.retest")}
    </Button>
  );
}

type ReportProps = {
  testId: string;
  report: ConnectionReport;
  tokenMode: TokenMode;
  onDismiss: () => void;
  onRetest: () => void;
};

function ReportView({ testId, report, tokenMode, onDismiss, onRetest }: ReportProps) {
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

  const { title, action } = connectionWording(report, tokenMode, i18n.language.startsWith("en"), t);
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
      title={<span data-testid={`${testId}-title`}>{title}</span>}
      action={<RetestButton testId={testId} onRetest={onRetest} />}
      description={
        <Flex vertical gap={4}>
          {action ? <Typography.Text data-testid={`${testId}-action`}>{action}</Typography.Text> : null}
          {facts.length > 0 ? (
            <Typography.Text type="secondary" className="pd-conn-facts">
              {facts.join(" · ")}
            </Typography.Text>
          ) : null}
          {report.detail ? <TechnicalDetails detail={report.detail} testId={`${testId}-details`} /> : null}
        </Flex>
      }
    />
  );
}
