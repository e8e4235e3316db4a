import { ExperimentOutlined, RocketOutlined, SettingOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Flex, Form, InputNumber, Modal, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useConfirmLeave } from "../../../app/unsavedWork/unsavedWork";
import { useFormat } from "../../../i18n/useFormat";
import {
  MAX_GRACE_MINUTES,
  toIpcError,
  type AccountSummary,
  type AudienceOptions,
  type Campaign,
  type CampaignPlan,
  type IpcError,
  type SyncedTemplate,
} from "../../../ipc";
import { SendResults } from "../../compose/SendResults";
import { useTestRecipients } from "../../compose/useCompose";
import { useForSenderWords } from "../../settings/useTeam";
import { estimateSeconds } from "../model";
import { Duration } from "../Duration";
import { GrantCounts, type GrantSwitch } from "./GrantCounts";
import { RepeatWarning, type RecentSwitch } from "./RepeatWarning";
import { scheduleBlocker, scheduleFieldError, scheduleRequestOf, type Rereadable, type ScheduleForm } from "./schedule";
import { ScheduleSection } from "./ScheduleSection";
import { useScheduleWords } from "./ScheduleWords";
import { draftIsGone, useStartDraft, useTestSendDraft, type SaveDraft } from "./useDrafts";
import { CONCURRENCY_LIMITS, RATE_LIMITS, speedInBounds, type WizardState } from "./wizardState";

type Props = {
  account: AccountSummary;
  template: SyncedTemplate;
  state: WizardState;
  update: (patch: Partial<WizardState>) => void;
  plan: CampaignPlan;
  /** The options the plan was made with. */
  planOptions: AudienceOptions;
  /** Skips (or not) the people the template went to lately, validating the draft again. */
  recentSwitch: RecentSwitch;
  /** Sends (or not) only to the people the ledger knows a grant left for, validating the draft again. */
  grantSwitch: GrantSwitch;
  draftId: number;
  /** What a series may read again before each run: the draft's file, its followers, or nothing (a paste). */
  reread: Rereadable;
  /** Stores the choices on screen in the draft (the test and the start use what it holds). */
  save: SaveDraft;
  /** The draft became a campaign (started or not): it must not be thrown away. */
  onStarted: () => void;
};

