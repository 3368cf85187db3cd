import {
  Box,
  Button,
  Field as FormField,
  Flex,
  Grid,
  Link,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { NavLink, useNavigate, useParams } from 'react-router-dom';
import { AuditTimeline } from '../components/audit/AuditTimeline';
import { Card } from '../components/Card';
import { StatusBadge } from '../components/StatusBadge';
import { VersionActions } from '../components/versions/VersionActions';
import { useApi } from '../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../hooks/useNotifyError';
import { usePermissions } from '../hooks/usePermissions';
import { useResource } from '../hooks/useResource';
import { type MessageKey, useT } from '../hooks/useT';
import { PLUGIN_ID } from '../pluginId';
import { readServerError } from '../utils/errors';
import { saveBlob } from '../utils/download';
import { formatBytes, formatDateTime, formatMetric } from '../utils/format';
import { KEY_METRICS, keyMetrics } from '../utils/metrics';

const Field = ({
  label,
  children,
  testId,
}: {
  label: string;
  children: React.ReactNode;
  testId?: string;
}) => (
  <Flex direction="column" alignItems="flex-start" gap={1} data-testid={testId}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Box style={{ wordBreak: 'break-all' }}>{children}</Box>
  </Flex>
);

const text = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '—'
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/** One version, MLflow-registry style: who and when, the artifact, its signature and lineage, metrics, notes and its audit. */
const VersionPage = () => {
  const { slug = '', number: numberParam = '' } = useParams();
  const number = Number(numberParam);
  const t = useT();
  const intl = useIntl();
  const api = useApi();
  const permissions = usePermissions();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const {
    data: version,
    error,
    reload,
  } = useResource(useCallback(() => api.versionDetails(slug, number), [api, slug, number]));
  const model = useResource(useCallback(() => api.getModel(slug), [api, slug]));
  const navigate = useNavigate();
  const [notes, setNotes] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => setNotes(version?.notes ?? ''), [version?.notes]);

  if (error) {
    const server = readServerError(error);
    return <Page.Error content={server.message ?? ''} />;
  }
  if (!version || permissions.isLoading) return <Page.Loading />;
  const modelUrl = `/plugins/${PLUGIN_ID}/models/${slug}`;
  const production = model.data?.production?.number ?? null;
  const evaluatedOn = (version.metrics as { dataset?: string } | null)?.dataset;

  const signature = (version.signature ?? {}) as {
    inputs?: Array<{ name: string; type?: string; shape?: unknown }>;
    outputs?: Array<{ name: string; type?: string; shape?: unknown }>;
    classLabels?: string[];
  };
  const lineage = (version.lineage ?? {}) as Record<string, unknown>;
  const metrics = keyMetrics(version);
  const io = (list: typeof signature.inputs) =>
    list?.length
      ? list.map((p) => `${p.name}: ${p.type ?? '?'} ${JSON.stringify(p.shape ?? [])}`).join(', ')
      : '—';

  const download = async () => {
    try {
      const blob = await api.downloadArtifact(slug, number);
      saveBlob(blob, `${slug}-v${number}.onnx`);
    } catch (e) {
      notifyError(e, 'version.download.failed');
    }
  };
  const saveNotes = async () => {
    setSaving(true);
    try {
      await api.updateNotes(slug, number, notes);
      notifySuccess(t('version.notes.saved'));
      await reload();
    } catch (e) {
      notifyError(e, 'version.notes.failed');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Layouts.Root>
      <Page.Title>{`${slug} v${number}`}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={`/plugins/${PLUGIN_ID}/models/${slug}/versions`} />}
        title={t('version.title', { slug, number })}
        subtitle={
          <Flex gap={2} paddingTop={1}>
            <StatusBadge status={version.status} trafficShare={version.trafficShare} />
            <Typography textColor="neutral600">
              {t(`source.${version.source}` as MessageKey)}
            </Typography>
            <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}/models/${slug}/versions/${number}/card`}>
              {t('card.open')}
            </Link>
          </Flex>
        }
        primaryAction={
          <Flex gap={2} alignItems="center">
            {permissions.read && (
              <Button variant="tertiary" startIcon={<Download />} onClick={download}>
                {t('version.download')}
              </Button>
            )}
            <VersionActions
              data-testid="version-actions"
              slug={slug}
              version={version}
              permissions={permissions}
              onDone={async () => void (await Promise.all([reload(), model.reload()]))}
              onCompare={(candidate, champion) =>
                navigate(`${modelUrl}/compare?candidate=${candidate}&baseline=${champion}`)
              }
            />
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Card title={t('version.overview')}>
            <Grid.Root gap={5}>
              <Grid.Item col={4} s={12}>
                <Field label={t('version.number')}>
                  <Typography>v{version.number}</Typography>
                </Field>
              </Grid.Item>
              <Grid.Item col={4} s={12}>
                <Field label={t('version.created')}>
                  <Typography>
                    {version.createdByActor?.name ?? '—'} ·{' '}
                    {formatDateTime(intl, version.createdAt)}
                  </Typography>
                </Field>
              </Grid.Item>
              <Grid.Item col={4} s={12}>
                <Field label={t('version.reviewed')}>
                  <Typography>
                    {version.reviewedByActor
                      ? `${version.reviewedByActor.name} · ${formatDateTime(intl, version.reviewedAt)}`
                      : '—'}
                  </Typography>
                </Field>
              </Grid.Item>
              <Grid.Item col={4} s={12}>
                <Field label={t('version.promoted')}>
                  <Typography>{formatDateTime(intl, version.promotedAt)}</Typography>
                </Field>
              </Grid.Item>
              <Grid.Item col={8} s={12}>
                <Field label={t('version.reviewComment')}>
                  <Typography>{text(version.reviewComment)}</Typography>
                </Field>
              </Grid.Item>
            </Grid.Root>
          </Card>
          <Card title={t('version.artifact')}>
            <Grid.Root gap={5}>
              <Grid.Item col={8} s={12}>
                <Field label={t('version.hash')} testId="version-hash">
                  <Typography fontWeight="bold">{version.artifactHash}</Typography>
                </Field>
              </Grid.Item>
              <Grid.Item col={4} s={12}>
                <Field label={t('version.size')}>
                  <Typography>{formatBytes(intl, version.artifactSize)}</Typography>
                </Field>
              </Grid.Item>
              <Grid.Item col={6} s={12}>
                <Field label={t('version.inputs')}>
                  <Typography>{io(signature.inputs)}</Typography>
                </Field>
              </Grid.Item>
              <Grid.Item col={6} s={12}>
                <Field label={t('version.outputs')}>
                  <Typography>{io(signature.outputs)}</Typography>
                </Field>
              </Grid.Item>
              <Grid.Item col={12}>
                <Field label={t('version.classes')} testId="version-classes">
                  <Typography>{signature.classLabels?.join(', ') ?? '—'}</Typography>
                </Field>
              </Grid.Item>
            </Grid.Root>
          </Card>
          <Card title={t('version.lineage')}>
            <Grid.Root gap={5}>
              <Grid.Item col={4} s={12}>
                <Field label={t('version.trainingRun')}>
                  {typeof lineage.trainingRun === 'string' ? (
                    <Link
                      tag={NavLink}
                      to={`${modelUrl}/training?run=${lineage.trainingRun}`}
                      data-testid="version-run-link"
                    >
                      {t('version.trainingRun.open')}
                    </Link>
                  ) : (
                    <Typography>—</Typography>
                  )}
                </Field>
              </Grid.Item>
              <Grid.Item col={4} s={12}>
                <Field label={t('version.dataset')}>
                  <Typography>{text(lineage.datasetHash)}</Typography>
                </Field>
              </Grid.Item>
              <Grid.Item col={4} s={12}>
                <Field label={t('version.datasetSize')}>
                  <Typography>{text(lineage.datasetSize)}</Typography>
                </Field>
              </Grid.Item>
              <Grid.Item col={4} s={12}>
                <Field label={t('version.evaluatedOn')}>
                  {evaluatedOn ? (
                    <Link tag={NavLink} to={`${modelUrl}/feedback`}>
                      {evaluatedOn}
                    </Link>
                  ) : (
                    <Typography>—</Typography>
                  )}
                </Field>
              </Grid.Item>
              <Grid.Item col={4} s={12}>
                <Field label={t('version.fileName')}>
                  <Typography>{text(lineage.fileName)}</Typography>
                </Field>
              </Grid.Item>
              <Grid.Item col={8} s={12}>
                <Field label={t('version.parameters')}>
                  <Typography>{text(lineage.parameters)}</Typography>
                </Field>
              </Grid.Item>
            </Grid.Root>
          </Card>
          <Card
            title={t('version.metrics')}
            subtitle={
              version.metrics
                ? t('version.metrics.on', {
                    dataset: text((version.metrics as { dataset?: string }).dataset),
                    size: text((version.metrics as { size?: number }).size),
                  })
                : t('version.metrics.none')
            }
            action={
              <Link tag={NavLink} to={`${modelUrl}/compare?candidate=${number}`}>
                {production !== null && production !== number
                  ? t('version.compare.production', { number: production })
                  : t('version.compare')}
              </Link>
            }
          >
            <Flex gap={8} data-testid="version-metrics">
              {KEY_METRICS.map((metric) => (
                <Field key={metric} label={t(`metric.${metric}` as MessageKey)}>
                  <Typography variant="beta">
                    {formatMetric(intl, metric, metrics[metric])}
                  </Typography>
                </Field>
              ))}
            </Flex>
          </Card>
          <Card
            title={t('version.notes')}
            action={
              permissions.upload ? (
                <Button
                  onClick={saveNotes}
                  loading={saving}
                  disabled={notes === (version.notes ?? '')}
                >
                  {t('version.notes.save')}
                </Button>
              ) : undefined
            }
          >
            <FormField.Root name="notes">
              <FormField.Label>{t('version.notes')}</FormField.Label>
              <Textarea
                value={notes}
                disabled={!permissions.upload}
                onChange={(e: { target: { value: string } }) => setNotes(e.target.value)}
                maxLength={5000}
              />
            </FormField.Root>
          </Card>
          <Card title={t('version.history')}>
            <AuditTimeline events={version.audit} />
          </Card>
        </Flex>
      </Layouts.Content>
    </Layouts.Root>
  );
};

export default VersionPage;
