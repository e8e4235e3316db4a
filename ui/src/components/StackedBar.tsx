import { Tooltip } from "antd";
import type { ReactNode } from "react";
import { useFormat } from "../i18n/useFormat";
import "./stackedBar.css";

export type StackedBarSegment = {
  /** Identity of the segment; also `data-segment` on its element. */
  key: string;
  value: number;
  /** Any CSS colour. */
  color: string;
  /** Name shown in the tooltip legend. */
  label: ReactNode;
};

type StackedBarProps = {
  segments: readonly StackedBarSegment[];
  /** The whole; what the segments do not fill stays blank. Defaults to their sum. */
  total?: number;
  /** Extra tooltip line under the legend (e.g. what is left). */
  footer?: ReactNode;
  /** `large` for a page-wide chart, `small` for a table cell. */
  size?: "small" | "large";
  /** Accessible summary of the bar (screen readers do not see the tooltip). */
  ariaLabel: string;
  testId?: string;
};

/**
 * A horizontal bar of proportional coloured segments, with a legend of the counts on hover.
 * No chart library: plain flex boxes sized by percentage.
 */
export function StackedBar({ segments, total, footer, size = "small", ariaLabel, testId }: StackedBarProps) {
  const fmt = useFormat();
  const sum = segments.reduce((acc, segment) => acc + Math.max(0, segment.value), 0);
  const whole = Math.max(total ?? sum, sum, 0);
  const legend = (
    <div className="pd-stacked-legend">
      {segments.map((segment) => (
        <div key={segment.key} className="pd-stacked-legend-row">
          <span className="pd-stacked-swatch" style={{ background: segment.color }} aria-hidden />
          <span className="pd-stacked-legend-label">{segment.label}</span>
          <span className="pd-stacked-legend-value">{fmt.number(segment.value)}</span>
        </div>
      ))}
      {footer ? <div className="pd-stacked-legend-footer">{footer}</div> : null}
    </div>
  );
  return (
    <Tooltip title={legend} placement="top">
      <div
        className={`pd-stacked pd-stacked-${size}`}
        role="img"
        aria-label={ariaLabel}
        data-testid={testId}
        tabIndex={0}
      >
        {whole > 0
          ? segments.map((segment) =>
              segment.value > 0 ? (
                <span
                  key={segment.key}
                  className="pd-stacked-segment"
                  data-segment={segment.key}
                  data-value={segment.value}
                  style={{ width: `${(segment.value / whole) * 100}%`, background: segment.color }}
                />
              ) : null,
            )
          : null}
      </div>
    </Tooltip>
  );
}
