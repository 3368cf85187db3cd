import { Badge } from '@strapi/design-system';
import { type ReactNode } from 'react';
import { Card } from '../Card';
import { useT } from '../../hooks/useT';

/** A section the system built: marked as evidence so a reader knows nobody typed it. */
const Evidence = ({ title, children }: { title: string; children: ReactNode }) => {
  const t = useT();
  return (
    <Card title={title} action={<Badge>{t('card.evidence')}</Badge>}>
      {children}
    </Card>
  );
};

export { Evidence };
