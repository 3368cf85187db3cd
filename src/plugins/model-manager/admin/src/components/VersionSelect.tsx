import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import type { VersionSummary } from '../../../shared/contracts/models';
import { useT } from '../hooks/useT';

interface Props {
  label: string;
  versions: VersionSummary[];
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  /** an extra first option standing for "no version" (e.g. "production, whichever it is") */
  emptyLabel?: string;
  name: string;
}

const EMPTY = 'none';

/** Picks a version of the model: "v3 · Production". */
export const VersionSelect = ({ label, versions, value, onChange, emptyLabel, name }: Props) => {
  const t = useT();
  return (
    <Field.Root name={name}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        value={value === undefined ? (emptyLabel ? EMPTY : undefined) : String(value)}
        onChange={(next) => onChange(next === EMPTY ? undefined : Number(next))}
      >
        {emptyLabel && <SingleSelectOption value={EMPTY}>{emptyLabel}</SingleSelectOption>}
        {versions.map((v) => (
          <SingleSelectOption key={v.number} value={String(v.number)}>
            {t('versions.option', { number: v.number, status: t(`status.${v.status}`) })}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );
};
