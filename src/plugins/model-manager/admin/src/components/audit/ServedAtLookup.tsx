import { Box, DateTimePicker, Field, Flex, Typography } from '@strapi/design-system';
import { useCallback, useState } from 'react';
import { useIntl } from 'react-intl';
import { useApi } from '../../hooks/useApi';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';

/**
 * "Which version served at time T?", answered by the server from the deployment history.
 * `revision` changes when the model's serving changed, so the answer is asked again.
 */
export const ServedAtLookup = ({ slug, revision }: { slug: string; revision: unknown }) => {
  const t = useT();
  const intl = useIntl();
  const api = useApi();
  const [value, setValue] = useState<Date | undefined>(() => new Date());
  const { data: state } = useResource(
    useCallback(() => {
      if (!value) return Promise.resolve(null);
      // The picker has minute precision: the whole chosen minute counts.
      const minute = new Date(value);
      minute.setSeconds(0, 0);
      return api.servedAt(slug, new Date(minute.getTime() + 59_999));
      // eslint-disable-next-line react-hooks/exhaustive-deps -- `revision` asks again after a promotion
    }, [api, slug, value, revision])
  );
  const since = state?.champion?.at ?? null;

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Field.Root name="servedAt" hint={t('audit.servedAt.hint')}>
        <Field.Label>{t('audit.servedAt.label')}</Field.Label>
        <DateTimePicker
          value={value ?? null}
          onChange={setValue}
          dateLabel={t('audit.servedAt.date')}
          timeLabel={t('audit.servedAt.time')}
          data-testid="served-at-input"
        />
        <Field.Hint />
      </Field.Root>
      {state && (
        <Box background="neutral100" padding={4} hasRadius data-testid="served-at-answer">
          <Typography fontWeight="bold">
            {state.champion === null
              ? t('audit.servedAt.none')
              : t('audit.servedAt.production', { number: state.champion.version })}
          </Typography>
          {state.challengers.length > 0 && (
            <Typography tag="p" textColor="neutral700">
              {t('audit.servedAt.challengers', {
                list: state.challengers
                  .map((c) => t('versions.number', { number: c.version }))
                  .join(', '),
              })}
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
