import { InfoCircleOutlined } from "@ant-design/icons";
import { Alert, Button, Collapse, Flex, Form, Input, Modal, Radio, Tooltip, Typography, type InputRef } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError, type AccountSummary, type IpcError } from "../../ipc";
import { APPID_PATTERN } from "./appid";
import {
  NAME_MAX,
  TOKEN_MODES,
  fieldError,
  fieldShown,
  initialFormValues,
  isHttpUrl,
  isProxyUrl,
  secretKind,
  secretRequired,
  toNewAccount,
  toSecret,
  type AccountFormValues,
} from "./accountForm";
import { AccountKindField } from "./AccountKindField";
import { BoundMiniProgramsField } from "./BoundMiniProgramsField";
import { KeyringAlert } from "./KeyringAlert";
import { useSaveAccount } from "./useAccounts";

type Props = {
  open: boolean;
  /** The account being edited; none to add one. */
  account?: AccountSummary;
  onClose: () => void;
  onSaved: (account: AccountSummary, added: boolean) => void;
};

/**
 * Adds or edits an account. The secret field is write-only: it starts empty, and when editing
 * an empty field keeps the stored secret. Enter submits, Esc closes.
 */
export function AccountFormModal({ open, account, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const nameRef = useRef<InputRef>(null);
  const editing = account !== undefined;

  return (
    <Modal
      open={open}
      title={editing ? t("accounts.form.editTitle", { name: account.name }) : t("accounts.form.addTitle")}
      onCancel={onClose}
      footer={null}
      width={560}
      style={{ top: 32 }}
      destroyOnHidden
      maskClosable={false}
      afterOpenChange={(visible) => {
        // Focus the name once the dialog is in place, unless the user already chose a field.
        const active = document.activeElement;
        const typing = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement;
        if (visible && !typing) nameRef.current?.focus();
      }}
    >
      <AccountForm account={account} nameRef={nameRef} onCancel={onClose} onSaved={onSaved} />
    </Modal>
  );
}

type FormProps = {
  account?: AccountSummary;
  nameRef: React.RefObject<InputRef | null>;
  onCancel: () => void;
  onSaved: (account: AccountSummary, added: boolean) => void;
};

function AccountForm({ account, nameRef, onCancel, onSaved }: FormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AccountFormValues>();
  const save = useSaveAccount();
  const [formError, setFormError] = useState<IpcError | null>(null);
  const [initialValues] = useState(() => initialFormValues(account));
  const tokenMode = Form.useWatch("tokenMode", form) ?? initialValues.tokenMode;
  const accountKind = Form.useWatch("kind", form) ?? initialValues.kind;
  const editing = account !== undefined;
  const keptSecret = secretKind(tokenMode);
  const mustTypeSecret = secretRequired(tokenMode, account);
  const manual = keptSecret === "token";
  const [advancedOpen, setAdvancedOpen] = useState(
    () => initialValues.apiBase !== initialFormValues().apiBase || initialValues.proxy !== "",
  );

  const submit = (values: AccountFormValues) => {
    setFormError(null);
    save.mutate(
      { id: account?.id, input: toNewAccount(values), secret: toSecret(values) },
      {
        onSuccess: (saved) => {
          form.resetFields(["secret"]);
          onSaved(saved, !editing);
        },
        onError: (raw) => {
          const error = toIpcError(raw);
          const onField = fieldError(error);
          if (onField && fieldShown(onField.field, { kind: accountKind, tokenMode })) {
            form.setFields([{ name: onField.field, errors: [onField.message] }]);
            form.scrollToField(onField.field);
            if (onField.field === "apiBase" || onField.field === "proxy") setAdvancedOpen(true);
          } else {
            setFormError(error);
          }
        },
      },
    );
  };

  const secretLabel = manual ? t("accounts.form.manualToken") : t("accounts.form.secret");
  const secretPlaceholder =
    editing && !mustTypeSecret
      ? t("accounts.form.secretKeep")
      : manual
        ? t("accounts.form.manualTokenPlaceholder")
        : t("accounts.form.secretPlaceholder");
  const secretHelp =
    editing && mustTypeSecret && secretKind(account.tokenMode) !== "none"
      ? t("accounts.form.secretModeChanged")
      : manual
        ? t("accounts.form.manualTokenHelp")
        : t("accounts.form.secretHelp");

  return (
    <Form<AccountFormValues>
      form={form}
      name="account"
      layout="vertical"
      initialValues={initialValues}
      onFinish={submit}
      requiredMark={false}
      className="pd-account-form"
      autoComplete="off"
      onValuesChange={() => {
        if (formError) setFormError(null);
      }}
    >
      {formError ? (
        <div className="pd-form-alert">
          {formError.code === "keyring_unavailable" ? (
            <KeyringAlert message={formError.message} />
          ) : (
            <Alert
              data-testid="account-form-error"
              type="error"
              showIcon
              title={`${t("accounts.form.failed")} · ${t(`error.${formError.code}`)}`}
              description={formError.message}
            />
          )}
        </div>
      ) : null}

      <AccountKindField editing={editing} />

      <Form.Item
        name="name"
        label={t("accounts.form.name")}
        rules={[
          { required: true, whitespace: true, message: t("accounts.form.nameRequired") },
          { max: NAME_MAX, message: t("accounts.form.nameTooLong") },
        ]}
      >
        <Input
          ref={nameRef}
          autoFocus
          maxLength={NAME_MAX + 10}
          placeholder={t("accounts.form.namePlaceholder")}
          data-testid="account-form-name"
        />
      </Form.Item>

      <Form.Item
        name="appid"
        label={t("accounts.field.appid")}
        extra={t(`accounts.form.appidHelp.${accountKind}`)}
        normalize={(value: string) => value.trim()}
        rules={[
          { required: true, message: t("accounts.form.appidRequired") },
          { pattern: APPID_PATTERN, message: t("accounts.form.appidInvalid") },
        ]}
      >
        <Input
          placeholder={t("accounts.form.appidPlaceholder")}
          spellCheck={false}
          className="pd-code-input"
          data-testid="account-form-appid"
        />
      </Form.Item>

      {accountKind === "official_account" ? <BoundMiniProgramsField /> : null}

      <Form.Item name="tokenMode" label={t("accounts.field.tokenMode")} tooltip={t("accounts.form.tokenModeHelp")}>
        <Radio.Group data-testid="account-form-token-mode" className="pd-token-modes">
          {TOKEN_MODES.map((mode) => (
            <Radio key={mode} value={mode} data-testid={`account-form-token-mode-${mode}`}>
              <span className="pd-token-mode-label">{t(`accounts.tokenMode.${mode}`)}</span>
              <Typography.Text type="secondary" className="pd-token-mode-help">
                {t(`accounts.tokenModeHelp.${mode}`)}
              </Typography.Text>
              <Tooltip title={t(`accounts.tokenModeTech.${mode}`)}>
                <InfoCircleOutlined className="pd-account-tech" aria-label={t(`accounts.tokenModeTech.${mode}`)} />
              </Tooltip>
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>

      {tokenMode === "classic" ? (
        <Alert
          className="pd-form-alert"
          data-testid="account-form-classic-warning"
          type="warning"
          showIcon
          title={t("accounts.form.classicWarningTitle")}
          description={t("accounts.form.classicWarning")}
        />
      ) : null}

      {tokenMode === "external" ? (
        <Form.Item
          name="tokenUrl"
          label={t("accounts.form.tokenUrl")}
          extra={t("accounts.form.tokenUrlHelp")}
          rules={[
            { required: true, whitespace: true, message: t("accounts.form.tokenUrlRequired") },
            { validator: urlRule(isHttpUrl, t("accounts.form.urlInvalid")) },
          ]}
        >
          <Input
            placeholder={t("accounts.form.tokenUrlPlaceholder")}
            spellCheck={false}
            data-testid="account-form-token-url"
          />
        </Form.Item>
      ) : null}

      {keptSecret !== "none" ? (
        <Form.Item
          key={keptSecret}
          name="secret"
          preserve={false}
          label={secretLabel}
          extra={secretHelp}
          required={mustTypeSecret}
          rules={[
            {
              required: mustTypeSecret,
              message: manual ? t("accounts.form.manualTokenRequired") : t("accounts.form.secretRequired"),
            },
          ]}
        >
          <Input.Password
            placeholder={secretPlaceholder}
            autoComplete="new-password"
            spellCheck={false}
            visibilityToggle={!editing}
            data-testid="account-form-secret"
          />
        </Form.Item>
      ) : null}

      <Collapse
        ghost
        size="small"
        className="pd-advanced"
        activeKey={advancedOpen ? ["advanced"] : []}
        onChange={(keys) => setAdvancedOpen(keys.includes("advanced"))}
        items={[
          {
            key: "advanced",
            label: t("accounts.form.advanced"),
            forceRender: true,
            children: (
              <>
                <Typography.Paragraph type="secondary" className="pd-advanced-help">
                  {t("accounts.form.advancedHelp")}
                </Typography.Paragraph>
                <Form.Item
                  name="apiBase"
                  label={t("accounts.field.apiBase")}
                  extra={t("accounts.form.apiBaseHelp")}
                  rules={[{ validator: urlRule(isHttpUrl, t("accounts.form.urlInvalid")) }]}
                >
                  <Input spellCheck={false} data-testid="account-form-api-base" />
                </Form.Item>
                <Form.Item
                  name="proxy"
                  label={t("accounts.field.proxy")}
                  extra={t("accounts.form.proxyHelp")}
                  rules={[{ validator: urlRule(isProxyUrl, t("accounts.form.proxyInvalid")) }]}
                >
                  <Input
                    placeholder={t("accounts.form.proxyPlaceholder")}
                    spellCheck={false}
                    data-testid="account-form-proxy"
                  />
                </Form.Item>
              </>
            ),
          },
        ]}
      />

      <Flex justify="flex-end" gap={8} className="pd-form-footer">
        <Button onClick={onCancel} data-testid="account-form-cancel">
          {t("accounts.form.cancel")}
        </Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="account-form-submit">
          {editing ? t("accounts.form.submitEdit") : t("accounts.form.submitAdd")}
        </Button>
      </Flex>
    </Form>
  );
}

/** An optional URL field: empty passes (the backend applies defaults), otherwise it must parse. */
function urlRule(check: (value: string) => boolean, message: string) {
  return (_rule: unknown, value: string | undefined) =>
    !value || value.trim() === "" || check(value) ? Promise.resolve() : Promise.reject(new Error(message));
}
