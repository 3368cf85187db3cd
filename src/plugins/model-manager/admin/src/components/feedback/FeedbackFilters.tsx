import {
  Button,
  Field,
  Grid,
  SingleSelect,
  SingleSelectOption,
  TextInput,
} from '@strapi/design-system';
import { FEEDBACK_SOURCES } from '../../../../shared/constants';
import type { FeedbackGiver } from '../../../../shared/contracts/feedback';
import type { FeedbackFilters as Filters } from '../../api';
import { useT } from '../../hooks/useT';

const ALL = '__all';

interface Props {
  value: Filters;
  onChange: (next: Filters) => void;
  labels: string[];
  datasets: string[];
  givers: FeedbackGiver[];
  search: string;
  onSearch: (value: string) => void;
}

/** Text search, then source, label, dataset and giver (by name) filters of the feedback table. */
export const FeedbackFilters = ({
  value,
  onChange,
  labels,
  datasets,
  givers,
  search,
  onSearch,
}: Props) => {
  const t = useT();
  const select = (
    key: 'source' | 'label' | 'dataset' | 'giver',
    options: readonly string[],
    render: (option: string) => string
  ) => (
    <Field.Root name={key}>
      <Field.Label>{t(`feedback.filter.${key}`)}</Field.Label>
      <SingleSelect
        value={value[key] ?? ALL}
        onChange={(next) =>
          onChange({ ...value, [key]: next === ALL ? undefined : String(next), page: 1 })
        }
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
  const giverName = new Map(givers.map((g) => [g.key, `${g.name} (${g.count})`]));
  return (
    <Grid.Root gap={4}>
      <Grid.Item col={12} direction="column" alignItems="stretch">
        <Field.Root name="q" hint={t('feedback.filter.search.hint')}>
          <Field.Label>{t('feedback.filter.search')}</Field.Label>
          <TextInput
            type="search"
            value={search}
            onChange={(e: { target: { value: string } }) => onSearch(e.target.value)}
          />
          <Field.Hint />
        </Field.Root>
      </Grid.Item>
      <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
        {select('source', FEEDBACK_SOURCES, (s) =>
          t(`feedback.source.${s as (typeof FEEDBACK_SOURCES)[number]}`)
        )}
      </Grid.Item>
      <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
        {select('label', labels, (l) => l)}
      </Grid.Item>
      <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
        {select('dataset', datasets, (d) => d)}
      </Grid.Item>
      <Grid.Item col={4} s={6} direction="column" alignItems="stretch">
        {select(
          'giver',
          givers.map((g) => g.key),
          (key) => giverName.get(key) ?? key
        )}
      </Grid.Item>
      <Grid.Item
        col={1}
        s={12}
        direction="column"
        alignItems="stretch"
        justifyContent="flex-end"
        paddingTop={6}
      >
        <Button
          variant="tertiary"
          onClick={() => {
            onSearch('');
            onChange({ page: 1 });
          }}
        >
          {t('feedback.filter.clear')}
        </Button>
      </Grid.Item>
    </Grid.Root>
  );
};
