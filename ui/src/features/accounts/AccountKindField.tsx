import { Form, Radio, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { AccountKind } from "../../ipc";
import { ACCOUNT_KINDS } from "./accountForm";

/**
 * The account's kind, at the top of the form: a choice when adding, read-only when editing.
 * The kind decides which messages the account sends (subscribe or template messages), so its
 * templates, campaigns and log only make sense for the kind it was added as.
 */
export function AccountKindField({ editing }: { editing: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="kind"
      label={t("accounts.form.kind")}
      extra={editing ? t("accounts.form.kindFixed") : t("accounts.form.kindHelp")}
    >
      {editing ? (
        <FixedKind />
      ) : (
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          aria-label={t("accounts.form.kind")}
          data-testid="account-form-kind"
          options={ACCOUNT_KINDS.map((kind) => ({ value: kind, label: t(`accounts.kind.${kind}`) }))}
        />
      )}
    </Form.Item>
  );
}

/** The kind as text; `Form.Item` hands it the value, and nothing here can change it. */
function FixedKind({ value }: { value?: AccountKind }) {
  const { t } = useTranslation();
  return (
    <Typography.Text strong data-testid="account-form-kind-fixed">
      {value ? t(`accounts.kind.${value}`) : null}
    </Typography.Text>
  );
}
