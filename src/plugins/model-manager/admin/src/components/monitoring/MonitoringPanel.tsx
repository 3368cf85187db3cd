import {
  Button,
  Field,
  Flex,
  Grid,
  Loader,
  NumberInput,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { MonitoringDay, MonitoringThresholds } from '../../../../shared/contracts/monitoring';
import { useApi } from '../../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../../hooks/useNotifyError';
import { useResource } from '../../hooks/useResource';
import { type MessageKey, useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';
import { Card } from '../Card';
import type { PanelProps } from '../panel';
import { Unavailable } from '../Unavailable';
import { DailyChart } from './DailyChart';
import { RetrainingCard } from './RetrainingCard';

const FIGURES = ['drift', 'undecided', 'noEvidence'] as const;

/** Day by day: what the model served, how far the texts drifted, undecided answers, later labels; thresholds and alerts. */
const MonitoringPanel = ({ model, permissions }: PanelProps) => {
  const t = useT();
  const intl = useIntl();
  const api = useApi();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const { data, error, reload } = useResource(
    useCallback(() => api.monitoring(model.slug), [api, model.slug])
  );
  const [draft, setDraft] = useState<MonitoringThresholds | null>(null);
  useEffect(() => setDraft(data?.thresholds ?? null), [data?.thresholds]);

  if (error) return <Unavailable error={error} />;
  if (!data || !draft)
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>{t('common.loading')}</Loader>
      </Flex>
    );
  const days = data.days.map((d) => d.day);
  const pct = (v: number) => intl.formatNumber(v, { style: 'percent', maximumFractionDigits: 1 });
  const num = (v: number) => intl.formatNumber(v, { maximumFractionDigits: 2 });
  const maxServed = Math.max(1, ...data.days.map((d) => d.served));
  const labels = [...new Set(data.days.flatMap((d) => Object.keys(d.labels)))].sort();

  /** A share per day with its 95 % interval drawn as a band (decay, the shadow's agreement). */
  const intervalChart = (
    title: MessageKey,
    of: (day: MonitoringDay) => { value: number | null; low: number | null; high: number | null }
  ) => (
    <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
      <Card>
        <DailyChart
          title={t(title)}
          days={days}
          format={pct}
          series={[
            {
              name: t(title),
              values: data.days.map((d) => of(d).value),
              bands: data.days.map((d) => ({ low: of(d).low, high: of(d).high })),
            },
          ]}
        />
      </Card>
    </Grid.Item>
  );

  const save = async () => {
    try {
      await api.setMonitoringThresholds(model.slug, draft);
      notifySuccess(t('monitoring.saved'));
      await reload();
    } catch (e) {
      notifyError(e, 'monitoring.failed');
    }
  };

  return (
    <Grid.Root gap={6}>
      <Grid.Item col={12} direction="column" alignItems="stretch">
        <Card title={t('monitoring.title')} subtitle={t('monitoring.subtitle')}>
          <Typography textColor="neutral600" tag="p">
            {data.reference
              ? t('monitoring.reference', {
                  dataset: data.reference.dataset,
                  size: data.reference.size,
                })
              : t('monitoring.noReference')}
          </Typography>
          {data.days.length === 0 && (
            <Typography tag="p" paddingTop={2}>
              {t('monitoring.empty')}
            </Typography>
          )}
        </Card>
      </Grid.Item>
      {data.days.length > 0 && (
        <>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Card>
              <DailyChart
                title={t('monitoring.served')}
                days={days}
                max={maxServed}
                format={(v) => intl.formatNumber(v, { maximumFractionDigits: 0 })}
                series={labels.map((label) => ({
                  name: label,
                  values: data.days.map((d) => d.labels[label] ?? 0),
                }))}
              />
            </Card>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Card>
              <DailyChart
                title={t('monitoring.drift')}
                days={days}
                threshold={data.thresholds.drift}
                format={num}
                series={[{ name: t('monitoring.drift'), values: data.days.map((d) => d.drift) }]}
              />
            </Card>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Card>
              <DailyChart
                title={t('monitoring.shares')}
                days={days}
                format={pct}
                series={[
                  { name: t('monitoring.undecided'), values: data.days.map((d) => d.undecided) },
                  { name: t('monitoring.noEvidence'), values: data.days.map((d) => d.noEvidence) },
                ]}
              />
            </Card>
          </Grid.Item>
          {intervalChart('monitoring.decay', (d) => d.decay)}
          {data.days.some((d) => d.shadow.scored > 0) &&
            intervalChart('monitoring.shadow', (d) => d.shadow)}
        </>
      )}
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <Card
          title={t('monitoring.thresholds')}
          subtitle={t(
            data.thresholdsFrom === 'model'
              ? 'monitoring.thresholds.own'
              : 'monitoring.thresholds.config'
          )}
          action={
            permissions.deploy ? <Button onClick={save}>{t('monitoring.save')}</Button> : undefined
          }
        >
          <Grid.Root gap={4}>
            {([...FIGURES, 'minServed', 'minSampled'] as const).map((key) => (
              <Grid.Item key={key} col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root name={key} hint={t(`monitoring.hint.${key}` as MessageKey)}>
                  <Field.Label>{t(`monitoring.${key}` as MessageKey)}</Field.Label>
                  <NumberInput
                    value={draft[key] ?? undefined}
                    disabled={!permissions.deploy}
                    step={key.startsWith('min') ? 1 : 0.05}
                    onValueChange={(value: number | undefined) =>
                      setDraft(
                        (d) => d && { ...d, [key]: value ?? (key.startsWith('min') ? 1 : null) }
                      )
                    }
                  />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
            ))}
          </Grid.Root>
        </Card>
      </Grid.Item>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <Card title={t('monitoring.alerts')} subtitle={t('monitoring.alerts.subtitle')}>
          {data.alerts.length === 0 ? (
            <Typography>{t('monitoring.alerts.none')}</Typography>
          ) : (
            <Table colCount={4} rowCount={data.alerts.length + 1}>
              <Thead>
                <Tr>
                  <Th>{t('monitoring.alerts.when')}</Th>
                  <Th>{t('monitoring.alerts.figure')}</Th>
                  <Th>{t('monitoring.alerts.value')}</Th>
                  <Th>{t('monitoring.alerts.threshold')}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.alerts.map((a) => (
                  <Tr key={`${a.day}-${a.metric}`}>
                    <Td>
                      <Typography>{formatDateTime(intl, a.at)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{t(`monitoring.${a.metric}` as MessageKey)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{num(a.value)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{num(a.threshold)}</Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Card>
      </Grid.Item>
      <Grid.Item col={12} direction="column" alignItems="stretch">
        <RetrainingCard model={model} permissions={permissions} />
      </Grid.Item>
    </Grid.Root>
  );
};

export default MonitoringPanel;
