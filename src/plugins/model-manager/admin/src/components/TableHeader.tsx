import { Th, Thead, Tr, Typography } from '@strapi/design-system';
import { type MessageKey, useT } from '../hooks/useT';

/** The header row every plugin table shares: one translated, sigma-styled cell per column. */
export const TableHeader = ({ columns }: { columns: readonly MessageKey[] }) => {
  const t = useT();
  return (
    <Thead>
      <Tr>
        {columns.map((key) => (
          <Th key={key}>
            <Typography variant="sigma">{t(key)}</Typography>
          </Th>
        ))}
      </Tr>
    </Thead>
  );
};
