import './charts.css';

/**
 * The dashboard's two kinds of chart, drawn as plain SVG (docs/web.md "Bundle"): a donut and grouped
 * bars, a few dozen elements each. They replaced Mantine charts on recharts, whose chunk was 133 kB gzip
 * and whose four charts cost ~7 s of main-thread time on Lighthouse's 4×-slowed CPU. They are drawn for
 * the eye only: each sits in an `inert` wrapper beside a table with the exact figures, and is
 * `aria-hidden` itself.
 */

/** A Mantine colour token ("teal.7", "red") as its CSS variable. */
export function colorVar(token: string): string {
  const [name, shade] = token.split('.');
  return shade === undefined
    ? `var(--mantine-color-${name}-filled)`
    : `var(--mantine-color-${name}-${shade})`;
}

interface TLegendItem {
  label: string;
  color: string;
}

function Legend({ items }: { items: readonly TLegendItem[] }) {
  return (
    <ul className="chart-legend">
      {items.map((item) => (
        <li key={item.label}>
          <span className="chart-swatch" style={{ background: colorVar(item.color) }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

export interface TDonutSlice {
  name: string;
  value: number;
  /** A Mantine colour token. */
  color: string;
}

const TAU = Math.PI * 2;

/**
 * A donut of `data` (zero slices are left out), each slice's value written beside it when `withLabels`,
 * and a legend of the slices' names under it.
 */
export function DonutChart({
  data,
  height = 220,
  withLabels = false,
}: {
  data: readonly TDonutSlice[];
  height?: number;
  withLabels?: boolean;
}) {
  const slices = data.filter((slice) => slice.value > 0);
  const total = slices.reduce((sum, slice) => sum + slice.value, 0);
  const thickness = 20;
  // Room around the ring for the labels.
  const radius = height / 2 - (withLabels ? 34 : 8) - thickness / 2;
  const width = height + 80;
  const cx = width / 2;
  const cy = height / 2;
  let start = 0;
  return (
    <div className="chart" data-chart="donut">
      <svg
        className="chart-surface"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        aria-hidden="true"
        focusable="false"
      >
        <circle cx={cx} cy={cy} r={radius} fill="none" stroke={colorVar('gray.2')} strokeWidth={thickness} />
        {slices.map((slice) => {
          const share = slice.value / total;
          const from = start;
          start += share;
          // A 1 % gap between slices, none when one slice is the whole ring.
          const gap = slices.length > 1 ? 0.5 : 0;
          const middle = (from + share / 2) * TAU - Math.PI / 2;
          const labelRadius = radius + thickness / 2 + 12;
          const x = cx + Math.cos(middle) * labelRadius;
          const y = cy + Math.sin(middle) * labelRadius;
          return (
            <g key={slice.name}>
              <circle
                cx={cx}
                cy={cy}
                r={radius}
                fill="none"
                stroke={colorVar(slice.color)}
                strokeWidth={thickness}
                pathLength={100}
                strokeDasharray={`${Math.max(share * 100 - gap, 0.1)} ${100}`}
                strokeDashoffset={-from * 100}
                transform={`rotate(-90 ${cx} ${cy})`}
              />
              {withLabels && (
                <text
                  x={x}
                  y={y}
                  className="chart-label"
                  textAnchor={Math.abs(x - cx) < 4 ? 'middle' : x > cx ? 'start' : 'end'}
                  dominantBaseline="middle"
                >
                  {slice.value.toLocaleString()}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Legend items={slices.map((slice) => ({ label: slice.name, color: slice.color }))} />
    </div>
  );
}

export interface TBarSeries {
  name: string;
  label: string;
  /** A Mantine colour token. */
  color: string;
}

/** A round axis top at or above `max`, split into `steps` equal steps (1, 2, 2.5 or 5 × a power of ten). */
export function niceScale(max: number, steps = 4): { top: number; step: number } {
  if (!(max > 0)) return { top: steps, step: 1 };
  const raw = max / steps;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * magnitude >= raw) ?? 10) * magnitude;
  return { top: step * steps, step };
}

const AXIS_WIDTH = 44;
const X_LABELS = 22;

/**
 * Grouped bars: one group per row of `data` (labelled by `data[dataKey]`), one bar per series, a y axis
 * of round ticks formatted by `valueFormatter`, and a legend. The plot stretches to the card's width (the
 * bars are placed in percent); on a narrow card every second or third x label is left out (charts.css).
 */
export function BarChart<TRow extends Record<string, string | number>>({
  data,
  dataKey,
  series,
  height = 240,
  valueFormatter = (value) => String(value),
}: {
  data: readonly TRow[];
  dataKey: keyof TRow & string;
  series: readonly TBarSeries[];
  height?: number;
  valueFormatter?: (value: number) => string;
}) {
  const values = data.flatMap((row) => series.map((item) => Number(row[item.name]) || 0));
  const { top, step } = niceScale(Math.max(0, ...values));
  const plotHeight = height - X_LABELS;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
  const yOf = (value: number) => 6 + (plotHeight - 6) * (1 - value / top);
  const slot = 100 / Math.max(data.length, 1);
  const barWidth = (slot * 0.7) / Math.max(series.length, 1);
  // Centred under its bars; the first and last labels start or end with their bars, inside the chart.
  const labelX = (index: number) =>
    index === 0 ? slot * 0.15 : index === data.length - 1 ? index * slot + slot * 0.85 : (index + 0.5) * slot;
  return (
    <div className="chart" data-chart="bars" data-dense={data.length > 6 ? '' : undefined}>
      <div className="chart-bars" style={{ height }}>
        <svg width={AXIS_WIDTH} height={height} aria-hidden="true" focusable="false">
          {ticks.map((tick) => (
            <text
              key={tick}
              x={AXIS_WIDTH - 6}
              y={yOf(tick)}
              className="chart-tick"
              textAnchor="end"
              dominantBaseline="middle"
            >
              {valueFormatter(tick)}
            </text>
          ))}
        </svg>
        <svg className="chart-surface" width="100%" height={height} aria-hidden="true" focusable="false">
          {ticks.map((tick) => (
            <line key={tick} x1="0" x2="100%" y1={yOf(tick)} y2={yOf(tick)} className="chart-grid" />
          ))}
          {data.map((row, index) => (
            <g key={String(row[dataKey])}>
              {series.map((item, position) => {
                const value = Number(row[item.name]) || 0;
                const y = yOf(value);
                return (
                  <rect
                    key={item.name}
                    x={`${index * slot + slot * 0.15 + position * barWidth}%`}
                    width={`${barWidth}%`}
                    y={y}
                    height={Math.max(yOf(0) - y, 0)}
                    fill={colorVar(item.color)}
                  />
                );
              })}
              <text
                x={`${labelX(index)}%`}
                y={height - 6}
                className="chart-tick chart-x-label"
                textAnchor={index === 0 ? 'start' : index === data.length - 1 ? 'end' : 'middle'}
                data-odd={index % 2 === 1 ? '' : undefined}
                data-third={index % 3 === 0 ? undefined : ''}
              >
                {String(row[dataKey])}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <Legend items={series} />
    </div>
  );
}
