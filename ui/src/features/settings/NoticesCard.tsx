import { SaveOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Flex, Form, Input, Select, Skeleton, Switch, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PRODUCT_NAME } from "../../app/productName";
import { DateTime } from "../../components/DateTime";
import { toIpcError, type IpcError, type NoticeSettings, type RobotDelivery, type RobotKind } from "../../ipc";
import { useNoticeSettings, useSaveNoticeSettings, useTestRobot } from "./useNotices";

type RobotChoice = RobotKind | "none";
const ROBOT_CHOICES: readonly RobotChoice[] = ["none", "wecom", "feishu", "dingtalk"];

/** The keyword a robot with keyword security needs: what every notice's title starts with. */
const KEYWORD_ZH = PRODUCT_NAME.split(" ")[0] ?? PRODUCT_NAME;
const KEYWORD_EN = PRODUCT_NAME.split(" ")[1] ?? PRODUCT_NAME;

/** The `webhook: …` refusal of the core, without its field key. */
function webhookError(error: IpcError | null): string | null {
  if (!error || error.code !== "invalid_input") return null;
  const match = /^webhook:\s*([\s\S]*)$/.exec(error.message);
  return match ? match[1] || error.message : null;
}

/**
 * Settings card: a notice when a campaign ends, pauses, waits or is missed — as a desktop
 * notification, and to the team's group robot (WeCom, Feishu, DingTalk). The robot's webhook
 * address carries its key: it is written here, kept in the OS keyring and never shown again.
 */
export function NoticesCard() {
  const { t } = useTranslation();
  const query = useNoticeSettings();
  let body;
  if (query.isPending) body = <Skeleton active title={false} paragraph={{ rows: 3 }} />;
  else if (query.isError) {
    const error = toIpcError(query.error);
    body = (
      <Alert
        type="error"
        showIcon
        data-testid="settings-notices-error"
        title={t(`error.${error.code}`)}
        description={error.message}
        action={
          <Button size="small" onClick={() => void query.refetch()}>
            {t("app.retry")}
          </Button>
        }
      />
    );
  } else body = <NoticeForm settings={query.data} />;
  return (
    <Card title={t("settings.notices.title")} data-testid="settings-notices">
      {body}
    </Card>
  );
}

