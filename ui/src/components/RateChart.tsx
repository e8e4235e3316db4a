import { Tooltip } from "antd";
import "./rateChart.css";

export type RatePointXY = {
  /** Position on the x axis (e.g. seconds since the start). */
  x: number;
  /** Value; `null` = no data in this bucket (drawn as a gap). */
  y: number | null;
};

type RateChartProps = {
  points: readonly RatePointXY[];
  /** Label of the x axis at a value (e.g. "1:30"). */
  formatX: (x: number) => string;
  /** Label of a value (e.g. "19.6/s"). */
  formatY: (y: number) => string;
  /** Accessible summary of the chart. */
  ariaLabel: string;
  color?: string;
  height?: number;
  testId?: string;
};

const WIDTH = 600;
const PAD_LEFT = 44;
const PAD_BOTTOM = 20;
const PAD_TOP = 8;

/** A "nice" ceiling for an axis: 1, 2, 2.5 or 5 times a power of ten. */
export function niceCeil(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * A small bar chart drawn in SVG (no chart library): one bar per point, a y axis with its
 * maximum and half, and x labels at the start, middle and end. Scales to its container's width.
 */
export function RateChart({ points, formatX, formatY, ariaLabel, color = "#1677ff", height = 160, testId }: RateChartProps) {
  const maxY = niceCeil(Math.max(0, ...points.map((p) => p.y ?? 0)));
  const plotW = WIDTH - PAD_LEFT - 8;
  const plotH = height - PAD_BOTTOM - PAD_TOP;
  const count = Math.max(1, points.length);
  const slot = plotW / count;
  const barW = Math.max(1, slot * 0.78);
  const yOf = (y: number) => PAD_TOP + plotH - (y / maxY) * plotH;
  const first = points[0];
  const last = points[points.length - 1];
  const middle = points[Math.floor(points.length / 2)];
  const ticks = [maxY, maxY / 2, 0];

  return (
    <svg
      className="pd-rate-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
    >
      {ticks.map((tick) => (
        <g key={tick}>
          <line className="pd-rate-grid" x1={PAD_LEFT} x2={WIDTH - 8} y1={yOf(tick)} y2={yOf(tick)} />
          <text className="pd-rate-label" x={PAD_LEFT - 6} y={yOf(tick) + 4} textAnchor="end">
            {formatY(tick)}
          </text>
        </g>
      ))}
      {points.map((point, index) =>
        point.y === null || point.y <= 0 ? null : (
          <Tooltip key={point.x} title={`${formatX(point.x)} · ${formatY(point.y)}`}>
            <rect
              className="pd-rate-bar"
              data-x={point.x}
              data-y={point.y}
              x={PAD_LEFT + index * slot + (slot - barW) / 2}
              y={yOf(point.y)}
              width={barW}
              height={Math.max(1, PAD_TOP + plotH - yOf(point.y))}
              fill={color}
            />
          </Tooltip>
        ),
      )}
      {[first, middle, last].map((point, index) =>
        point && (index !== 1 || points.length > 2) ? (
          <text
            key={index}
            className="pd-rate-label"
            x={index === 0 ? PAD_LEFT : index === 1 ? PAD_LEFT + plotW / 2 : WIDTH - 8}
            y={height - 5}
            textAnchor={index === 0 ? "start" : index === 1 ? "middle" : "end"}
          >
            {formatX(point.x)}
          </text>
        ) : null,
      )}
    </svg>
  );
}
