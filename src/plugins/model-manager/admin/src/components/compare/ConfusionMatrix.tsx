import { Box, Typography } from '@strapi/design-system';
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
    min-width: 64px;
    height: 44px;
    text-align: center;
    font-variant-numeric: tabular-nums;
    border-radius: 4px;
    color: ${({ theme }) => theme.colors.neutral800};
  }
`;

/** Rows: true label, columns: predicted; shaded by the share of each true class (green right, red wrong). */
export const ConfusionMatrix = ({ title, labels, matrix }: { title: string; labels: string[]; matrix: number[][] }) => {
  const t = useT();
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
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const total = row.reduce((sum, n) => sum + n, 0) || 1;
            return (
              <tr key={labels[i]}>
                <th scope="row">{labels[i]}</th>
                {row.map((count, j) => {
                  const share = count / total;
                  const rgb = i === j ? '22, 163, 74' : '220, 38, 38';
                  return (
                    <td key={labels[j]} style={{ background: `rgba(${rgb}, ${0.08 + 0.5 * share})` }} title={`${Math.round(share * 100)}%`}>
                      {count}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </Grid>
    </Box>
  );
};
