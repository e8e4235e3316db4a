import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { AccountKind } from "../../ipc";

/** Each kind its own colour, so a list of accounts reads at a glance. */
const KIND_COLOR: Record<AccountKind, string> = {
  mini_program: "cyan",
  official_account: "purple",
};

/** A small tag naming the account's kind: 小程序 or 服务号. */
export function AccountKindTag({ kind, testId }: { kind: AccountKind; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLOR[kind]} variant="outlined" className="pd-sandbox-tag" data-testid={testId}>
      {t(`accounts.kind.${kind}`)}
    </Tag>
  );
}
