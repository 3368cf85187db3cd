import { Button, Field, Grid, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { FEEDBACK_SOURCES } from '../../../../shared/constants';
import type { FeedbackFilters as Filters } from '../../api';
import { useT } from '../../hooks/useT';

const ALL = '__all';

interface Props {
  value: Filters;
  onChange: (next: Filters) => void;
  labels: string[];
  datasets: string[];
  giver: string;
  onGiver: (value: string) => void;
}

/** Source, label, dataset and giver filters of the feedback table. */
export const FeedbackFilters = ({ value, onChange, labels, datasets, giver, onGiver }: Props) => {
  const t = useT();
  const select = (key: 'source' | 'label' | 'dataset', options: readonly string[], render: (option: string) => string) => (
    <Field.Root name={key}>
      <Field.Label>{t(`feedback.filter.${key}`)}</Field.Label>
      <SingleSelect
        value={value[key] ?? ALL}
        onChange={(next) => onChange({ ...value, [key]: next === ALL ? undefined : String(next), page: 1 })}
      >
        <SingleSelectOption value={ALL}>{t('feedback.filter.all')}</SingleSelectOption>
        {options.map((option) => (
          <SingleSelectOption key={option} value={option}>
            {render(option)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );
  return (
    <Grid.Root gap={4}>
      <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
        {select('source', FEEDBACK_SOURCES, (s) => t(`feedback.source.${s as (typeof FEEDBACK_SOURCES)[number]}`))}
      </Grid.Item>
      <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
        {select('label', labels, (l) => l)}
      </Grid.Item>
      <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
        {select('dataset', datasets, (d) => d)}
      </Grid.Item>
      <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
        <Field.Root name="giver" hint={t('feedback.filter.giver.hint')}>
          <Field.Label>{t('feedback.filter.giver')}</Field.Label>
          <TextInput value={giver} onChange={(e: { target: { value: string } }) => onGiver(e.target.value)} />
        </Field.Root>
      </Grid.Item>
      <Grid.Item col={1} s={12} direction="column" alignItems="stretch" justifyContent="flex-end" paddingTop={6}>
        <Button
          variant="tertiary"
          onClick={() => {
            onGiver('');
            onChange({ page: 1 });
          }}
        >
          {t('feedback.filter.clear')}
        </Button>
      </Grid.Item>
    </Grid.Root>
  );
};
