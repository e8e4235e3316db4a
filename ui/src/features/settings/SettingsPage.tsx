import { MoonOutlined, SunOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Flex, Form, Segmented, Skeleton, Switch, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Language, Theme } from "../../ipc";
import { PageContainer } from "../../components/PageContainer";
import { BackgroundCard } from "./BackgroundCard";
import { NoticesCard } from "./NoticesCard";
import { TeamCard } from "./TeamCard";
import { TestRecipientsCard } from "./TestRecipientsCard";
import { toIpcError } from "../../ipc";
import { useAppInfo } from "./useAppInfo";
import { useLoadedPreferences, useUpdatePreferences } from "./usePreferences";

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <PageContainer testId="page-settings" title={t("settings.title")} subtitle={t("settings.subtitle")}>
      <Flex vertical gap={16}>
        <PreferencesCard />
        <TeamCard />
        <TestRecipientsCard />
        <NoticesCard />
        <BackgroundCard />
        <AboutCard />
      </Flex>
    </PageContainer>
  );
}

function PreferencesCard() {
  const { t } = useTranslation();
  const prefs = useLoadedPreferences();
  const { update } = useUpdatePreferences();

  return (
    <Card title={t("settings.preferences")}>
      <Form layout="horizontal" labelCol={{ flex: "160px" }} labelWrap labelAlign="left" colon={false} className="pd-settings-form">
        <Form.Item label={t("settings.language")} htmlFor="settings-language">
          <Segmented<Language>
            id="settings-language"
            value={prefs.language}
            onChange={(language) => update({ language })}
            options={[
              {
                value: "zh-CN",
                label: (
                  <span data-testid="settings-language-zh" lang="zh-CN">
                    {t("settings.languageZh")}
                  </span>
                ),
              },
              {
                value: "en",
                label: (
                  <span data-testid="settings-language-en" lang="en">
                    {t("settings.languageEn")}
                  </span>
                ),
              },
            ]}
          />
        </Form.Item>
        <Form.Item label={t("settings.theme")} htmlFor="settings-theme">
          <Segmented<Theme>
            id="settings-theme"
            value={prefs.theme}
            onChange={(theme) => update({ theme })}
            options={[
              {
                value: "light",
                icon: <SunOutlined />,
                label: <span data-testid="settings-theme-light">{t("settings.themeLight")}</span>,
              },
              {
                value: "dark",
                icon: <MoonOutlined />,
                label: <span data-testid="settings-theme-dark">{t("settings.themeDark")}</span>,
              },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={t("settings.showSandbox")}
          htmlFor="settings-show-sandbox"
          extra={t("settings.showSandboxHelp")}
        >
          <Switch
            id="settings-show-sandbox"
            data-testid="settings-show-sandbox"
            checked={prefs.showSandbox}
            onChange={(showSandbox) => update({ showSandbox })}
          />
        </Form.Item>
      </Form>
    </Card>
  );
}

function AboutCard() {
  const { t } = useTranslation();
  const appInfo = useAppInfo();

  let body;
  if (appInfo.isPending) {
    body = <Skeleton active paragraph={{ rows: 3 }} title={false} />;
  } else if (appInfo.isError) {
    body = (
      <Alert
        type="error"
        showIcon
        title={t(`error.${toIpcError(appInfo.error).code}`)}
        description={appInfo.error.message}
        action={
          <Button size="small" onClick={() => void appInfo.refetch()}>
            {t("app.retry")}
          </Button>
        }
      />
    );
  } else {
    const info = appInfo.data;
    const path = (value: string, testId: string) => (
      <Typography.Text copyable code className="pd-path" data-testid={testId}>
        {value}
      </Typography.Text>
    );
    body = (
      <Descriptions
        column={1}
        size="small"
        bordered
        styles={{ label: { width: 160 } }}
        items={[
          {
            key: "version",
            label: t("settings.version"),
            children: (
              <Typography.Text copyable data-testid="about-version">
                {info.version}
              </Typography.Text>
            ),
          },
          { key: "dataDir", label: t("settings.dataDir"), children: path(info.dataDir, "about-data-dir") },
          {
            key: "databaseFile",
            label: t("settings.databaseFile"),
            children: path(info.databaseFile, "about-database-file"),
          },
          { key: "logDir", label: t("settings.logDir"), children: path(info.logDir, "about-log-dir") },
        ]}
      />
    );
  }

  return (
    <Card title={t("settings.about")}>
      <Typography.Paragraph type="secondary">{t("settings.aboutHelp")}</Typography.Paragraph>
      {body}
    </Card>
  );
}
