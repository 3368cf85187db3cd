import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useTheme } from 'styled-components';
import { useT } from '../../hooks/useT';
import { classRgb, rgba } from '../../utils/colors';

const ROW = 30;
const LABEL_W = 110;
const W = 560;

/** Feedback per label as horizontal bars, each in its class colour. */
export const LabelDistribution = ({
  byLabel,
  labels,
}: {
  byLabel: Record<string, number>;
  labels: string[];
}) => {
  const t = useT();
  const intl = useIntl();
  const theme = useTheme();
  // The model's classes first, in order, then any other label somebody gave.
  const names = [...labels, ...Object.keys(byLabel).filter((l) => !labels.includes(l))];
  const total = names.reduce((sum, name) => sum + (byLabel[name] ?? 0), 0);
  if (total === 0)
    return <Typography textColor="neutral600">{t('feedback.distribution.empty')}</Typography>;
  const max = Math.max(...names.map((name) => byLabel[name] ?? 0));
  const barMax = W - LABEL_W - 90;

  return (
    <svg
      viewBox={`0 0 ${W} ${names.length * ROW + 4}`}
      width="100%"
      style={{ maxWidth: W }}
      role="img"
      aria-label={t('feedback.distribution')}
      data-testid="label-distribution"
    >
      {names.map((name, i) => {
        const count = byLabel[name] ?? 0;
        const width = max ? (count / max) * barMax : 0;
        const y = i * ROW + 4;
        return (
          <g key={name}>
            <text
              x={LABEL_W - 8}
              y={y + 16}
              textAnchor="end"
              fontSize="13"
              fill={theme.colors.neutral800}
            >
              {name}
            </text>
            <rect
              x={LABEL_W}
              y={y}
              width={barMax}
              height={22}
              rx={4}
              fill={theme.colors.neutral100}
            />
            <rect
              x={LABEL_W}
              y={y}
              width={width}
              height={22}
              rx={4}
              fill={rgba(classRgb(name, labels), 0.85)}
            >
              <title>{`${name}: ${count}`}</title>
            </rect>
            <text x={LABEL_W + barMax + 8} y={y + 16} fontSize="13" fill={theme.colors.neutral700}>
              {`${intl.formatNumber(count)} · ${intl.formatNumber(count / total, { style: 'percent' })}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
};
