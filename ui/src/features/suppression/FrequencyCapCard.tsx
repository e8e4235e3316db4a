import { Alert, App, Button, Card, Flex, InputNumber, Skeleton, Switch, Tag, Typography } from "antd";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useUnsavedWork } from "../../app/unsavedWork/unsavedWork";
import { toIpcError, type AccountSummary, type FrequencyCap, type IpcError } from "../../ipc";
import { useFrequencyCap, useSetFrequencyCap } from "./useSuppression";

/** What the inputs hold when the cap is switched on for the first time. */
const FIRST_CAP: FrequencyCap = { maxMessages: 2, perDays: 7 };

/**
 * What can be typed. The allowed range (1–100 messages within 1–30 days) is the core's to say:
 * a number out of it is sent as typed and the core's refusal names the range, in the user's
 * language. These bounds only keep the numbers to what the command's `u32` can carry.
 */
const TYPED_MIN = 0;
const TYPED_MAX = 999;

/** The numbers being edited; null while a box is empty. */
type CapInput = { maxMessages: number | null; perDays: number | null };

/** The message of an `invalid_input` error without its leading field key ("frequencyCap: …"): a key, not prose. */
function withoutField(error: IpcError): string {
  return error.message.replace(/^frequencyCap:\s*/, "");
}

/**
 * The account's frequency cap: off by default; on, "每人 [D] 天内最多 [K] 条" and 保存. Turning
 * it off removes a saved cap at once; turning it on counts only once saved (leaving before that
 * asks first). `readOnly`: shown, not changed (a role below admin on a team's store).
 */
export function FrequencyCapCard({ account, readOnly = false }: { account: AccountSummary; readOnly?: boolean }) {
  const { t } = useTranslation("suppression");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const query = useFrequencyCap(account.id);
  const save = useSetFrequencyCap(account.id);
  // Unsaved numbers (the switch is on); null = showing what is saved.
  const [editing, setEditing] = useState<CapInput | null>(null);

  const saved = query.data ?? null;
  const enabled = editing !== null || saved !== null;
  const values: CapInput = editing ?? saved ?? FIRST_CAP;
  const complete = values.maxMessages !== null && values.perDays !== null;
  const dirty = editing !== null && (saved === null || editing.maxMessages !== saved.maxMessages || editing.perDays !== saved.perDays);
  const cap: FrequencyCap | null = complete ? { maxMessages: values.maxMessages ?? 0, perDays: values.perDays ?? 0 } : null;
  // The removal in flight (the switch turned off): the switch shows it, not the save button.
  const removing = save.isPending && save.variables === null;
  const error = save.isError ? toIpcError(save.error) : null;

  const submit = () => {
    if (!dirty || cap === null || save.isPending) return;
    save.mutate(cap, {
      onSuccess: () => {
        setEditing(null);
        void message.success(t("cap.saved", { max: cap.maxMessages, days: cap.perDays }));
      },
    });
  };
  const toggle = (on: boolean) => {
    save.reset();
    if (on) {
      setEditing({ ...values });
    } else if (saved === null) {
      // Never saved: nothing to remove.
      setEditing(null);
    } else {
      save.mutate(null, {
        onSuccess: () => {
          setEditing(null);
          void message.success(t("cap.removed"));
        },
      });
    }
  };
  const change = (patch: Partial<CapInput>) => {
    save.reset();
    setEditing({ ...values, ...patch });
  };

  // Numbers typed but not saved yet count for nothing: leaving would drop them.
  useUnsavedWork(
    dirty
      ? {
          title: t("cap.leave.title"),
          description: t("cap.leave.description", { name: account.name }),
          save: cap === null ? undefined : () => save.mutateAsync(cap).then(() => setEditing(null)),
        }
      : null,
  );

  if (query.isError) {
    const loadError = toIpcError(query.error);
    return (
      <Card size="small" className="pd-suppression-cap" data-testid="frequency-cap">
        <Alert
          type="error"
          showIcon
          data-testid="frequency-cap-load-error"
          title={`${t("cap.loadFailed")} · ${tc(`error.${loadError.code}`)}`}
          description={loadError.message}
        />
      </Card>
    );
  }

  const number = (field: keyof CapInput, testId: string, label: string) => (
    <InputNumber<number>
      data-testid={testId}
      aria-label={label}
      min={TYPED_MIN}
      max={TYPED_MAX}
      precision={0}
      value={values[field]}
      disabled={readOnly}
      onChange={(value) => change({ [field]: value })}
      onPressEnter={submit}
      status={values[field] === null ? "error" : undefined}
      className="pd-suppression-cap-number"
    />
  );

  return (
    <Card size="small" className="pd-suppression-cap" data-testid="frequency-cap">
      <Flex gap={12} align="flex-start">
        <Switch
          id="frequency-cap-switch"
          checked={enabled}
          disabled={!query.isSuccess || readOnly}
          loading={removing}
          onChange={toggle}
          data-testid="frequency-cap-enabled"
          data-checked={enabled ? "true" : "false"}
        />
        <Flex vertical gap={6} className="pd-suppression-cap-text">
          <label htmlFor="frequency-cap-switch">
            <Typography.Text strong>{t("cap.title")}</Typography.Text>{" "}
            {query.isSuccess ? (
              <Tag
                color={saved ? "blue" : "default"}
                className="pd-suppression-tag"
                data-testid="frequency-cap-current"
                data-value={saved ? `${saved.maxMessages}/${saved.perDays}` : "off"}
              >
                {saved ? t("cap.current", { max: saved.maxMessages, days: saved.perDays }) : t("cap.off")}
              </Tag>
            ) : null}
          </label>
          <Typography.Text type="secondary" className="pd-suppression-small" data-testid="frequency-cap-what">
            {t("cap.what")} {t("cap.skip")}
          </Typography.Text>
          {query.isPending ? <Skeleton.Input active size="small" /> : null}
          {enabled ? (
            <Flex align="center" gap={8} wrap className="pd-suppression-cap-form" data-testid="frequency-cap-form">
              <span className="pd-suppression-cap-sentence">
                <Trans
                  t={t}
                  i18nKey="cap.sentence"
                  components={{
                    days: number("perDays", "frequency-cap-days", t("cap.days")),
                    max: number("maxMessages", "frequency-cap-max", t("cap.max")),
                  }}
                />
              </span>
              <Button
                type={dirty ? "primary" : "default"}
                disabled={!dirty || cap === null}
                loading={save.isPending && !removing}
                onClick={submit}
                data-testid="frequency-cap-save"
              >
                {t("cap.save")}
              </Button>
              {dirty ? (
                <Typography.Text type="warning" className="pd-suppression-small" data-testid="frequency-cap-unsaved">
                  {t("cap.unsaved")}
                </Typography.Text>
              ) : null}
            </Flex>
          ) : null}
          {error ? (
            <Alert
              type="error"
              showIcon
              data-testid="frequency-cap-error"
              data-code={error.code}
              title={`${save.variables === null ? t("cap.removeFailed") : t("cap.saveFailed")} · ${tc(`error.${error.code}`)}`}
              description={withoutField(error)}
            />
          ) : null}
        </Flex>
      </Flex>
    </Card>
  );
}
