import { Box, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';
import { useT } from '../../hooks/useT';

const Grid = styled.table`
  border-collapse: separate;
  border-spacing: 2px;
  th {
    font-weight: 600;
    font-size: 1.2rem;
    color: ${({ theme }) => theme.colors.neutral600};
    padding: 4px 8px;
  }
  td {
    min-width: 88px;
    height: 52px;
    padding: 4px 8px;
    text-align: center;
    font-variant-numeric: tabular-nums;
    border-radius: 4px;
    color: ${({ theme }) => theme.colors.neutral800};
  }
`;

/**
 * Rows: true label, columns: predicted. Each cell: its share of the true class (recall on the
 * diagonal, error rates off it) and the count; shaded by that share (green right, red wrong).
 */
export const ConfusionMatrix = ({
  title,
  labels,
  matrix,
}: {
  title: string;
  labels: string[];
  matrix: number[][];
}) => {
  const t = useT();
  const intl = useIntl();
  return (
    <Box>
      <Typography variant="sigma" textColor="neutral600">
        {title}
      </Typography>
      <Grid aria-label={title}>
        <thead>
          <tr>
            <th>{t('compare.confusion.corner')}</th>
            {labels.map((label) => (
              <th key={label} scope="col">
                {label}
              </th>
            ))}
            <th scope="col">{t('compare.confusion.total')}</th>
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const count = row.reduce((sum, n) => sum + n, 0);
            const total = count || 1;
            return (
              <tr key={labels[i]}>
                <th scope="row">{labels[i]}</th>
                {row.map((cell, j) => {
                  const share = cell / total;
                  const rgb = i === j ? '22, 163, 74' : '220, 38, 38';
                  return (
                    <td
                      key={labels[j]}
                      style={{ background: `rgba(${rgb}, ${0.08 + 0.5 * share})` }}
                      data-testid="confusion-cell"
                    >
                      <strong>
                        {intl.formatNumber(share, { style: 'percent', maximumFractionDigits: 1 })}
                      </strong>
                      <br />
                      <span style={{ fontSize: '1.1rem' }}>{intl.formatNumber(cell)}</span>
                    </td>
                  );
                })}
                <td>{intl.formatNumber(count)}</td>
              </tr>
            );
          })}
        </tbody>
      </Grid>
    </Box>
  );
};
