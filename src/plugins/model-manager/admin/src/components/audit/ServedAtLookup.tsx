import { Box, Field, Flex, Typography } from '@strapi/design-system';
import { useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import type { AuditEvent } from '../../../../shared/contracts/versions';
import { useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';
import { servingAt } from '../../utils/servedAt';

/** `YYYY-MM-DDTHH:mm` in local time, as a datetime-local input wants it. */
const toLocalInput = (date: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

/** "Which version served at time T?", answered from the audit trail in the browser. */
export const ServedAtLookup = ({ events }: { events: AuditEvent[] }) => {
  const t = useT();
  const intl = useIntl();
  const [value, setValue] = useState(() => toLocalInput(new Date()));
  // The input has minute precision: the whole chosen minute counts.
  const state = useMemo(() => {
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? null : servingAt(events, new Date(at.getTime() + 59_999));
  }, [events, value]);

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Field.Root name="servedAt" hint={t('audit.servedAt.hint')}>
        <Field.Label>{t('audit.servedAt.label')}</Field.Label>
        <Field.Input type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} data-testid="served-at-input" />
        <Field.Hint />
      </Field.Root>
      {state && (
        <Box background="neutral100" padding={4} hasRadius data-testid="served-at-answer">
          <Typography fontWeight="bold">
            {state.production === null ? t('audit.servedAt.none') : t('audit.servedAt.production', { number: state.production })}
          </Typography>
          {state.challengers.length > 0 && (
            <Typography tag="p" textColor="neutral700">
              {t('audit.servedAt.challengers', { list: state.challengers.map((number) => t('versions.number', { number })).join(', ') })}
            </Typography>
          )}
          {state.since && (
            <Typography tag="p" variant="pi" textColor="neutral600">
              {t('audit.servedAt.since', { at: formatDateTime(intl, state.since) })}
            </Typography>
          )}
        </Box>
      )}
    </Flex>
  );
};
