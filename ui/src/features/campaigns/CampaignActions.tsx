import {
  AuditOutlined,
  CaretRightOutlined,
  ClockCircleOutlined,
  FieldTimeOutlined,
  PauseOutlined,
  RedoOutlined,
  StepForwardOutlined,
  StopOutlined,
} from "@ant-design/icons";
import { useIsMutating } from "@tanstack/react-query";
import { Button, Flex, Modal, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Campaign, CampaignAction, Counts } from "../../ipc";
import { ApproveButton } from "./ApproveButton";
import { remaining } from "./model";
import { RescheduleButton } from "./RescheduleButton";
import { campaignActionKey, useCampaignAction, type PlainAction } from "./useCampaigns";

/** How each action looks. Which actions exist is never decided here: `campaign.actions` says. */
const LOOK: Record<CampaignAction, { icon: ReactNode; type?: "primary"; danger?: boolean }> = {
  approve: { icon: <AuditOutlined />, type: "primary" },
  start: { icon: <CaretRightOutlined />, type: "primary" },
  resume: { icon: <CaretRightOutlined />, type: "primary" },
  pause: { icon: <PauseOutlined /> },
  cancel: { icon: <StopOutlined />, danger: true },
  resend_unknown: { icon: <RedoOutlined /> },
  resend_failed: { icon: <RedoOutlined /> },
  reschedule: { icon: <FieldTimeOutlined /> },
  unschedule: { icon: <ClockCircleOutlined /> },
  skip: { icon: <StepForwardOutlined />, danger: true },
};

/**
 * Actions that send messages or throw rows away ask first, saying how many people it touches.
 * Pausing and resuming a campaign already confirmed do not, nor taking one off the schedule
 * (it then waits for a person); a new time is asked in its own dialog.
 */
type Confirmed = "start" | "cancel" | "resend_unknown" | "resend_failed" | "skip";
const PEOPLE: Record<Confirmed, (counts: Counts) => number> = {
  start: (counts) => counts.pending,
  cancel: remaining,
  resend_unknown: (counts) => counts.unknown,
  resend_failed: (counts) => counts.failed,
  skip: remaining,
};

function needsConfirm(action: CampaignAction): action is Confirmed {
  return action in PEOPLE;
}

/** `resend_unknown` → `resend-unknown`, for data-testids. */
const kebab = (action: CampaignAction) => action.replace(/_/g, "-");

type ButtonProps = {
  campaign: Campaign;
  action: CampaignAction;
  /** The counts shown (live progress may be newer than `campaign.counts`). */
  counts: Counts;
  /** `campaign` for the detail page, `campaign-row-7` in the list, …: the button is `${prefix}-${action}`. */
  testIdPrefix: string;
  size?: "small" | "middle";
  disabled?: boolean;
  onDone?: (campaign: Campaign, action: CampaignAction) => void;
};

/**
 * One action of a campaign, with its confirmation (or, for a new time, its dialog) when it has
 * one; an approval asks in its own words (`ApproveButton`).
 */
export function CampaignActionButton(props: ButtonProps) {
  const { action, ...rest } = props;
  if (action === "reschedule") return <RescheduleButton {...rest} icon={LOOK.reschedule.icon} testId={`${props.testIdPrefix}-reschedule`} />;
  if (action === "approve") return <ApproveButton {...rest} icon={LOOK.approve.icon} testId={`${props.testIdPrefix}-approve`} />;
  return <PlainActionButton {...rest} action={action} />;
}

function PlainActionButton({
  campaign,
  action,
  counts,
  testIdPrefix,
  size,
  disabled,
  onDone,
}: Omit<ButtonProps, "action"> & { action: Exclude<PlainAction, "approve"> }) {
  const { t } = useTranslation("campaigns");
  const mutation = useCampaignAction(campaign.id);
  const acting = useIsMutating({ mutationKey: campaignActionKey(campaign.id) }) > 0;
  const [asking, setAsking] = useState(false);
  const testId = `${testIdPrefix}-${kebab(action)}`;
  const look = LOOK[action];

  const run = () =>
    mutation.mutate(
      { campaign, action },
      {
        onSuccess: (updated) => onDone?.(updated, action),
        onSettled: () => setAsking(false),
      },
    );

  return (
    <>
      <Button
        size={size}
        type={look.type}
        danger={look.danger}
        icon={look.icon}
        loading={mutation.isPending}
        disabled={disabled || (acting && !mutation.isPending)}
        onClick={() => (needsConfirm(action) ? setAsking(true) : run())}
        data-testid={testId}
        data-action={action}
      >
        {t(`action.${action}`)}
      </Button>
      {needsConfirm(action) ? (
        <Modal
          open={asking}
          title={t(`actionConfirm.${action}.title`, { count: PEOPLE[action](counts) })}
          okText={t(`actionConfirm.${action}.ok`, { count: PEOPLE[action](counts) })}
          cancelText={t(`actionConfirm.${action}.keep`)}
          okButtonProps={{ danger: look.danger || action === "resend_unknown", "data-testid": `${testId}-ok` }}
          cancelButtonProps={{ "data-testid": `${testId}-keep` }}
          confirmLoading={mutation.isPending}
          onOk={run}
          onCancel={() => setAsking(false)}
          destroyOnHidden
          width={480}
          modalRender={(node) => <div data-testid={`${testId}-confirm`}>{node}</div>}
        >
          <Typography.Paragraph className="pd-campaign-confirm-text">
            {action === "start" && (campaign.status === "scheduled" || campaign.status === "missed")
              ? t("actionConfirm.start.descriptionScheduled")
              : t(`actionConfirm.${action}.description`, { count: PEOPLE[action](counts) })}
          </Typography.Paragraph>
        </Modal>
      ) : null}
    </>
  );
}

type BarProps = Omit<ButtonProps, "action"> & {
  /** Only these kinds of action (e.g. the resends live in their own card); default: all. */
  only?: readonly CampaignAction[];
};

/** Exactly the campaign's `actions` (those in `only`), in the order the core lists them. */
export function CampaignActionBar({ only, ...props }: BarProps) {
  const { t } = useTranslation("campaigns");
  const actions = props.campaign.actions.filter((action) => !only || only.includes(action));
  if (actions.length === 0) return null;
  return (
    <Flex gap={8} wrap role="group" aria-label={t("detail.actions")} data-testid={`${props.testIdPrefix}-actions`}>
      {actions.map((action) => (
        <CampaignActionButton key={action} action={action} {...props} />
      ))}
    </Flex>
  );
}
