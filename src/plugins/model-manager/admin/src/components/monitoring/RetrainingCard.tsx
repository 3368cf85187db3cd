import {
  Button,
  Field,
  Flex,
  Grid,
  NumberInput,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Toggle,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { RetrainingPolicy } from '../../../../shared/contracts/retraining';
import { useApi } from '../../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../../hooks/useNotifyError';
import { useResource } from '../../hooks/useResource';
import { type MessageKey, useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';
import { Card } from '../Card';
import type { PanelProps } from '../panel';
import { Unavailable } from '../Unavailable';

/** The retraining policy: its triggers, a check on demand, and what it last decided. */
export const RetrainingCard = ({
  model,
  permissions,
}: Pick<PanelProps, 'model' | 'permissions'>) => {
  const t = useT();
  const intl = useIntl();
  const api = useApi();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const { data, error, reload } = useResource(
    useCallback(() => api.retraining(model.slug), [api, model.slug])
  );
  const [draft, setDraft] = useState<RetrainingPolicy | null>(null);
  useEffect(() => setDraft(data?.policy ?? null), [data?.policy]);
  if (error) return <Unavailable error={error} />;
  if (!data || !draft) return null;
  const editable = permissions.train;

  const save = async () => {
    try {
      await api.setRetraining(model.slug, draft);
      notifySuccess(t('retraining.saved'));
      await reload();
    } catch (e) {
      notifyError(e, 'retraining.failed');
    }
  };
  const check = async () => {
    try {
      const { decision } = await api.checkRetraining(model.slug);
      notifySuccess(
        decision ? t(`retraining.outcome.${decision.outcome}`) : t('retraining.nothingFired')
      );
      await reload();
    } catch (e) {
      notifyError(e, 'retraining.failed');
    }
  };

  return (
    <Card
      title={t('retraining.title')}
      subtitle={t('retraining.subtitle', {
        since: formatDateTime(intl, data.since),
        labels: data.newLabels,
      })}
      action={
        editable ? (
          <Flex gap={2}>
            <Button variant="secondary" onClick={check}>
              {t('retraining.check')}
            </Button>
            <Button onClick={save}>{t('retraining.save')}</Button>
          </Flex>
        ) : undefined
      }
    >
      <Grid.Root gap={4}>
        {(['enabled', 'onAlert'] as const).map((key) => (
          <Grid.Item key={key} col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name={key} hint={t(`retraining.hint.${key}` as MessageKey)}>
              <Field.Label>{t(`retraining.${key}` as MessageKey)}</Field.Label>
              <Toggle
                checked={draft[key]}
                disabled={!editable}
                onChange={(e: { target: { checked: boolean } }) =>
                  setDraft((d) => d && { ...d, [key]: e.target.checked })
                }
                onLabel={t('common.on')}
                offLabel={t('common.off')}
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
        ))}
        {(['newLabels', 'everyHours'] as const).map((key) => (
          <Grid.Item key={key} col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name={key} hint={t(`retraining.hint.${key}` as MessageKey)}>
              <Field.Label>{t(`retraining.${key}` as MessageKey)}</Field.Label>
              <NumberInput
                value={draft[key] ?? undefined}
                disabled={!editable}
                step={1}
                onValueChange={(value: number | undefined) =>
                  setDraft((d) => d && { ...d, [key]: value ?? null })
                }
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
        ))}
      </Grid.Root>
      <Typography tag="h3" variant="delta" paddingTop={4} paddingBottom={2}>
        {t('retraining.decisions')}
      </Typography>
      {data.decisions.length === 0 ? (
        <Typography>{t('retraining.decisions.none')}</Typography>
      ) : (
        <Table colCount={4} rowCount={data.decisions.length + 1}>
          <Thead>
            <Tr>
              <Th>{t('retraining.decisions.when')}</Th>
              <Th>{t('retraining.decisions.trigger')}</Th>
              <Th>{t('retraining.decisions.outcome')}</Th>
              <Th>{t('retraining.decisions.detail')}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {data.decisions.map((d) => (
              <Tr key={`${d.at}-${d.trigger}-${d.outcome}`}>
                <Td>
                  <Typography>{formatDateTime(intl, d.at)}</Typography>
                </Td>
                <Td>
                  <Typography>{t(`retraining.trigger.${d.trigger}` as MessageKey)}</Typography>
                </Td>
                <Td>
                  <Typography>{t(`retraining.outcome.${d.outcome}` as MessageKey)}</Typography>
                </Td>
                <Td>
                  <Typography>{d.detail}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Card>
  );
};