/** Step 3: speed, a test send to the test list, when to send, then the confirmation and the start. */
export function SendStep(props: Props) {
  const { account, template, state, update, plan, planOptions, recentSwitch, grantSwitch, draftId, reread, save, onStarted } = props;
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const confirmLeave = useConfirmLeave();
  const [confirming, setConfirming] = useState(false);
  // The start failed after the campaign was made (the draft is gone): it waits in the list.
  const [madeNotStarted, setMadeNotStarted] = useState(false);
  // The core refused the "when" choices: shown under their field while they are unchanged.
  const [refusal, setRefusal] = useState<{ error: IpcError; form: ScheduleForm } | null>(null);
  const testList = useTestRecipients(account.id);
  const testSend = useTestSendDraft(draftId, save);
  const start = useStartDraft(draftId, save);
  const valid = plan.report.valid;
  const { suppressed, frequencyCapped, noGrant } = plan.report;
  // A validation with another choice is on its way: the counts on screen are about to change.
  const replanning = recentSwitch.pending || grantSwitch.pending;
  const seconds = estimateSeconds(valid, state.rate);
  const firstValid = plan.report.preview.find((row) => row.state === "pending");
  const testCount = testList.data?.length ?? 0;
  const testError = testSend.isError ? toIpcError(testSend.error) : null;
  const startError = start.isError ? toIpcError(start.error) : null;
  const speedOk = speedInBounds(state.rate, state.concurrency);
  const scheduleWords = useScheduleWords();
  // Below sender on a team's store, "now" makes the campaign for a sender to start.
  const forSender = useForSenderWords();
  const words = forSender(scheduleWords(state.schedule, reread), state.schedule.when);
  const schedule = scheduleRequestOf(state.schedule, { rereadable: reread !== null });
  const blocker = scheduleBlocker(state.schedule);

  const confirm = () => {
    if (!schedule) return;
    const form = state.schedule;
    start.mutate(schedule, {
      onSuccess: (campaign) => {
        onStarted();
        setConfirming(false);
        // Made but not sending (a team's approval, or a sender's start, is awaited): said so.
        const note = notSendingNote(campaign, form.when);
        if (note) void message.info({ content: t(note), key: `campaign-created-${campaign.id}`, duration: 8 });
        void navigate(`/campaigns/${campaign.id}`);
      },
      onError: (error) => {
        // A refused time, rule or window: shown under its field, where it is changed.
        if (scheduleFieldError(toIpcError(error))) {
          setRefusal({ error: toIpcError(error), form });
          setConfirming(false);
          start.reset();
          return;
        }
        void draftIsGone(draftId).then((gone) => {
          if (!gone) return;
          onStarted();
          setMadeNotStarted(true);
        });
      },
    });
  };

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t("wizard.section.speed")} className="pd-campaign-card">
        <Form layout="vertical" className="pd-campaign-form-grid">
          <Form.Item label={t("send.rate")} htmlFor="campaign-rate-input" extra={t("send.rateHint")}>
            <InputNumber<number>
              id="campaign-rate-input"
              data-testid="campaign-rate"
              min={RATE_LIMITS[0]}
              max={RATE_LIMITS[1]}
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
              min={CONCURRENCY_LIMITS[0]}
              max={CONCURRENCY_LIMITS[1]}
              precision={0}
              value={state.concurrency > 0 ? state.concurrency : null}
              onChange={(concurrency) => update({ concurrency: concurrency ?? 0 })}
              status={state.concurrency > 0 ? undefined : "error"}
              className="pd-campaign-number"
            />
          </Form.Item>
        </Form>
        <Typography.Paragraph className="pd-campaign-estimate" data-testid="campaign-estimate">
          {t("send.estimate", { count: valid })} {speedOk ? (
            <Duration seconds={seconds} strong />
          ) : (
            <Typography.Text type="danger">
              {t("send.speedMissing", {
                rateMin: RATE_LIMITS[0],
                rateMax: RATE_LIMITS[1],
                concurrencyMin: CONCURRENCY_LIMITS[0],
                concurrencyMax: CONCURRENCY_LIMITS[1],
              })}
            </Typography.Text>
          )}
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
                <Button size="small" icon={<SettingOutlined />} onClick={() => confirmLeave(() => void navigate("/settings"))}>
                  {t("send.goToSettings")}
                </Button>
              }
            />
          ) : null}
          <Flex gap={12} align="center" wrap>
            <Button
              icon={<ExperimentOutlined />}
              onClick={() => testSend.mutate()}
              loading={testSend.isPending}
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
          {testSend.data ? <SendResults result={testSend.data} notes={testList.data ?? []} /> : null}
        </Flex>
      </Card>

      <ScheduleSection
        form={state.schedule}
        onChange={(next) => update({ schedule: next })}
        reread={reread}
        refusal={refusal && refusal.form === state.schedule ? refusal.error : null}
      />

      <Card size="small" className="pd-campaign-card pd-campaign-start-card">
        <RepeatWarning report={plan.report} options={planOptions} recentSwitch={recentSwitch} />
        <GrantCounts report={plan.report} options={planOptions} grantSwitch={grantSwitch} />
        {suppressed > 0 ? (
          <Typography.Paragraph type="secondary" className="pd-campaign-small pd-campaign-start-note" data-testid="campaign-send-suppressed" data-value={suppressed}>
            {t("report.suppressedNote", { formatted: fmt.number(suppressed) })}
          </Typography.Paragraph>
        ) : null}
        {frequencyCapped > 0 ? (
          <Typography.Paragraph
            type="secondary"
            className="pd-campaign-small pd-campaign-start-note"
            data-testid="campaign-send-capped"
            data-value={frequencyCapped}
          >
            {t("report.cappedNote", { formatted: fmt.number(frequencyCapped) })}
          </Typography.Paragraph>
        ) : null}
        <Flex justify="space-between" align="center" gap={12} wrap>
          <Flex vertical gap={2}>
            <Typography.Text strong>{t("send.readyTitle", { count: valid })}</Typography.Text>
            <Typography.Text type="secondary" className="pd-campaign-small">
              {valid === 0 ? t("send.noneValid") : blocker ? t(`schedule.blocked.${blocker}`, { max: MAX_GRACE_MINUTES }) : t("send.readyHint")}
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
              disabled={valid === 0 || !speedOk || madeNotStarted || replanning || schedule === null}
              onClick={() => setConfirming(true)}
              data-testid="campaign-start"
              data-when={state.schedule.when}
            >
              {words.start}
            </Button>
          </Flex>
        </Flex>
      </Card>

      <Modal
        open={confirming}
        title={words.title}
        okText={words.ok(valid)}
        cancelText={t("confirm.cancel")}
        onOk={confirm}
        onCancel={() => setConfirming(false)}
        confirmLoading={start.isPending}
        okButtonProps={{ "data-testid": "campaign-confirm-ok", disabled: madeNotStarted || valid === 0 || replanning || schedule === null }}
        cancelButtonProps={{ "data-testid": "campaign-confirm-cancel" }}
        destroyOnHidden
        width={520}
      >
        <div data-testid="campaign-confirm">
          <Typography.Paragraph type="secondary">{words.hint}</Typography.Paragraph>
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
                    {t("confirm.people", { count: valid, formatted: fmt.number(valid) })}
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
              ...(suppressed > 0
                ? [
                    {
                      key: "suppressed",
                      label: t("confirm.suppressed"),
                      children: (
                        <span data-testid="campaign-confirm-suppressed" data-value={suppressed}>
                          {t("confirm.suppressedValue", { formatted: fmt.number(suppressed) })}
                        </span>
                      ),
                    },
                  ]
                : []),
              ...(frequencyCapped > 0
                ? [
                    {
                      key: "capped",
                      label: t("confirm.capped"),
                      children: (
                        <span data-testid="campaign-confirm-capped" data-value={frequencyCapped}>
                          {t("confirm.cappedValue", { formatted: fmt.number(frequencyCapped) })}
                        </span>
                      ),
                    },
                  ]
                : []),
              ...(noGrant > 0
                ? [
                    {
                      key: "noGrant",
                      label: t("confirm.noGrant"),
                      children: (
                        <span data-testid="campaign-confirm-no-grant" data-value={noGrant}>
                          {t("confirm.noGrantValue", { formatted: fmt.number(noGrant) })}
                        </span>
                      ),
                    },
                  ]
                : []),
              { key: "duration", label: t("confirm.duration"), children: <Duration seconds={seconds} /> },
              ...words.items,
            ]}
          />
          {plan.report.recentlySent > 0 ? (
            <div className="pd-campaign-confirm-repeat">
              <RepeatWarning report={plan.report} options={planOptions} recentSwitch={recentSwitch} testId="campaign-confirm-repeat" />
            </div>
          ) : null}
          {startError ? (
            <Alert
              type="error"
              showIcon
              className="pd-campaign-confirm-error"
              data-testid="campaign-launch-error"
              data-code={startError.code}
              title={madeNotStarted ? t("send.startedNotRunning") : `${t("confirm.failed")} · ${tc(`error.${startError.code}`)}`}
              description={
                <Flex vertical gap={6}>
                  <span>{madeNotStarted ? `${tc(`error.${startError.code}`)}: ${startError.message}` : startError.message}</span>
                  {madeNotStarted ? (
                    <>
                      <span>{t("send.startedNotRunningHint")}</span>
                      <Button
                        size="small"
                        icon={<UnorderedListOutlined />}
                        onClick={() => void navigate("/campaigns")}
                        data-testid="campaign-launch-list"
                      >
                        {t("send.goToList")}
                      </Button>
                    </>
                  ) : null}
                </Flex>
              }
            />
          ) : null}
        </div>
      </Modal>
    </Flex>
  );
}

/**
 * What to say of a campaign the confirm made that is not sending (`send_draft` leaves it ready
 * when it waits for another sender's approval, or when the person is below sender): never that
 * it sends. Nothing for a campaign that started, waits for its window, or is scheduled as asked.
 */
function notSendingNote(
  campaign: Pick<Campaign, "status" | "approval">,
  when: ScheduleForm["when"],
): "send.createdAwaitingApproval" | "send.scheduledAwaitingApproval" | "send.createdForSender" | null {
  if (campaign.approval === "waiting") return campaign.status === "ready" ? "send.createdAwaitingApproval" : "send.scheduledAwaitingApproval";
  if (campaign.status === "ready" && when === "now") return "send.createdForSender";
  return null;
}
