import { Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { AuditEntry } from "../../ipc";
import { useLogFilterSummary } from "./useLogFilterSummary";

/**
 * What an entry says besides its subject, in words: the recipients of a campaign made, the
 * templates a sync found, the openids put on or taken off the do-not-contact list, the rows and
 * filter of a log export, the role a team member was given, the team's approval threshold.
 * Other actions have nothing more.
 */
export function AuditDetailCell({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation("audit");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const summarise = useLogFilterSummary();
  const { rows, templates, filter, file, role, threshold } = entry.detail;
  const count = (n: number) => ({ count: n, n: fmt.number(n) });

  switch (entry.action) {
    case "campaign_created":
      return rows != null ? <span className="pd-num">{t("detail.recipients", count(rows))}</span> : null;
    case "suppression_added":
    case "suppression_removed":
      return rows != null ? <span className="pd-num">{t("detail.openids", count(rows))}</span> : null;
    case "templates_synced":
      return templates != null ? <span className="pd-num">{t("detail.templates", count(templates))}</span> : null;
    case "team_member_set":
      return role != null ? <span data-testid={`audit-detail-role-${entry.id}`}>{t("detail.role", { role: tc(`team.role.${role}`) })}</span> : null;
    case "approval_threshold_set":
      return threshold != null ? (
        <span className="pd-num" data-testid={`audit-detail-threshold-${entry.id}`}>
          {t("detail.threshold", count(threshold))}
        </span>
      ) : null;
    case "log_exported": {
      const summary = filter ? summarise(filter) : null;
      return (
        <span className="pd-audit-detail" title={file ? t("detail.file", { file }) : undefined}>
          {rows != null ? <span className="pd-num">{t("detail.exported", count(rows))}</span> : null}
          {summary ? (
            <Typography.Text type="secondary" className="pd-audit-detail-filter">
              {summary}
            </Typography.Text>
          ) : null}
        </span>
      );
    }
    default:
      return null;
  }
}
