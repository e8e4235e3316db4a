import { Card, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Radio, Switch, TimePicker, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { MAX_GRACE_MINUTES, type IpcError, type SendWindow } from "../../../ipc";
import { AT_FORMAT, CLOCK_FORMAT, msOf } from "../scheduleText";
import { useWindowLabel } from "../useScheduleText";
import {
  WEEK_DAYS,
  chooseWhen,
  scheduleBlocker,
  scheduleFieldError,
  setWindowOn,
  type RepeatKind,
  type Rereadable,
  type ScheduleField,
  type ScheduleForm,
  type WeekDay,
  type WhenKind,
} from "./schedule";

/** Minutes after midnight as a picker value (today, local time). */
const clockValue = (minutes: number) => dayjs().startOf("day").hour(Math.floor(minutes / 60)).minute(minutes % 60);
const minutesOf = (value: Dayjs) => value.hour() * 60 + value.minute();

type Props = {
  form: ScheduleForm;
  onChange: (form: ScheduleForm) => void;
  /** What a series may read again before each run (a file, followers); a pasted list can only be reused. */
  reread: Rereadable;
  /** The core's last refusal of this form, shown under the field it is about. */
  refusal: IpcError | null;
};

/** The confirm step's "when": now, at a time or by a repeat rule; the send window; the grace period. */
export function ScheduleSection({ form, onChange, reread, refusal }: Props) {
  const { t } = useTranslation("campaigns");
  const windowLabel = useWindowLabel();
  const onField = refusal ? scheduleFieldError(refusal) : null;
  const blocker = scheduleBlocker(form);
  const set = (patch: Partial<ScheduleForm>) => onChange({ ...form, ...patch });

  // What is still to choose, under the field it is about.
  const missing: Partial<Record<ScheduleField, string>> = {};
  if (blocker === "at") missing.at = t("schedule.blocked.at");
  if (blocker === "days" || blocker === "cron") missing.repeat = t(`schedule.blocked.${blocker}`);
  if (blocker === "window") missing.window = t("schedule.window.same");
  if (blocker === "grace") missing.grace = t("schedule.blocked.grace", { max: MAX_GRACE_MINUTES });

  /**
   * The core's refusal of `field` as the Form.Item's error; else what is still to choose there:
   * a plain note while it is only not chosen yet, an error when what was set cannot work.
   */
  const feedback = (field: ScheduleField): { validateStatus?: "error"; help?: ReactNode } => {
    const message = onField?.field === field ? onField.message : null;
    if (message) return { validateStatus: "error", help: <span data-testid={`campaign-schedule-error-${field}`}>{message}</span> };
    const note = missing[field];
    if (!note) return {};
    const wrong = field === "window" || field === "grace";
    return { validateStatus: wrong ? "error" : undefined, help: <span data-testid={`campaign-schedule-missing-${field}`}>{note}</span> };
  };

  const repeat = form.when === "repeat";
  const atLabel = !repeat ? t("schedule.atLabel") : form.repeatKind === "cron" ? t("schedule.cronFrom") : t("schedule.firstRun");
  const atHint = !repeat ? t("schedule.atHint") : t(`schedule.firstRunHint.${form.repeatKind}`);

  return (
    <Card size="small" title={t("schedule.title")} className="pd-campaign-card" data-testid="campaign-schedule-section">
      <Form layout="vertical" component="div" className="pd-campaign-schedule">
        <Form.Item label={t("schedule.whenLabel")} htmlFor="campaign-when">
          <Radio.Group
            id="campaign-when"
            aria-label={t("schedule.whenLabel")}
            value={form.when}
            onChange={(event) => onChange(chooseWhen(form, event.target.value as WhenKind))}
          >
            {(["now", "at", "repeat"] as const).map((when) => (
              <Radio key={when} value={when} data-testid={`campaign-when-${when}`}>
                {t(`schedule.when.${when}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>

        {repeat ? (
          <Form.Item label={t("schedule.repeatLabel")} htmlFor="campaign-repeat-kind" {...feedback("repeat")}>
            <Flex vertical gap={8}>
              <Radio.Group
                id="campaign-repeat-kind"
                aria-label={t("schedule.repeatLabel")}
                value={form.repeatKind}
                onChange={(event) => set({ repeatKind: event.target.value as RepeatKind })}
              >
                {(["daily", "weekly", "cron"] as const).map((kind) => (
                  <Radio key={kind} value={kind} data-testid={`campaign-repeat-kind-${kind}`}>
                    {t(`schedule.repeatKind.${kind}`)}
                  </Radio>
                ))}
              </Radio.Group>
              {form.repeatKind === "weekly" ? (
                <Checkbox.Group<WeekDay>
                  aria-label={t("schedule.days")}
                  value={form.days}
                  onChange={(days) => set({ days: WEEK_DAYS.filter((day) => days.includes(day)) })}
                >
                  {WEEK_DAYS.map((day) => (
                    <Checkbox key={day} value={day} data-testid={`campaign-repeat-day-${day}`}>
                      {t(`schedule.day.${day}`)}
                    </Checkbox>
                  ))}
                </Checkbox.Group>
              ) : null}
              {form.repeatKind === "cron" ? (
                <Flex vertical gap={4}>
                  <Input
                    id="campaign-repeat-cron-input"
                    data-testid="campaign-repeat-cron"
                    aria-label={t("schedule.cronLabel")}
                    value={form.cron}
                    placeholder="0 10 * * 1"
                    onChange={(event) => set({ cron: event.target.value })}
                    autoComplete="off"
                    spellCheck={false}
                    className="pd-campaign-cron"
                  />
                  <Typography.Text type="secondary" className="pd-campaign-small">
                    {t("schedule.cronHint")}
                  </Typography.Text>
                </Flex>
              ) : null}
            </Flex>
          </Form.Item>
        ) : null}

        {form.when !== "now" ? (
          <Form.Item label={atLabel} htmlFor="campaign-at-input" extra={atHint} {...feedback("at")}>
            <DatePicker
              id="campaign-at-input"
              data-testid="campaign-at"
              showTime={{ format: CLOCK_FORMAT }}
              format={AT_FORMAT}
              value={form.at !== null ? dayjs(form.at) : null}
              onChange={(value: Dayjs | null) => set({ at: msOf(value) })}
              placeholder={t("schedule.atPlaceholder")}
              className="pd-campaign-at"
            />
          </Form.Item>
        ) : null}

        {repeat ? (
          <Form.Item label={t("schedule.audience.label")} htmlFor="campaign-audience" {...feedback("audience")}>
            <Flex vertical gap={4}>
              <Radio.Group
                id="campaign-audience"
                aria-label={t("schedule.audience.label")}
                value={reread !== null ? form.audience : "reuse"}
                onChange={(event) => set({ audience: event.target.value as ScheduleForm["audience"] })}
              >
                <Radio value="reread" disabled={reread === null} data-testid="campaign-audience-reread">
                  {reread === "followers" ? t("schedule.audience.refetch") : t("schedule.audience.reread")}
                </Radio>
                <Radio value="reuse" data-testid="campaign-audience-reuse">
                  {t("schedule.audience.reuse")}
                </Radio>
              </Radio.Group>
              <Typography.Text type="secondary" className="pd-campaign-small" data-testid="campaign-audience-hint">
                {reread === "followers"
                  ? t("schedule.audience.refetchHint")
                  : reread === "file"
                    ? t("schedule.audience.rereadHint")
                    : t("schedule.audience.pasted")}
              </Typography.Text>
            </Flex>
          </Form.Item>
        ) : null}

        <WindowField form={form} onChange={onChange} windowLabel={windowLabel} feedback={feedback("window")} />

        {form.when !== "now" ? (
          <Form.Item label={t("schedule.grace.label")} htmlFor="campaign-grace-input" extra={t("schedule.grace.hint")} {...feedback("grace")}>
            <InputNumber<number>
              id="campaign-grace-input"
              data-testid="campaign-grace"
              size="small"
              min={0}
              max={MAX_GRACE_MINUTES}
              precision={0}
              value={form.graceMinutes}
              onChange={(graceMinutes) => set({ graceMinutes })}
              suffix={t("schedule.grace.unit")}
              className="pd-campaign-number"
            />
          </Form.Item>
        ) : null}
      </Form>
    </Card>
  );
}

type WindowFieldProps = {
  form: ScheduleForm;
  onChange: (form: ScheduleForm) => void;
  windowLabel: (window: SendWindow | null) => string;
  feedback: { validateStatus?: "error"; help?: ReactNode };
};

/** The send window: on or off, and its two ends (typed or picked, HH:mm). */
function WindowField({ form, onChange, windowLabel, feedback }: WindowFieldProps) {
  const { t } = useTranslation("campaigns");
  const setEnd = (end: "start" | "end", value: Dayjs | null) => {
    if (value) onChange({ ...form, window: { ...form.window, [end]: minutesOf(value) } });
  };
  const hint = form.windowOn
    ? t("schedule.window.hintOn", { window: windowLabel(form.window) })
    : form.when === "now"
      ? t("schedule.window.hintNow")
      : t("schedule.window.hintOff");
  return (
    <Form.Item label={t("schedule.window.label")} htmlFor="campaign-window-switch" extra={hint} {...feedback}>
      <Flex align="center" gap={8} wrap>
        <Switch
          id="campaign-window-switch"
          data-testid="campaign-window-enabled"
          aria-label={t("schedule.window.switch")}
          checked={form.windowOn}
          onChange={(on) => onChange(setWindowOn(form, on))}
        />
        <TimePicker
          data-testid="campaign-window-start"
          aria-label={t("schedule.window.start")}
          format={CLOCK_FORMAT}
          value={clockValue(form.window.start)}
          onChange={(value: Dayjs | null) => setEnd("start", value)}
          disabled={!form.windowOn}
          allowClear={false}
          className="pd-campaign-clock"
        />
        <Typography.Text type="secondary">{t("schedule.window.to")}</Typography.Text>
        <TimePicker
          data-testid="campaign-window-end"
          aria-label={t("schedule.window.end")}
          format={CLOCK_FORMAT}
          value={clockValue(form.window.end)}
          onChange={(value: Dayjs | null) => setEnd("end", value)}
          disabled={!form.windowOn}
          allowClear={false}
          className="pd-campaign-clock"
        />
      </Flex>
    </Form.Item>
  );
}
