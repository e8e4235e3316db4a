import { Alert, Button, Card, Flex, Form, Skeleton, Switch, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../../ipc";
import { useBackgroundSettings, useSetStartAtLogin } from "./useNotices";

/**
 * Settings card: Pushdesk in the background. Scheduled campaigns are only sent while the app
 * runs: closing the window keeps it in the system tray while anything is scheduled or sending,
 * and it can start at login, straight into the tray.
 */
export function BackgroundCard() {
  const { t } = useTranslation();
  const query = useBackgroundSettings();
  const set = useSetStartAtLogin();

  let body;
  if (query.isPending) body = <Skeleton active title={false} paragraph={{ rows: 2 }} />;
  else if (query.isError) {
    const error = toIpcError(query.error);
    body = (
      <Alert
        type="error"
        showIcon
        data-testid="settings-background-error"
        title={t(`error.${error.code}`)}
        description={error.message}
        action={
          <Button size="small" onClick={() => void query.refetch()}>
            {t("app.retry")}
          </Button>
        }
      />
    );
  } else {
    const settings = query.data;
    body = (
      <Flex vertical gap={8}>
        <Form layout="horizontal" labelCol={{ flex: "160px" }} labelWrap labelAlign="left" colon={false} className="pd-settings-form" component="div">
          <Form.Item label={t("settings.background.startAtLogin")} htmlFor="settings-start-at-login" extra={t("settings.background.startAtLoginHelp")}>
            <Switch
              id="settings-start-at-login"
              data-testid="settings-start-at-login"
              checked={set.isPending && set.variables !== undefined ? set.variables : settings.startAtLogin}
              loading={set.isPending}
              onChange={(enabled) => set.mutate(enabled)}
            />
          </Form.Item>
        </Form>
        <Typography.Text type="secondary" data-testid="settings-background-tray">
          {t("settings.background.tray")}
        </Typography.Text>
        <Typography.Text data-testid="settings-background-pending" data-pending={settings.pendingWork ? "true" : "false"}>
          {settings.pendingWork ? t("settings.background.pending") : t("settings.background.idle")}
        </Typography.Text>
      </Flex>
    );
  }
  return (
    <Card title={t("settings.background.title")} data-testid="settings-background">
      {body}
    </Card>
  );
}
