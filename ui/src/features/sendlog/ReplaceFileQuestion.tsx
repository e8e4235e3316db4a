import { Alert, Button, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";

type Props = {
  /** The file the export would write, as sent to the backend. */
  path: string;
  /** The backend's own sentence about it. */
  detail: string;
  onReplace: () => void;
  onKeep: () => void;
  /** Starts the test ids of the question and its buttons (`-exists`, `-replace`, `-keep`): each export has its own. */
  testIdPrefix?: string;
};

/**
 * "This file exists: replace it?" — asked after the backend refused with `file_exists`, since
 * an export never replaces a file the user did not agree to lose.
 */
export function ReplaceFileQuestion({ path, detail, onReplace, onKeep, testIdPrefix = "log-export" }: Props) {
  const { t } = useTranslation("sendlog");
  return (
    <Alert
      type="warning"
      showIcon
      role="alertdialog"
      data-testid={`${testIdPrefix}-exists`}
      title={t("export.replaceTitle", { path })}
      description={
        <Flex vertical gap={8}>
          <Typography.Text>{t("export.replaceHint")}</Typography.Text>
          <Typography.Text type="secondary" className="pd-log-hint">
            {detail}
          </Typography.Text>
          <Flex gap={8}>
            <Button danger type="primary" size="small" onClick={onReplace} data-testid={`${testIdPrefix}-replace`} autoFocus>
              {t("export.replace")}
            </Button>
            <Button size="small" onClick={onKeep} data-testid={`${testIdPrefix}-keep`}>
              {t("export.keep")}
            </Button>
          </Flex>
        </Flex>
      }
    />
  );
}