function NoticeForm({ settings }: { settings: NoticeSettings }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const saveDesktop = useSaveNoticeSettings();
  const saveRobot = useSaveNoticeSettings();
  const test = useTestRobot();
  const savedRobot: RobotChoice = settings.robot ?? "none";
  const [robot, setRobot] = useState<RobotChoice>(savedRobot);
  const [webhook, setWebhook] = useState("");
  // The last refusal of a save, shown until the fields change.
  const [refusal, setRefusal] = useState<IpcError | null>(null);
  const english = i18n.language.startsWith("en");

  // The saved address is the saved robot's: another kind of robot needs its own address.
  const needsAddress = robot !== "none" && (!settings.robotSaved || robot !== savedRobot);
  const typed = webhook.trim() !== "";
  const dirty = robot !== savedRobot || typed;
  const canSave = dirty && (!needsAddress || typed);
  const canTest = settings.robot !== null && settings.robotSaved && !dirty;
  const fieldError = webhookError(refusal);

  const change = (patch: { robot?: RobotChoice; webhook?: string }) => {
    if (patch.robot !== undefined) setRobot(patch.robot);
    if (patch.webhook !== undefined) setWebhook(patch.webhook);
    setRefusal(null);
    test.reset();
  };
  const submit = () => {
    if (!canSave || saveRobot.isPending) return;
    setRefusal(null);
    saveRobot.mutate(
      { desktop: settings.desktop, robot: robot === "none" ? null : robot, webhook: typed ? webhook.trim() : null },
      {
        onSuccess: () => {
          setWebhook("");
          void message.success(t("settings.notices.saved"));
        },
        onError: (error) => setRefusal(toIpcError(error)),
      },
    );
  };
  const saveError = refusal && !fieldError ? refusal : null;
  const desktopError = saveDesktop.isError ? toIpcError(saveDesktop.error) : null;
  const testError = test.isError ? toIpcError(test.error) : null;

  return (
    <Flex vertical gap={12}>
      <Form layout="horizontal" labelCol={{ flex: "160px" }} labelWrap labelAlign="left" colon={false} className="pd-settings-form" component="div">
        <Form.Item label={t("settings.notices.desktop")} htmlFor="settings-notice-desktop" extra={t("settings.notices.desktopHelp")}>
          <Switch
            id="settings-notice-desktop"
            data-testid="settings-notice-desktop"
            checked={saveDesktop.isPending && saveDesktop.variables ? saveDesktop.variables.desktop : settings.desktop}
            loading={saveDesktop.isPending}
            onChange={(desktop) => saveDesktop.mutate({ desktop, robot: settings.robot, webhook: null })}
          />
        </Form.Item>
        {desktopError ? (
          <Alert type="error" showIcon data-testid="settings-notice-desktop-error" title={t(`error.${desktopError.code}`)} description={desktopError.message} />
        ) : null}
        <Form.Item label={t("settings.notices.robot")} htmlFor="settings-robot-kind-select">
          <Select<RobotChoice>
            id="settings-robot-kind-select"
            data-testid="settings-robot-kind"
            value={robot}
            onChange={(value) => change({ robot: value })}
            className="pd-settings-robot-kind"
            options={ROBOT_CHOICES.map((choice) => ({
              value: choice,
              label: <span data-testid={`settings-robot-kind-${choice}`}>{t(`settings.notices.robotKind.${choice}`)}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t("settings.notices.webhook")}
          htmlFor="settings-robot-webhook-input"
          validateStatus={fieldError ? "error" : undefined}
          help={fieldError ? <span data-testid="settings-robot-webhook-error">{fieldError}</span> : undefined}
          extra={
            robot !== "none" && robot === savedRobot && settings.robotSaved ? (
              <Tag color="success" data-testid="settings-robot-saved">
                {t("settings.notices.savedInKeyring")}
              </Tag>
            ) : robot !== savedRobot && savedRobot !== "none" && settings.robotSaved ? (
              robot === "none" ? t("settings.notices.removeHint") : t("settings.notices.newAddressHint")
            ) : undefined
          }
        >
          <Input.Password
            id="settings-robot-webhook-input"
            data-testid="settings-robot-webhook"
            value={webhook}
            disabled={robot === "none"}
            placeholder={
              robot === "none"
                ? undefined
                : needsAddress
                  ? t(`settings.notices.webhookExample.${robot}`)
                  : t("settings.notices.keepSaved")
            }
            onChange={(event) => change({ webhook: event.target.value })}
            onPressEnter={submit}
            autoComplete="off"
            spellCheck={false}
            visibilityToggle
          />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" className="pd-settings-hint">
        {t("settings.notices.keyHint", { keyword: english ? KEYWORD_EN : KEYWORD_ZH, other: english ? KEYWORD_ZH : KEYWORD_EN })}
      </Typography.Text>
      {saveError ? (
        <Alert
          type="error"
          showIcon
          data-testid="settings-robot-save-error"
          title={`${t("settings.notices.saveFailed")} · ${t(`error.${saveError.code}`)}`}
          description={saveError.message}
        />
      ) : null}
      <Flex gap={8} align="center" wrap>
        <Button type={canSave ? "primary" : "default"} icon={<SaveOutlined />} disabled={!canSave} loading={saveRobot.isPending} onClick={submit} data-testid="settings-robot-save">
          {t("settings.notices.save")}
        </Button>
        <Button icon={<SendOutlined />} disabled={!canTest} loading={test.isPending} onClick={() => test.mutate()} data-testid="settings-robot-test">
          {t("settings.notices.test")}
        </Button>
        {dirty && settings.robot !== null ? (
          <Typography.Text type="secondary" className="pd-settings-hint">
            {t("settings.notices.saveBeforeTest")}
          </Typography.Text>
        ) : null}
      </Flex>
      {test.data ? <Delivery delivery={test.data} english={english} testId="settings-robot-result" test /> : null}
      {testError ? (
        <Alert
          type="error"
          showIcon
          data-testid="settings-robot-result"
          data-ok="false"
          title={`${t("settings.notices.testFailed")} · ${t(`error.${testError.code}`)}`}
          description={testError.message}
        />
      ) : null}
      {settings.lastRobot && !test.data && !testError ? <Delivery delivery={settings.lastRobot} english={english} testId="settings-robot-last" /> : null}
    </Flex>
  );
}

/** How a notice to the robot went: the test just made, or the last one. */
function Delivery({ delivery, english, testId, test }: { delivery: RobotDelivery; english: boolean; testId: string; test?: boolean }) {
  const { t } = useTranslation();
  const why = (english ? delivery.errorEn : delivery.errorZh) ?? delivery.errorEn ?? delivery.errorZh ?? "";
  const when = (
    <Typography.Text type="secondary" className="pd-settings-hint">
      {test ? t("settings.notices.testAt") : t("settings.notices.lastAt")} <DateTime value={delivery.at} />
    </Typography.Text>
  );
  return (
    <Alert
      type={delivery.ok ? "success" : "error"}
      showIcon
      data-testid={testId}
      data-ok={delivery.ok ? "true" : "false"}
      title={
        delivery.ok
          ? test
            ? t("settings.notices.testOk")
            : t("settings.notices.lastOk")
          : test
            ? t("settings.notices.testFailed")
            : t("settings.notices.lastFailed")
      }
      description={
        <Flex vertical gap={2}>
          {delivery.ok ? null : <span>{why}</span>}
          {when}
        </Flex>
      }
    />
  );
}
