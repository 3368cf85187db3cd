import { Box, Field, Flex, Typography } from '@strapi/design-system';
import { useCallback, useState } from 'react';
import { useIntl } from 'react-intl';
import { useApi } from '../../hooks/useApi';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';

/** `YYYY-MM-DDTHH:mm` in local time, as a datetime-local input wants it. */
const toLocalInput = (date: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

/**
 * "Which version served at time T?", answered by the server from the deployment history.
 * `revision` changes when the model's serving changed, so the answer is asked again.
 */
export const ServedAtLookup = ({ slug, revision }: { slug: string; revision: unknown }) => {
  const t = useT();
  const intl = useIntl();
  const api = useApi();
  const [value, setValue] = useState(() => toLocalInput(new Date()));
  const { data: state } = useResource(
    useCallback(() => {
      const at = new Date(value);
      // The input has minute precision: the whole chosen minute counts.
      return Number.isNaN(at.getTime()) ? Promise.resolve(null) : api.servedAt(slug, new Date(at.getTime() + 59_999));
    }, [api, slug, value, revision])
  );
  const since = state?.champion?.at ?? null;

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
            {state.champion === null ? t('audit.servedAt.none') : t('audit.servedAt.production', { number: state.champion.version })}
          </Typography>
          {state.challengers.length > 0 && (
            <Typography tag="p" textColor="neutral700">
              {t('audit.servedAt.challengers', { list: state.challengers.map((c) => t('versions.number', { number: c.version })).join(', ') })}
            </Typography>
          )}
          {since && (
            <Typography tag="p" variant="pi" textColor="neutral600">
              {t('audit.servedAt.since', { at: formatDateTime(intl, since) })}
            </Typography>
          )}
        </Box>
      )}
    </Flex>
  );
};
