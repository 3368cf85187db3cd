import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useTheme } from 'styled-components';
import { YGrid } from '../YGrid';
import type { VersionSummary } from '../../../../shared/contracts/models';
import { useT } from '../../hooks/useT';
import { formatMetric } from '../../utils/format';
import { KEY_METRICS, type KeyMetric, keyMetrics } from '../../utils/metrics';

const W = 760;
const H = 240;
const PAD = { top: 16, right: 24, bottom: 30, left: 48 };

/** Accuracy, macro-F1 and AUC across the evaluated versions: one line each, the compared pair marked. */
export const MetricsChart = ({
  versions,
  marked,
}: {
  versions: VersionSummary[];
  marked: number[];
}) => {
  const t = useT();
  const intl = useIntl();
  const theme = useTheme();
  const colors: Record<KeyMetric, string> = {
    accuracy: theme.colors.primary600,
    macroF1: theme.colors.success600,
    auc: theme.colors.warning600,
  };
  const points = [...versions]
    .sort((a, b) => a.number - b.number)
    .map((v) => ({ number: v.number, metrics: keyMetrics(v) }))
    .filter((p) => KEY_METRICS.some((m) => p.metrics[m] !== null));

  if (points.length === 0) {
    return <Typography textColor="neutral600">{t('compare.chart.empty')}</Typography>;
  }
  const values = points.flatMap((p) =>
    KEY_METRICS.map((m) => p.metrics[m]).filter((v): v is number => v !== null)
  );
  const low = Math.max(0, Math.floor(Math.min(...values) * 10) / 10 - 0.05);
  const x = (i: number) =>
    PAD.left +
    20 +
    (points.length === 1
      ? (W - PAD.left - PAD.right - 40) / 2
      : (i * (W - PAD.left - PAD.right - 40)) / (points.length - 1));
  const y = (v: number) => PAD.top + ((1 - v) * (H - PAD.top - PAD.bottom)) / (1 - low);
  const ticks: number[] = [];
  for (let tick = Math.ceil(low * 10) / 10; tick <= 1.0001; tick += low < 0.5 ? 0.2 : 0.1)
    ticks.push(Math.round(tick * 10) / 10);

  return (
    <Box>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style={{ maxWidth: W, display: 'block' }}
        role="img"
        aria-label={t('compare.chart.title')}
        data-testid="metrics-chart"
      >
        <YGrid
          ticks={ticks}
          y={y}
          left={PAD.left}
          right={W - PAD.right}
          label={(tick) => intl.formatNumber(tick, { maximumFractionDigits: 2 })}
        />
        {points.map((p, i) => (
          <g key={p.number}>
            {marked.includes(p.number) && (
              <rect
                x={x(i) - 14}
                y={PAD.top}
                width={28}
                height={H - PAD.top - PAD.bottom}
                fill={theme.colors.primary100}
              />
            )}
            <text
              x={x(i)}
              y={H - 8}
              textAnchor="middle"
              fontSize="11"
              fill={theme.colors.neutral700}
              fontWeight={marked.includes(p.number) ? 700 : 400}
            >
              {t('versions.number', { number: p.number })}
            </text>
          </g>
        ))}
        {KEY_METRICS.map((metric) => {
          const line = points
            .map((p, i) =>
              p.metrics[metric] === null ? null : `${x(i)},${y(p.metrics[metric] as number)}`
            )
            .filter(Boolean);
          return (
            <g key={metric}>
              <polyline
                points={line.join(' ')}
                fill="none"
                stroke={colors[metric]}
                strokeWidth={2}
              />
              {points.map((p, i) =>
                p.metrics[metric] === null ? null : (
                  <circle
                    key={p.number}
                    cx={x(i)}
                    cy={y(p.metrics[metric] as number)}
                    r={4}
                    fill={colors[metric]}
                  >
                    <title>{`${t(`metric.${metric}`)} ${t('versions.number', { number: p.number })}: ${formatMetric(intl, metric, p.metrics[metric])}`}</title>
                  </circle>
                )
              )}
            </g>
          );
        })}
      </svg>
      <Flex gap={4} paddingTop={2} style={{ maxWidth: W }} justifyContent="center">
        {KEY_METRICS.map((metric) => (
          <Flex key={metric} gap={2}>
            <Box width="1.2rem" height="0.4rem" style={{ background: colors[metric] }} />
            <Typography variant="pi">{t(`metric.${metric}`)}</Typography>
          </Flex>
        ))}
      </Flex>
    </Box>
  );
};
