import { Alert, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { Campaign, CampaignStatus, CatalogueEntry, Counts, Failure, StatusReason } from "../../ipc";
import { catalogueEntryFor } from "./model";
import { useWindowLabel } from "./useScheduleText";

type Props = {
  reason: StatusReason | null;
  status: CampaignStatus;
  counts: Counts;
  catalogue: CatalogueEntry[] | undefined;
  /** When it goes on (waiting for its window) and in which hours; when it was due (missed). */
  timing?: Pick<Campaign, "resumeAt" | "window" | "scheduledAt">;
};

type Severity = "info" | "warning" | "error";

/** The code behind a reason: the token endpoint's errcode is told apart from a send's. */
function codeOf(failure: Failure | null, errcode: number | null): { code: number; token: boolean } | null {
  if (failure?.token_errcode !== undefined) return { code: failure.token_errcode, token: true };
  if (failure?.errcode !== undefined) return { code: failure.errcode, token: false };
  return errcode !== null ? { code: errcode, token: false } : null;
}

/**
 * Why a campaign paused or stopped, in plain words: what happened to the campaign (by the
 * reason's kind), the cause from the error catalogue (looked up by the reason's `failure`),
 * and what to do.
 */
export function ReasonAlert({ reason, status, counts, catalogue, timing }: Props) {
  const { t, i18n } = useTranslation("campaigns");
  const fmt = useFormat();
  const windowLabel = useWindowLabel();
  const shown =
    status === "paused" ||
    status === "stopped" ||
    status === "waiting_window" ||
    status === "missed" ||
    (status === "finished" && reason?.kind === "interrupted" && counts.unknown > 0);
  if (!reason || !shown) return null;
  const english = i18n.language === "en";
  const explanation = catalogueEntryFor(catalogue, reason.failure)?.explanation;
  const cause = explanation ? (english ? explanation.title_en : explanation.title_zh) : null;
  const fix = explanation ? (english ? explanation.action_en : explanation.action_zh) : null;

  let type: Severity = "warning";
  let title: string;
  let action: string;
  switch (reason.kind) {
    case "user":
      type = "info";
      title = t("reason.user.title");
      action = t("reason.user.action");
      break;
    case "interrupted":
      title = t("reason.interrupted.title");
      // Finished: nothing is left to continue, only unknown rows to decide about.
      action =
        status === "finished"
          ? t("reason.interrupted.finishedAction", { count: counts.unknown })
          : t("reason.interrupted.action", { count: counts.unknown });
      break;
    case "quota":
      title = t("reason.quota.title");
      action = fix ?? t("reason.quota.action");
      break;
    case "campaign_error":
      type = "error";
      title = t("reason.campaignError.title");
      action = fix ?? t("reason.campaignError.action");
      break;
    case "failure_threshold":
      type = "error";
      title = t("reason.failureThreshold.title");
      action = fix ?? t("reason.failureThreshold.action");
      break;
    case "token":
      type = status === "stopped" ? "error" : "warning";
      title = status === "stopped" ? t("reason.token.stoppedTitle") : t("reason.token.title");
      action = fix ?? t("reason.token.action");
      break;
    case "unreachable":
      title = t("reason.unreachable.title");
      action = fix ?? t("reason.unreachable.action");
      break;
    case "store":
      title = t("reason.store.title");
      action = t("reason.store.action");
      break;
    case "window":
      type = "info";
      title = t("reason.window.title", { window: windowLabel(timing?.window ?? null) });
      action =
        timing?.resumeAt != null ? t("reason.window.actionAt", { time: fmt.dateTime(timing.resumeAt) }) : t("reason.window.action");
      break;
    case "missed":
      title = t("reason.missed.title");
      action =
        timing?.scheduledAt != null ? t("reason.missed.actionAt", { time: fmt.dateTime(timing.scheduledAt) }) : t("reason.missed.action");
      break;
    case "audience":
      type = "error";
      title = t("reason.audience.title");
      action = t("reason.audience.action");
      break;
  }
  const behind = codeOf(reason.failure, reason.errcode);
  const code = behind ? t(behind.token ? "reason.tokenErrcode" : "reason.errcode", { code: behind.code }) : null;
  // The core's sentence is English, written for the CLI; the title, cause and action above say
  // the same in the user's language. Only a local database failure and a series' file that
  // could not be read have more to tell (SQLite's words; the file and what is wrong with it),
  // and that detail is shown as such (issue 18: no English in the Chinese UI otherwise).
  const detail = reason.kind === "store" || reason.kind === "audience" ? t("reason.store.detail", { detail: reason.message }) : null;
  return (
    <Alert
      type={type}
      showIcon
      data-testid="campaign-reason"
      data-kind={reason.kind}
      title={title}
      description={
        <Flex vertical gap={4}>
          {cause ? (
            <Typography.Text strong data-testid="campaign-reason-cause">
              {cause}
            </Typography.Text>
          ) : null}
          <Typography.Text>{action}</Typography.Text>
          {detail || code ? (
            <Typography.Text type="secondary" className="pd-campaign-small" data-testid="campaign-reason-detail">
              {[code, detail].filter(Boolean).join(" · ")}
            </Typography.Text>
          ) : null}
        </Flex>
      }
    />
  );
}
