import { useIsMutating } from "@tanstack/react-query";
import { App, Button, Modal, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { Campaign, CampaignAction } from "../../ipc";
import { campaignActionKey, useCampaignAction } from "./useCampaigns";

/** When a campaign waiting for approval sends, in words: at its time, a time it missed, or when a sender starts it. */
export function useApprovalWhen() {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  return (campaign: Pick<Campaign, "status" | "scheduledAt">): string => {
    if (campaign.scheduledAt !== null && campaign.status === "scheduled") return t("approval.when.at", { at: fmt.dateTime(campaign.scheduledAt) });
    if (campaign.scheduledAt !== null && campaign.status === "missed") return t("approval.when.missed", { at: fmt.dateTime(campaign.scheduledAt) });
    return t("approval.when.ready");
  };
}

type Props = {
  campaign: Campaign;
  /** The button's `data-testid`; the confirmation is `${testId}-confirm`, its buttons `-ok` and `-keep`. */
  testId: string;
  icon: ReactNode;
  size?: "small" | "middle" | "large";
  disabled?: boolean;
  onDone?: (campaign: Campaign, action: CampaignAction) => void;
};

/**
 * "Approve" a campaign another person made, above the team's threshold: a confirmation says what
 * is approved (its name, its recipients, when it sends) and that a new time needs a new
 * approval. Offered only where the campaign's `actions` hold `approve` (never to its author).
 */
export function ApproveButton({ campaign, testId, icon, size, disabled, onDone }: Props) {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  const { message } = App.useApp();
  const mutation = useCampaignAction(campaign.id);
  const acting = useIsMutating({ mutationKey: campaignActionKey(campaign.id) }) > 0;
  const [asking, setAsking] = useState(false);
  const when = useApprovalWhen();

  const run = () =>
    mutation.mutate(
      { campaign, action: "approve" },
      {
        onSuccess: (updated) => {
          void message.success({
            content: t(updated.status === "scheduled" ? "approval.doneScheduled" : "approval.done", { name: updated.name }),
            key: `approve-${updated.id}`,
          });
          onDone?.(updated, "approve");
        },
        onSettled: () => setAsking(false),
      },
    );

  return (
    <>
      <Button
        type="primary"
        size={size}
        icon={icon}
        loading={mutation.isPending}
        disabled={disabled || (acting && !mutation.isPending)}
        onClick={() => setAsking(true)}
        data-testid={testId}
        data-action="approve"
      >
        {t("action.approve")}
      </Button>
      <Modal
        open={asking}
        title={t("approval.confirm.title")}
        okText={t("approval.confirm.ok")}
        cancelText={t("approval.confirm.keep")}
        okButtonProps={{ "data-testid": `${testId}-ok` }}
        cancelButtonProps={{ "data-testid": `${testId}-keep` }}
        confirmLoading={mutation.isPending}
        onOk={run}
        onCancel={() => setAsking(false)}
        destroyOnHidden
        width={480}
        modalRender={(node) => <div data-testid={`${testId}-confirm`}>{node}</div>}
      >
        <Typography.Paragraph className="pd-campaign-confirm-text">
          {t("approval.confirm.description", { name: campaign.name, formatted: fmt.number(campaign.counts.pending), when: when(campaign) })}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" className="pd-campaign-small">
          {t("approval.confirm.asIs")}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
