import { Alert, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";

/** Why the system keyring is needed, with the backend's own message (what exactly failed). */
export function KeyringAlert({ message, onClose }: { message: string; onClose?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      data-testid="keyring-alert"
      type="error"
      showIcon
      closable={onClose ? { onClose } : undefined}
      title={t("accounts.keyring.title")}
      description={
        <Flex vertical gap={4}>
          <Typography.Text>{t("accounts.keyring.description")}</Typography.Text>
          <Typography.Text type="secondary" className="pd-conn-detail">
            {message}
          </Typography.Text>
        </Flex>
      }
    />
  );
}
