import { useIsMutating } from "@tanstack/react-query";
import { Alert, App, Button, DatePicker, Form, Modal, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { toIpcError, type Campaign, type CampaignAction } from "../../ipc";
import { campaignActionKey, useRescheduleCampaign } from "./useCampaigns";
import { AT_FORMAT, CLOCK_FORMAT, msOf } from "./scheduleText";
import { scheduleFieldError } from "./wizard/schedule";

type Props = {
  campaign: Campaign;
  size?: "small" | "middle";
  disabled?: boolean;
  icon: ReactNode;
  /** The button's `data-testid`; the dialog's time and OK are `campaign-reschedule-at` / `-ok`. */
  testId: string;
  onDone?: (campaign: Campaign, action: CampaignAction) => void;
};

/**
 * "Reschedule" (a scheduled or missed campaign) or "Schedule" (a ready one): a dialog asks for
 * the new time, typed or picked; the core refuses a time that has passed, said under the field.
 */
export function RescheduleButton({ campaign, size, disabled, icon, testId, onDone }: Props) {
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const mutation = useRescheduleCampaign(campaign.id);
  const acting = useIsMutating({ mutationKey: campaignActionKey(campaign.id) }) > 0;
  const [open, setOpen] = useState(false);
  // Starts from the campaign's time while it is still ahead.
  const [at, setAt] = useState<number | null>(null);
  const ready = campaign.status === "ready";
  const error = mutation.isError ? toIpcError(mutation.error) : null;
  const onField = error ? scheduleFieldError(error) : null;

  const show = () => {
    mutation.reset();
    setAt(campaign.scheduledAt !== null && campaign.scheduledAt > Date.now() ? campaign.scheduledAt : null);
    setOpen(true);
  };
  const submit = () => {
    if (at === null) return;
    mutation.mutate(
      { campaign, at },
      {
        onSuccess: (updated) => {
          setOpen(false);
          void message.success({ content: t("reschedule.done", { name: updated.name, time: fmt.dateTime(at) }), key: `reschedule-${updated.id}` });
          onDone?.(updated, "reschedule");
        },
      },
    );
  };

  return (
    <>
      <Button
        size={size}
        icon={icon}
        loading={mutation.isPending}
        disabled={disabled || (acting && !mutation.isPending)}
        onClick={show}
        data-testid={testId}
        data-action="reschedule"
      >
        {ready ? t("reschedule.scheduleAction") : t("action.reschedule")}
      </Button>
      <Modal
        open={open}
        title={ready ? t("reschedule.titleReady", { name: campaign.name }) : t("reschedule.title", { name: campaign.name })}
        okText={t("reschedule.ok")}
        cancelText={t("reschedule.keep")}
        okButtonProps={{ disabled: at === null, "data-testid": "campaign-reschedule-ok" }}
        cancelButtonProps={{ "data-testid": "campaign-reschedule-keep" }}
        confirmLoading={mutation.isPending}
        onOk={submit}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        width={440}
        modalRender={(node) => <div data-testid="campaign-reschedule">{node}</div>}
      >
        <Form layout="vertical" component="div">
          <Form.Item
            label={t("reschedule.label")}
            htmlFor="campaign-reschedule-input"
            extra={t("reschedule.hint")}
            validateStatus={onField?.field === "at" ? "error" : undefined}
            help={onField?.field === "at" ? <span data-testid="campaign-reschedule-error">{onField.message}</span> : undefined}
          >
            <DatePicker
              id="campaign-reschedule-input"
              data-testid="campaign-reschedule-at"
              showTime={{ format: CLOCK_FORMAT }}
              format={AT_FORMAT}
              value={at !== null ? dayjs(at) : null}
              onChange={(value: Dayjs | null) => {
                mutation.reset();
                setAt(msOf(value));
              }}
              placeholder={t("schedule.atPlaceholder")}
              className="pd-campaign-at"
            />
          </Form.Item>
        </Form>
        {error && onField?.field !== "at" ? (
          <Alert
            type="error"
            showIcon
            data-testid="campaign-reschedule-failed"
            title={`${t("reschedule.failed")} · ${tc(`error.${error.code}`)}`}
            description={<Typography.Text>{error.message}</Typography.Text>}
          />
        ) : null}
      </Modal>
    </>
  );
}
