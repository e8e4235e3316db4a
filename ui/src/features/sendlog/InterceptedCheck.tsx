import { SafetyCertificateOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { call, commands, toIpcError, type AccountSummary } from "../../ipc";
import { logQueryKey } from "./useSendLog";

/**
 * Asks WeChat which of the Official Account's last 30 days' template messages it intercepted as
 * purely promotional, and marks those sends "not delivered". Everything that shows deliveries
 * (the log, campaigns, the dashboard) is read again afterwards.
 */
export function useCheckIntercepted() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (accountId: number) => call(commands.checkIntercepted(accountId)),
    onSuccess: () => {
      for (const queryKey of [logQueryKey, ["campaigns"], ["campaign"], ["dashboard"]]) {
        void queryClient.invalidateQueries({ queryKey });
      }
    },
    // The result (or the error) is shown on the page, under the filters.
    meta: { silentError: true },
  });
}

export type InterceptedCheck = ReturnType<typeof useCheckIntercepted>;

/** 检查被拦截的消息: for an Official Account only (a mini program's subscribe messages are not intercepted this way). */
export function InterceptedCheckButton({ account, check }: { account: AccountSummary; check: InterceptedCheck }) {
  const { t } = useTranslation("sendlog");
  if (account.kind !== "official_account") return null;
  return (
    <Tooltip title={t("intercepted.hint")}>
      <Button
        icon={<SafetyCertificateOutlined />}
        loading={check.isPending}
        // One check at a time: a second click while WeChat is asked would ask it all again.
        disabled={check.isPending}
        onClick={() => check.mutate(account.id)}
        data-testid="log-check-intercepted"
      >
        {check.isPending ? t("intercepted.checking") : t("intercepted.button")}
      </Button>
    </Tooltip>
  );
}

/** What the last check of `accountId` found, or why it failed; nothing before a check. */
export function InterceptedResult({ accountId, check }: { accountId: number | null; check: InterceptedCheck }) {
  const { t } = useTranslation("sendlog");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  if (accountId === null || check.variables !== accountId) return null;
  const close = { closable: { "aria-label": t("intercepted.close"), onClose: () => check.reset() } };
  if (check.isError) {
    const error = toIpcError(check.error);
    return (
      <Alert
        type="error"
        showIcon
        data-testid="log-intercepted-error"
        title={`${t("intercepted.failed")} · ${tc(`error.${error.code}`)}`}
        description={error.message}
        {...close}
      />
    );
  }
  const summary = check.data;
  if (!summary) return null;
  const { templates, found, marked } = summary;
  if (templates === 0 || found === 0) {
    return (
      <Alert
        type={templates === 0 ? "info" : "success"}
        showIcon
        data-testid="log-intercepted-summary"
        data-found={found}
        data-marked={marked}
        title={templates === 0 ? t("intercepted.noTemplates") : t("intercepted.noneFound", { count: templates, n: fmt.number(templates) })}
        {...close}
      />
    );
  }
  const earlier = found - marked;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="log-intercepted-summary"
      data-found={found}
      data-marked={marked}
      title={t("intercepted.found", { count: found, found: fmt.number(found), marked: fmt.number(marked) })}
      description={
        <>
          {t("intercepted.explanation")}
          {earlier > 0 ? ` ${t("intercepted.earlier", { count: earlier, n: fmt.number(earlier) })}` : null}
        </>
      }
      {...close}
    />
  );
}
