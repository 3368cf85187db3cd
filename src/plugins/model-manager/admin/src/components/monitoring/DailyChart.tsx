import { Box, Typography } from '@strapi/design-system';
import { useTheme } from 'styled-components';
import { YGrid } from '../YGrid';

export interface DailySeries {
  name: string;
  /** one value per day (null: not measured that day) */
  values: Array<number | null>;
  /** an interval around each value, drawn as a band */
  bands?: Array<{ low: number | null; high: number | null }>;
}

const W = 560;
const H = 180;
const PAD = { top: 10, right: 16, bottom: 28, left: 44 };

/**
 * One line per series over the days, 0..max on the y axis, with an optional dashed threshold.
 * Days are evenly spaced (missing days are simply absent from the report).
 */
export const DailyChart = ({
  title,
  days,
  series,
  max = 1,
  threshold,
  format,
}: {
  title: string;
  days: string[];
  series: DailySeries[];
  max?: number;
  threshold?: number | null;
  format: (value: number) => string;
}) => {
  const theme = useTheme();
  const colors = [theme.colors.primary600, theme.colors.warning600, theme.colors.success600];
  const x = (i: number) =>
    PAD.left + (days.length <= 1 ? 0.5 : i / (days.length - 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - Math.min(v, max) / max) * (H - PAD.top - PAD.bottom);
  const ticks = [0, max / 2, max];
  return (
    <Box>
      <Typography variant="sigma" textColor="neutral600">
        {title}
      </Typography>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style={{ maxWidth: W, display: 'block' }}
        role="img"
        aria-label={title}
      >
        <YGrid ticks={ticks} y={y} left={PAD.left} right={W - PAD.right} label={format} />
        {days.map((day, i) =>
          days.length <= 8 || i % Math.ceil(days.length / 8) === 0 ? (
            <text
              key={day}
              x={x(i)}
              y={H - 8}
              fontSize={11}
              textAnchor="middle"
              fill={theme.colors.neutral600}
            >
              {day.slice(5)}
            </text>
          ) : null
        )}
        {threshold != null && (
          <line
            x1={PAD.left}
            x2={W - PAD.right}
            y1={y(threshold)}
            y2={y(threshold)}
            stroke={theme.colors.danger500}
            strokeDasharray="5 4"
          >
            <title>{format(threshold)}</title>
          </line>
        )}
        {series.map((s, k) => {
          const color = colors[k % colors.length];
          const points = s.values
            .map((v, i) => (v === null ? null : `${x(i)},${y(v)}`))
            .filter(Boolean)
            .join(' ');
          return (
            <g key={s.name}>
              {s.bands?.map((b, i) =>
                b.low !== null && b.high !== null ? (
                  <line
                    key={i}
                    x1={x(i)}
                    x2={x(i)}
                    y1={y(b.low)}
                    y2={y(b.high)}
                    stroke={color}
                    strokeWidth={6}
                    strokeOpacity={0.25}
                  />
                ) : null
              )}
              <polyline points={points} fill="none" stroke={color} strokeWidth={2} />
              {s.values.map((v, i) =>
                v === null ? null : (
                  <circle key={i} cx={x(i)} cy={y(v)} r={3.5} fill={color}>
                    <title>{`${s.name}, ${days[i]}: ${format(v)}`}</title>
                  </circle>
                )
              )}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <Box paddingTop={1}>
          {series.map((s, k) => (
            <Typography
              key={s.name}
              variant="pi"
              style={{ color: colors[k % colors.length], marginRight: 12 }}
            >
              ● {s.name}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
};
