import { DatePicker, Segmented, type GetProps } from "antd";
import { useTranslation } from "react-i18next";
import { datePickerFormat } from "../../i18n/format";
import { dayRange, presetRange, type RangePreset, type TimeRange } from "./model";

/** The first and last day of a custom range, as the range picker holds them. */
export type CustomDays = GetProps<typeof DatePicker.RangePicker>["value"];

const PRESETS: readonly RangePreset[] = ["all", "today", "7d", "30d", "custom"];

type Props = {
  /** Prefix of the test ids: `${prefix}-range`, `${prefix}-range-${preset}`, `${prefix}-range-picker`. */
  testIdPrefix: string;
  range: TimeRange;
  onRange: (range: TimeRange) => void;
  /** The days picked for a custom range (kept by the page, so "custom" shows them again). */
  customDays: CustomDays;
  onCustomDays: (days: CustomDays) => void;
  ariaLabel?: string;
};

/** When: all time, today, the last 7 or 30 days, or days picked (the send log's and the audit trail's). */
export function TimeRangeFilter({ testIdPrefix, range, onRange, customDays, onCustomDays, ariaLabel }: Props) {
  const { t, i18n } = useTranslation("sendlog");
  const choosePreset = (preset: RangePreset) => {
    if (preset === "custom") {
      const [first, last] = customDays ?? [];
      onRange(first && last ? dayRange(first.toDate(), last.toDate()) : { ...range, preset: "custom" });
    } else {
      onRange(presetRange(preset));
    }
  };
  return (
    <>
      <Segmented<RangePreset>
        data-testid={`${testIdPrefix}-range`}
        size="small"
        aria-label={ariaLabel}
        value={range.preset}
        onChange={choosePreset}
        options={PRESETS.map((preset) => ({
          value: preset,
          label: <span data-testid={`${testIdPrefix}-range-${preset}`}>{t(`range.${preset}`)}</span>,
        }))}
      />
      {range.preset === "custom" ? (
        <DatePicker.RangePicker
          size="small"
          data-testid={`${testIdPrefix}-range-picker`}
          format={datePickerFormat(i18n.language)}
          value={customDays}
          allowClear={false}
          onChange={(value) => {
            onCustomDays(value);
            const [first, last] = value ?? [];
            if (first && last) onRange(dayRange(first.toDate(), last.toDate()));
          }}
        />
      ) : null}
    </>
  );
}
