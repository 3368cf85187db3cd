import { Field, Textarea } from '@strapi/design-system';

/** A free-text reason for an action, which the server keeps with it in the audit. */
export const ReasonField = ({
  name,
  label,
  hint,
  value,
  onChange,
  required = false,
}: {
  name: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
}) => (
  <Field.Root name={name} hint={hint} required={required}>
    <Field.Label>{label}</Field.Label>
    <Textarea
      value={value}
      onChange={(e: { target: { value: string } }) => onChange(e.target.value)}
      maxLength={2000}
    />
    <Field.Hint />
  </Field.Root>
);
