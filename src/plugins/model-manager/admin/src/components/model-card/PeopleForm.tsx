import { Button, Field, Grid, Textarea, Typography } from '@strapi/design-system';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { PEOPLE_FIELDS, type PeopleField } from '../../../../shared/constants';
import type { ModelCard } from '../../../../shared/contracts/card';
import { Card } from '../Card';
import { type MessageKey, useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';

/** What people know about the version: four texts, saved together, audited by the server. */
const PeopleForm = ({
  card,
  canEdit,
  onSave,
}: {
  card: ModelCard;
  canEdit: boolean;
  onSave: (data: Record<PeopleField, string>) => Promise<void>;
}) => {
  const t = useT();
  const intl = useIntl();
  const initial = () =>
    Object.fromEntries(PEOPLE_FIELDS.map((f) => [f, card.people[f] ?? ''])) as Record<
      PeopleField,
      string
    >;
  const [draft, setDraft] = useState(initial);
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(initial()), [card.people]); // eslint-disable-line react-hooks/exhaustive-deps
  const people = card.people;
  return (
    <Card
      title={t('card.people')}
      subtitle={t('card.people.subtitle')}
      action={
        canEdit ? (
          <Button
            loading={saving}
            onClick={async () => {
              setSaving(true);
              await onSave(draft).finally(() => setSaving(false));
            }}
          >
            {t('card.people.save')}
          </Button>
        ) : undefined
      }
    >
      <Typography textColor="neutral600" tag="p">
        {people.updatedBy
          ? t('card.people.by', {
              name: people.updatedBy.name,
              at: formatDateTime(intl, people.updatedAt),
            })
          : t('card.people.none')}
      </Typography>
      <Grid.Root gap={4} paddingTop={4}>
        {PEOPLE_FIELDS.map((field) => (
          <Grid.Item key={field} col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name={field} style={{ width: '100%' }}>
              <Field.Label>{t(`card.people.${field}` as MessageKey)}</Field.Label>
              <Textarea
                value={draft[field]}
                disabled={!canEdit}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) =>
                  setDraft((d) => ({ ...d, [field]: e.target.value }))
                }
              />
            </Field.Root>
          </Grid.Item>
        ))}
      </Grid.Root>
    </Card>
  );
};

export { PeopleForm };
