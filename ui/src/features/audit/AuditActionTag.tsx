import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { AuditAction } from "../../ipc";
import { AUDIT_ACTION_COLOR } from "./model";

/** What was done, as a coloured tag; `data-action` keeps the machine name for tests and styles. */
export function AuditActionTag({ action }: { action: AuditAction }) {
  const { t } = useTranslation("audit");
  return (
    <Tag color={AUDIT_ACTION_COLOR[action]} className="pd-audit-tag" data-action={action}>
      {t(`action.${action}`)}
    </Tag>
  );
}
