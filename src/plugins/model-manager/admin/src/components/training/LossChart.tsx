import { Box, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useTheme } from 'styled-components';
import { useT } from '../../hooks/useT';

const W = 560;
const H = 160;
const PAD = { left: 56, right: 12, top: 10, bottom: 28 };

/** The optimiser's loss per iteration (the run's own figures), drawn as it arrives. */
export const LossChart = ({ curve }: { curve: Array<[number, number]> }) => {
  const t = useT();
  const intl = useIntl();
  const theme = useTheme();
  if (curve.length < 2) return null;
  const [xs, ys] = [curve.map(([x]) => x), curve.map(([, y]) => y)];
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => PAD.top + (1 - (y - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  const path = curve
    .map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
    .join(' ');
  const fmt = (y: number) => intl.formatNumber(y, { maximumSignificantDigits: 4 });
  const last = curve[curve.length - 1];
  return (
    <Box>
      <Typography variant="sigma" textColor="neutral600">
        {t('training.loss.title', { iteration: last[0], loss: fmt(last[1]) })}
      </Typography>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style={{ maxWidth: W }}
        role="img"
        aria-label={t('training.loss.title', { iteration: last[0], loss: fmt(last[1]) })}
        data-testid="loss-chart"
      >
        <line
          x1={PAD.left}
          y1={H - PAD.bottom}
          x2={W - PAD.right}
          y2={H - PAD.bottom}
          stroke={theme.colors.neutral300}
        />
        <line
          x1={PAD.left}
          y1={PAD.top}
          x2={PAD.left}
          y2={H - PAD.bottom}
          stroke={theme.colors.neutral300}
        />
        <text
          x={PAD.left - 6}
          y={PAD.top + 10}
          textAnchor="end"
          fontSize="11"
          fill={theme.colors.neutral600}
        >
          {fmt(y1)}
        </text>
        <text
          x={PAD.left - 6}
          y={H - PAD.bottom}
          textAnchor="end"
          fontSize="11"
          fill={theme.colors.neutral600}
        >
          {fmt(y0)}
        </text>
        <text x={PAD.left} y={H - 8} fontSize="11" fill={theme.colors.neutral600}>
          {x0}
        </text>
        <text
          x={W - PAD.right}
          y={H - 8}
          textAnchor="end"
          fontSize="11"
          fill={theme.colors.neutral600}
        >
          {t('training.loss.iterations', { count: x1 })}
        </text>
        <path d={path} fill="none" stroke={theme.colors.primary600} strokeWidth={2} />
      </svg>
    </Box>
  );
};
