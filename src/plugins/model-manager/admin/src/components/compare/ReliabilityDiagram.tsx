import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useTheme } from 'styled-components';
import type { ReliabilityBin } from '../../../../shared/contracts/compare';
import { useT } from '../../hooks/useT';
import { formatMetric } from '../../utils/format';

const SIZE = 320;
const PAD = { top: 12, right: 12, bottom: 40, left: 48 };
const PLOT = SIZE - PAD.left - PAD.right;
const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

export interface ReliabilitySeries {
  key: string;
  name: string;
  bins: ReliabilityBin[];
  ece: number | null;
}

/**
 * Accuracy against mean confidence in each of the 10 confidence bins, one line per version; the
 * diagonal is perfect calibration. A dot's area follows its bin's share of the rows.
 */
export const ReliabilityDiagram = ({ series }: { series: ReliabilitySeries[] }) => {
  const t = useT();
  const intl = useIntl();
  const theme = useTheme();
  const palette = [theme.colors.primary600, theme.colors.warning600];
  const x = (v: number) => PAD.left + v * PLOT;
  const y = (v: number) => PAD.top + (1 - v) * PLOT;
  const drawable = series.filter((s) => s.bins.length > 0);
  if (!drawable.length)
    return <Typography textColor="neutral600">{t('compare.reliability.none')}</Typography>;

  return (
    <Box>
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        width="100%"
        style={{ maxWidth: SIZE, display: 'block' }}
        role="img"
        aria-label={t('compare.reliability.title')}
        data-testid="reliability-diagram"
      >
        {TICKS.map((tick) => (
          <g key={tick}>
            <line x1={x(0)} x2={x(1)} y1={y(tick)} y2={y(tick)} stroke={theme.colors.neutral150} />
            <line x1={x(tick)} x2={x(tick)} y1={y(0)} y2={y(1)} stroke={theme.colors.neutral150} />
            <text
              x={x(0) - 6}
              y={y(tick) + 4}
              textAnchor="end"
              fontSize="11"
              fill={theme.colors.neutral600}
            >
              {intl.formatNumber(tick)}
            </text>
            <text
              x={x(tick)}
              y={y(0) + 16}
              textAnchor="middle"
              fontSize="11"
              fill={theme.colors.neutral600}
            >
              {intl.formatNumber(tick)}
            </text>
          </g>
        ))}
        <line
          x1={x(0)}
          y1={y(0)}
          x2={x(1)}
          y2={y(1)}
          stroke={theme.colors.neutral500}
          strokeDasharray="4 4"
        />
        <text
          x={x(0.5)}
          y={SIZE - 6}
          textAnchor="middle"
          fontSize="11"
          fill={theme.colors.neutral700}
        >
          {t('compare.reliability.confidence')}
        </text>
        <text
          x={12}
          y={y(0.5)}
          textAnchor="middle"
          fontSize="11"
          fill={theme.colors.neutral700}
          transform={`rotate(-90 12 ${y(0.5)})`}
        >
          {t('compare.reliability.accuracy')}
        </text>
        {drawable.map((s, k) => {
          const total = s.bins.reduce((n, b) => n + b.count, 0) || 1;
          const filled = s.bins.filter(
            (b) => b.count > 0 && b.confidence !== null && b.accuracy !== null
          );
          return (
            <g key={s.key} data-testid={`reliability-${s.key}`}>
              <polyline
                points={filled
                  .map((b) => `${x(b.confidence as number)},${y(b.accuracy as number)}`)
                  .join(' ')}
                fill="none"
                stroke={palette[k % palette.length]}
                strokeWidth={2}
              />
              {filled.map((b) => (
                <circle
                  key={b.lower}
                  cx={x(b.confidence as number)}
                  cy={y(b.accuracy as number)}
                  r={2 + 8 * Math.sqrt(b.count / total)}
                  fill={palette[k % palette.length]}
                  fillOpacity={0.6}
                >
                  <title>
                    {t('compare.reliability.bin', {
                      name: s.name,
                      lower: intl.formatNumber(b.lower),
                      upper: intl.formatNumber(b.upper),
                      count: b.count,
                      confidence: formatMetric(intl, 'accuracy', b.confidence),
                      accuracy: formatMetric(intl, 'accuracy', b.accuracy),
                    })}
                  </title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <Flex gap={4} paddingTop={2} style={{ maxWidth: SIZE }} justifyContent="center" wrap="wrap">
        {drawable.map((s, k) => (
          <Flex key={s.key} gap={2}>
            <Box
              width="1.2rem"
              height="0.4rem"
              style={{ background: palette[k % palette.length] }}
            />
            <Typography variant="pi">
              {t('compare.reliability.legend', {
                name: s.name,
                ece: formatMetric(intl, 'ece', s.ece),
              })}
            </Typography>
          </Flex>
        ))}
      </Flex>
    </Box>
  );
};
