import { DesktopOutlined } from "@ant-design/icons";
import { Button, Flex, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CodeText } from "../components/CodeText";
import { useLeaveTeam, useRestartApp, useTeamLink } from "../features/settings/useTeam";

/**
 * On the start-up error screen, when this desk signs in to a team's shared database: which
 * server and login it tried, and a way back to this computer's own data (leaves the team, then
 * restarts). Nothing when the desk uses its own file.
 */
export function BootTeamLink() {
  const { t } = useTranslation();
  const link = useTeamLink();
  // Failures of these are notified (the error notifier is on this screen too).
  const leave = useLeaveTeam({ silentError: false });
  const restart = useRestartApp();
  const [left, setLeft] = useState(false);

  if (left) {
    return (
      <Typography.Text type="secondary" data-testid="boot-team-left">
        {t("app.bootTeamLeft")}
      </Typography.Text>
    );
  }
  if (!link.data) return null;
  const { server, login } = link.data;

  return (
    <Flex vertical align="center" gap={8} className="pd-boot-team" data-testid="boot-team">
      <Typography.Text type="secondary">
        {t("app.bootTeamTried")} <CodeText data-testid="boot-team-server">{server}</CodeText>
        {" · "}
        {t("app.bootTeamLogin")} <CodeText data-testid="boot-team-login">{login}</CodeText>
      </Typography.Text>
      <Button
        icon={<DesktopOutlined />}
        loading={leave.isPending || restart.isPending}
        onClick={() =>
          leave.mutate(undefined, {
            onSuccess: () => {
              setLeft(true);
              restart.mutate();
            },
          })
        }
        data-testid="boot-leave-team"
      >
        {t("app.bootLeaveTeam")}
      </Button>
      <Typography.Text type="secondary" className="pd-settings-hint">
        {t("app.bootLeaveTeamHint")}
      </Typography.Text>
    </Flex>
  );
}
