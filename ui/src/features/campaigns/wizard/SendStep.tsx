import { ExperimentOutlined, RocketOutlined, SettingOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Flex, Form, InputNumber, Modal, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { toIpcError, type AccountSummary, type CampaignDraft, type CampaignPlan, type SyncedTemplate } from "../../../ipc";
import { SendResults } from "../../compose/SendResults";
import { useSendNow, useTestRecipients } from "../../compose/useCompose";
import { estimateSeconds } from "../model";
import { Duration } from "../Duration";
import { useLaunchCampaign } from "../useCampaigns";
import { MAX_CONCURRENCY, MAX_RATE, type WizardState } from "./wizardState";

type Props = {
  account: AccountSummary;
  template: SyncedTemplate;
  state: WizardState;
  update: (patch: Partial<WizardState>) => void;
  plan: CampaignPlan;
  draft: CampaignDraft;
};

/** Step 3: speed, a test send to the test list, then the confirmation and the start. */
export function SendStep({ account, template, state, update, plan, draft }: Props) {
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const testList = useTestRecipients(account.id);
  const sendNow = useSendNow();
  const launch = useLaunchCampaign();
  const valid = plan.report.valid;
  const seconds = estimateSeconds(valid, state.rate);
  const firstValid = plan.report.preview.find((row) => row.state === "pending");
  const testCount = testList.data?.length ?? 0;
  const testError = sendNow.isError ? toIpcError(sendNow.error) : null;
  const launchError = launch.isError ? toIpcError(launch.error) : null;
  const speedOk = state.rate >= 1 && state.concurrency >= 1;

  const testSend = () => {
    if (!firstValid) return;
    sendNow.mutate({
      accountId: account.id,
      templateId: template.templateId,
      message: { ...draft.message, values: firstValid.data },
      target: { kind: "test" },
      placeholders: {},
    });
  };

  const confirm = () =>
    launch.mutate(draft, {
      onSuccess: (campaign) => {
        setConfirming(false);
        void navigate(`/campaigns/${campaign.id}`);
      },
    });

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t("wizard.section.speed")} className="pd-campaign-card">
        <Form layout="vertical" className="pd-campaign-form-grid">
          <Form.Item label={t("send.rate")} htmlFor="campaign-rate-input" extra={t("send.rateHint")}>
            <InputNumber<number>
              id="campaign-rate-input"
              data-testid="campaign-rate"
              min={1}
              max={MAX_RATE}
              precision={0}
              value={state.rate > 0 ? state.rate : null}
              onChange={(rate) => update({ rate: rate ?? 0 })}
              status={state.rate > 0 ? undefined : "error"}
              suffix={t("send.rateUnit")}
              className="pd-campaign-number"
            />
          </Form.Item>
          <Form.Item label={t("send.concurrency")} htmlFor="campaign-concurrency-input" extra={t("send.concurrencyHint")}>
            <InputNumber<number>
              id="campaign-concurrency-input"
              data-testid="campaign-concurrency"
              min={1}
              max={MAX_CONCURRENCY}
              precision={0}
              value={state.concurrency > 0 ? state.concurrency : null}
              onChange={(concurrency) => update({ concurrency: concurrency ?? 0 })}
              status={state.concurrency > 0 ? undefined : "error"}
              className="pd-campaign-number"
            />
          </Form.Item>
        </Form>
        <Typography.Paragraph className="pd-campaign-estimate" data-testid="campaign-estimate">
          {t("send.estimate", { count: valid })} {speedOk ? <Duration seconds={seconds} strong /> : <Typography.Text type="danger">{t("send.speedMissing")}</Typography.Text>}
        </Typography.Paragraph>
      </Card>

      <Card size="small" title={t("wizard.section.test")} className="pd-campaign-card">
        <Flex vertical gap={10}>
          <Typography.Text type="secondary">{t("send.testHint")}</Typography.Text>
          {testList.isPending ? (
            <Spin size="small" />
          ) : testCount === 0 ? (
            <Alert
              type="warning"
              showIcon
              data-testid="campaign-test-empty"
              title={t("send.testEmpty")}
              action={
                <Button size="small" icon={<SettingOutlined />} onClick={() => void navigate("/settings")}>
                  {t("send.goToSettings")}
                </Button>
              }
            />
          ) : null}
          <Flex gap={12} align="center" wrap>
            <Button
              icon={<ExperimentOutlined />}
              onClick={testSend}
              loading={sendNow.isPending}
              disabled={!firstValid || testCount === 0}
              data-testid="campaign-test-send"
            >
              {testCount > 0 ? t("send.testButtonCount", { count: testCount }) : t("send.testButton")}
            </Button>
            {firstValid ? (
              <Typography.Text type="secondary" className="pd-campaign-small">
                {t("send.testUsesRow", { row: firstValid.rowNo })}
              </Typography.Text>
            ) : null}
          </Flex>
          {testError ? (
            <Alert
              type="error"
              showIcon
              data-testid="campaign-test-error"
              title={`${t("send.testFailed")} · ${tc(`error.${testError.code}`)}`}
              description={testError.message}
            />
          ) : null}
          {sendNow.data ? <SendResults result={sendNow.data} notes={testList.data ?? []} /> : null}
        </Flex>
      </Card>

      <Card size="small" className="pd-campaign-card pd-campaign-start-card">
        <Flex justify="space-between" align="center" gap={12} wrap>
          <Flex vertical gap={2}>
            <Typography.Text strong>{t("send.readyTitle", { count: valid })}</Typography.Text>
            <Typography.Text type="secondary" className="pd-campaign-small">
              {valid === 0 ? t("send.noneValid") : t("send.readyHint")}
            </Typography.Text>
          </Flex>
          <Flex gap={8} align="center">
            {account.isSandbox ? (
              <Tag color="gold" variant="filled">
                {t("send.sandbox")}
              </Tag>
            ) : null}
            <Button
              type="primary"
              size="large"
              icon={<RocketOutlined />}
              disabled={valid === 0 || !speedOk}
              onClick={() => setConfirming(true)}
              data-testid="campaign-start"
            >
              {t("send.start")}
            </Button>
          </Flex>
        </Flex>
      </Card>

      <Modal
        open={confirming}
        title={t("confirm.title")}
        okText={t("confirm.ok", { count: valid })}
        cancelText={t("confirm.cancel")}
        onOk={confirm}
        onCancel={() => setConfirming(false)}
        confirmLoading={launch.isPending}
        okButtonProps={{ "data-testid": "campaign-confirm-ok" }}
        cancelButtonProps={{ "data-testid": "campaign-confirm-cancel" }}
        destroyOnHidden
        width={520}
      >
        <div data-testid="campaign-confirm">
          <Typography.Paragraph type="secondary">{t("confirm.hint")}</Typography.Paragraph>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: "account", label: t("confirm.account"), children: <span data-testid="campaign-confirm-account">{account.name}</span> },
              { key: "template", label: t("confirm.template"), children: <span data-testid="campaign-confirm-template">{template.title}</span> },
              {
                key: "count",
                label: t("confirm.count"),
                children: (
                  <Typography.Text strong data-testid="campaign-confirm-count">
                    {t("confirm.people", { count: valid, formatted: valid.toLocaleString() })}
                  </Typography.Text>
                ),
              },
              {
                key: "rate",
                label: t("confirm.speed"),
                children: (
                  <span data-testid="campaign-confirm-rate">
                    {t("confirm.speedValue", { rate: state.rate, concurrency: state.concurrency })}
                  </span>
                ),
              },
              {
                key: "state",
                label: t("confirm.state"),
                children: (
                  <span data-testid="campaign-confirm-state" data-state={state.miniprogramState}>
                    {t(`options.stateName.${state.miniprogramState}`)}
                  </span>
                ),
              },
              { key: "duration", label: t("confirm.duration"), children: <Duration seconds={seconds} /> },
            ]}
          />
          {launchError ? (
            <Alert
              type="error"
              showIcon
              className="pd-campaign-confirm-error"
              data-testid="campaign-launch-error"
              title={`${t("confirm.failed")} · ${tc(`error.${launchError.code}`)}`}
              description={launchError.message}
            />
          ) : null}
        </div>
      </Modal>
    </Flex>
  );
}
