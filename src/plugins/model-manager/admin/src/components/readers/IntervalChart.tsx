import { Box } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useTheme } from 'styled-components';
import { formatMetric } from '../../utils/format';

export interface IntervalRow {
  key: string;
  label: string;
  value: number;
  low: number;
  high: number;
}

const W = 560;
const ROW = 30;
const PAD = { top: 8, right: 24, bottom: 26, left: 150 };

/** One horizontal line per row from the interval's low to its high end, a dot at the estimate; 0..100 % axis. */
export const IntervalChart = ({ rows, title }: { rows: IntervalRow[]; title: string }) => {
  const intl = useIntl();
  const theme = useTheme();
  const H = PAD.top + rows.length * ROW + PAD.bottom;
  const x = (v: number) => PAD.left + v * (W - PAD.left - PAD.right);
  const ticks = [0, 0.25, 0.5, 0.75, 1];

  return (
    <Box>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style={{ maxWidth: W, display: 'block' }}
        role="img"
        aria-label={title}
        data-testid="interval-chart"
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={x(tick)}
              x2={x(tick)}
              y1={PAD.top}
              y2={H - PAD.bottom}
              stroke={theme.colors.neutral200}
            />
            <text
              x={x(tick)}
              y={H - PAD.bottom + 16}
              textAnchor="middle"
              fontSize="11"
              fill={theme.colors.neutral600}
            >
              {formatMetric(intl, 'accuracy', tick)}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          const y = PAD.top + i * ROW + ROW / 2;
          return (
            <g key={row.key} data-testid={`interval-bar-${row.key}`}>
              <text
                x={PAD.left - 8}
                y={y + 4}
                textAnchor="end"
                fontSize="12"
                fill={theme.colors.neutral800}
              >
                {row.label}
              </text>
              <line
                x1={x(row.low)}
                x2={x(row.high)}
                y1={y}
                y2={y}
                stroke={theme.colors.primary600}
                strokeWidth={3}
                strokeLinecap="round"
              />
              <circle cx={x(row.value)} cy={y} r={5} fill={theme.colors.primary700} />
            </g>
          );
        })}
      </svg>
    </Box>
  );
};
