import { App as AntApp, Button, ConfigProvider, Flex, Result, theme as antdTheme, type ThemeConfig } from "antd";
import enUS from "antd/es/locale/en_US";
import zhCN from "antd/es/locale/zh_CN";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorNotifier } from "../components/ErrorNotifier";
import { FullPageSpin } from "../components/FullPageSpin";
import { DEFAULT_LANGUAGE } from "../i18n";
import { toIpcError, type Language, type Theme } from "../ipc";
import { DEFAULT_THEME } from "../features/settings/theme";
import { usePreferences } from "../features/settings/usePreferences";
import { useTeamStatus } from "../features/settings/useTeam";
import { BootTeamLink } from "./BootTeamLink";

const ANTD_LOCALES = { "zh-CN": zhCN, en: enUS } as const satisfies Record<Language, unknown>;

// System fonts only (no web fonts: the CSP allows nothing remote), CJK first.
const FONT_FAMILY = [
  "-apple-system",
  "BlinkMacSystemFont",
  '"Segoe UI"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Noto Sans SC"',
  '"WenQuanYi Micro Hei"',
  '"Helvetica Neue"',
  "Arial",
  "sans-serif",
].join(", ");

function themeConfig(theme: Theme): ThemeConfig {
  return {
    algorithm: theme === "dark" ? antdTheme.darkAlgorithm : antdTheme.defaultAlgorithm,
    token: { fontFamily: FONT_FAMILY, borderRadius: 6 },
    components: {
      Layout: { headerHeight: 56, headerPadding: "0 20px" },
      Menu: { itemMarginInline: 8, itemBorderRadius: 6 },
    },
  };
}

/**
 * Loads the stored preferences before anything else is shown, then provides antd's locale and
 * theme from them. While loading only a spinner is painted, so the saved language never flashes.
 * The person's role in the team is read then too, so that no page shows what the role does not
 * allow, even for a moment.
 */
export function PreferencesGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const preferences = usePreferences();
  const prefs = preferences.data;
  const language = prefs?.language ?? DEFAULT_LANGUAGE;
  // Read once the store answered (a failure of it is notified; the role is then unknown, and
  // the database still refuses what the role does not allow).
  const team = useTeamStatus({ enabled: preferences.isSuccess });

  let content: ReactNode;
  if (prefs && !team.isPending) {
    content = children;
  } else if (preferences.isError) {
    const error = toIpcError(preferences.error);
    content = (
      <Result
        status="error"
        data-testid="boot-error"
        title={t("app.bootFailed")}
        subTitle={
          <>
            {t(`error.${error.code}`)}
            {": "}
            {/* As the core words it: a damaged database's message names the file and what to do. */}
            <span data-testid="boot-error-message" className="pd-boot-error-message" data-code={error.code}>
              {error.message}
            </span>
          </>
        }
        extra={
          <Flex vertical align="center" gap={16}>
            <Button type="primary" onClick={() => void preferences.refetch()} loading={preferences.isFetching}>
              {t("app.retry")}
            </Button>
            <BootTeamLink />
          </Flex>
        }
      />
    );
  } else {
    content = <FullPageSpin label={t("app.loading")} />;
  }

  return (
    <ConfigProvider
      locale={ANTD_LOCALES[language]}
      theme={themeConfig(prefs?.theme ?? DEFAULT_THEME)}
      button={{ autoInsertSpace: false }}
    >
      <AntApp className="pd-app">
        <ErrorNotifier />
        {content}
      </AntApp>
    </ConfigProvider>
  );
}
