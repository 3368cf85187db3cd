import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  Table,
  Tbody,
  Td,
  Textarea,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { Link, useParams } from 'react-router-dom';
import { PEOPLE_FIELDS, type PeopleField } from '../../../shared/constants';
import type { ModelCard } from '../../../shared/contracts/card';
import { Card } from '../components/Card';
import { ConfusionMatrix } from '../components/compare/ConfusionMatrix';
import { ReliabilityDiagram } from '../components/compare/ReliabilityDiagram';
import { StatusBadge } from '../components/StatusBadge';
import { useApi } from '../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../hooks/useNotifyError';
import { usePermissions } from '../hooks/usePermissions';
import { useResource } from '../hooks/useResource';
import { type MessageKey, useT } from '../hooks/useT';
import { PLUGIN_ID } from '../pluginId';
import { readServerError } from '../utils/errors';
import { formatDateTime, formatMetric } from '../utils/format';

const METRICS = ['accuracy', 'macroF1', 'auc', 'ece', 'brier'] as const;

/** A section the system built: marked as evidence so a reader knows nobody typed it. */
const Evidence = ({ title, children }: { title: string; children: ReactNode }) => {
  const t = useT();
  return (
    <Card title={title} action={<Badge>{t('card.evidence')}</Badge>}>
      {children}
    </Card>
  );
};

const download = (blob: Blob, name: string) => {
  const url = URL.createObjectURL(blob);
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  URL.revokeObjectURL(url);
};

/** What people know about the version: four texts, saved together, audited by the server. */
const PeopleForm = ({
  card,
  canEdit,
  onSave,
}: {
  card: ModelCard;
  canEdit: boolean;
  onSave: (data: Record<PeopleField, string>) => Promise<void>;
}) => {
  const t = useT();
  const intl = useIntl();
  const initial = () =>
    Object.fromEntries(PEOPLE_FIELDS.map((f) => [f, card.people[f] ?? ''])) as Record<
      PeopleField,
      string
    >;
  const [draft, setDraft] = useState(initial);
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(initial()), [card.people]); // eslint-disable-line react-hooks/exhaustive-deps
  const people = card.people;
  return (
    <Card
      title={t('card.people')}
      subtitle={t('card.people.subtitle')}
      action={
        canEdit ? (
          <Button
            loading={saving}
            onClick={async () => {
              setSaving(true);
              await onSave(draft).finally(() => setSaving(false));
            }}
          >
            {t('card.people.save')}
          </Button>
        ) : undefined
      }
    >
      <Typography textColor="neutral600" tag="p">
        {people.updatedBy
          ? t('card.people.by', {
              name: people.updatedBy.name,
              at: formatDateTime(intl, people.updatedAt),
            })
          : t('card.people.none')}
      </Typography>
      <Grid.Root gap={4} paddingTop={4}>
        {PEOPLE_FIELDS.map((field) => (
          <Grid.Item key={field} col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name={field} style={{ width: '100%' }}>
              <Field.Label>{t(`card.people.${field}` as MessageKey)}</Field.Label>
              <Textarea
                value={draft[field]}
                disabled={!canEdit}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) =>
                  setDraft((d) => ({ ...d, [field]: e.target.value }))
                }
              />
            </Field.Root>
          </Grid.Item>
        ))}
      </Grid.Root>
    </Card>
  );
};

const TrainingSection = ({ card }: { card: ModelCard }) => {
  const t = useT();
  const intl = useIntl();
  const training = card.evidence.training;
  return (
    <Evidence title={t('card.training')}>
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Typography>
          {training.kind === 'trained'
            ? t('card.training.trained', {
                rows: training.rows ?? '?',
                datasets: training.datasets?.join(', ') ?? '—',
              })
            : t('card.training.uploaded', { file: training.fileName ?? '.onnx' })}
        </Typography>
        {training.rowDates && (
          <Typography textColor="neutral600">
            {t('card.training.dates', {
              first: formatDateTime(intl, training.rowDates.first),
              last: formatDateTime(intl, training.rowDates.last),
            })}
          </Typography>
        )}
        {training.run && (
          <Typography textColor="neutral600">
            {t('card.training.run')}: <code>{training.run}</code>
          </Typography>
        )}
        {training.sources && (
          <Box>
            <Typography variant="sigma" textColor="neutral600">
              {t('card.training.sources')}
            </Typography>
            <pre style={{ margin: 0, fontSize: 12 }}>
              {JSON.stringify(training.sources, null, 2)}
            </pre>
          </Box>
        )}
      </Flex>
    </Evidence>
  );
};

const EvaluationSection = ({ card }: { card: ModelCard }) => {
  const t = useT();
  const intl = useIntl();
  const { metrics, today } = card.evidence;
  if (!metrics)
    return (
      <Evidence title={t('card.evaluation')}>
        <Typography>{t('card.evaluation.none')}</Typography>
      </Evidence>
    );
  const interval = (m: (typeof METRICS)[number]) => {
    const e = today?.intervals[m];
    if (!e || e.value === null) return '—';
    return `${formatMetric(intl, m, e.value)} (${formatMetric(intl, m, e.low)} – ${formatMetric(intl, m, e.high)})`;
  };
  return (
    <Evidence title={t('card.evaluation')}>
      <Typography textColor="neutral600" tag="p">
        {t('card.evaluation.recorded', {
          evaluation: metrics.evaluation ?? 'evaluation set',
          dataset: metrics.dataset,
          size: metrics.size,
        })}
      </Typography>
      <Box paddingTop={3}>
        <Table colCount={3} rowCount={METRICS.length + 1}>
          <Thead>
            <Tr>
              <Th>{t('card.metric')}</Th>
              <Th>{t('card.metric.recorded')}</Th>
              <Th>{today ? t('card.metric.today') : ''}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {METRICS.map((m) => (
              <Tr key={m}>
                <Td>
                  <Typography>{t(`metric.${m}` as MessageKey)}</Typography>
                </Td>
                <Td>
                  <Typography>{formatMetric(intl, m, metrics[m])}</Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral600">{interval(m)}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Box>
      <Grid.Root gap={6} paddingTop={5}>
        {metrics.reliability && (
          <Grid.Item col={6} s={12} direction="column" alignItems="flex-start">
            <Typography variant="sigma" textColor="neutral600">
              {t('card.calibration')}
            </Typography>
            <ReliabilityDiagram
              series={[
                {
                  key: 'v',
                  name: `v${card.version.number}`,
                  bins: metrics.reliability,
                  ece: metrics.ece ?? null,
                },
              ]}
            />
          </Grid.Item>
        )}
        <Grid.Item col={6} s={12} direction="column" alignItems="flex-start">
          <ConfusionMatrix
            title={t('compare.confusion')}
            labels={metrics.labels}
            matrix={metrics.confusion}
          />
        </Grid.Item>
      </Grid.Root>
    </Evidence>
  );
};

const WeakSection = ({ card }: { card: ModelCard }) => {
  const t = useT();
  const intl = useIntl();
  const today = card.evidence.today;
  if (!today)
    return (
      <Evidence title={t('card.weak')}>
        <Typography>{t('card.weak.noSet')}</Typography>
      </Evidence>
    );
  const pct = (v: number) => formatMetric(intl, 'accuracy', v);
  return (
    <Evidence title={t('card.weak')}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography>{t('card.weak.undecided', { share: pct(today.undecidedRate) })}</Typography>
        {today.perGroup && (
          <Table colCount={3} rowCount={today.perGroup.length + 1}>
            <Thead>
              <Tr>
                <Th>{t('card.weak.group')}</Th>
                <Th>{t('card.weak.rows')}</Th>
                <Th>{t('metric.accuracy' as MessageKey)}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {[...today.perGroup]
                .sort((a, b) => a.accuracy - b.accuracy)
                .map((g) => (
                  <Tr key={g.group}>
                    <Td>
                      <Typography>{g.group || '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>{g.size}</Typography>
                    </Td>
                    <Td>
                      <Typography>{pct(g.accuracy)}</Typography>
                    </Td>
                  </Tr>
                ))}
            </Tbody>
          </Table>
        )}
        {today.confidentMistakes.length > 0 && (
          <Box>
            <Typography variant="sigma" textColor="neutral600">
              {t('card.weak.mistakes')}
            </Typography>
            <Table colCount={4} rowCount={today.confidentMistakes.length + 1}>
              <Thead>
                <Tr>
                  <Th>{t('card.weak.text')}</Th>
                  <Th>{t('card.weak.truth')}</Th>
                  <Th>{t('card.weak.answered')}</Th>
                  <Th>{t('card.weak.confidence')}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {today.confidentMistakes.map((m, i) => (
                  <Tr key={i}>
                    <Td style={{ whiteSpace: 'normal', maxWidth: 640 }}>
                      <Typography>
                        {m.text.length > 300 ? `${m.text.slice(0, 300)}…` : m.text}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{m.truth}</Typography>
                    </Td>
                    <Td>
                      <Typography>{m.predicted}</Typography>
                    </Td>
                    <Td>
                      <Typography>{pct(m.confidence)}</Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Box>
        )}
      </Flex>
    </Evidence>
  );
};

const ReviewSection = ({ card }: { card: ModelCard }) => {
  const t = useT();
  const intl = useIntl();
  const { review, deployments } = card.evidence;
  return (
    <Evidence title={t('card.review')}>
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Typography>
          {t('card.review.made', {
            name: card.version.createdBy?.name ?? '—',
            at: formatDateTime(intl, card.version.createdAt),
          })}{' '}
          {review.reviewedBy
            ? t('card.review.reviewed', {
                name: review.reviewedBy.name,
                at: formatDateTime(intl, review.reviewedAt),
              })
            : t('card.review.notReviewed')}
        </Typography>
        {review.reviewComment && (
          <Typography textColor="neutral600">“{review.reviewComment}”</Typography>
        )}
        <Typography>
          {!review.gate
            ? t('card.review.noGate')
            : review.gate.champion === null
              ? t('card.review.noChampion')
              : review.gate.passes
                ? t('card.review.gatePasses')
                : t('card.review.gateFails')}
        </Typography>
        {review.gate?.violations.map((v) => (
          <Typography key={v} textColor="danger600">
            · {v}
          </Typography>
        ))}
        {review.overrides.length > 0 && (
          <Typography variant="sigma" textColor="neutral600">
            {t('card.review.overrides')}
          </Typography>
        )}
        {review.overrides.map((o) => (
          <Typography key={o.at}>
            {formatDateTime(intl, o.at)} · {o.actor?.name ?? '—'}: {o.comment}
          </Typography>
        ))}
        <Box paddingTop={3}>
          <Typography variant="sigma" textColor="neutral600">
            {t('card.served')}
          </Typography>
        </Box>
        {deployments.length === 0 && <Typography>{t('card.served.never')}</Typography>}
        {deployments.map((d) => (
          <Typography key={d.id}>
            {t('card.served.row', {
              at: formatDateTime(intl, d.at),
              role: d.role,
              event: d.event,
              cause: d.cause,
              name: d.actor?.name ?? '—',
            })}
          </Typography>
        ))}
      </Flex>
    </Evidence>
  );
};

/** A version's model card: people's words first (what it is for), then the evidence the registry holds. */
const ModelCardPage = () => {
  const { slug = '', number: numberParam = '' } = useParams();
  const number = Number(numberParam);
  const t = useT();
  const api = useApi();
  const permissions = usePermissions();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const {
    data: card,
    error,
    reload,
  } = useResource(useCallback(() => api.modelCard(slug, number), [api, slug, number]));

  if (error) return <Page.Error content={readServerError(error).message ?? ''} />;
  if (!card || permissions.isLoading) return <Page.Loading />;

  const save = async (data: Record<PeopleField, string>) => {
    try {
      await api.updateModelCard(slug, number, data);
      notifySuccess(t('card.people.saved'));
      await reload();
    } catch (e) {
      notifyError(e, 'card.people.failed');
    }
  };
  const markdown = async () => {
    try {
      download(await api.modelCardMarkdown(slug, number), `${slug}-v${number}-card.md`);
    } catch (e) {
      notifyError(e, 'card.markdown.failed');
    }
  };

  return (
    <Layouts.Root>
      <Page.Title>{t('card.title', { slug, number })}</Page.Title>
      <Layouts.Header
        navigationAction={
          <BackButton fallback={`/plugins/${PLUGIN_ID}/models/${slug}/versions/${number}`} />
        }
        title={t('card.title', { slug, number })}
        subtitle={
          <Flex gap={2} paddingTop={1}>
            <StatusBadge status={card.version.status as never} trafficShare={null} />
            <Typography textColor="neutral600">{card.model.name}</Typography>
            <Link to={`/plugins/${PLUGIN_ID}/models/${slug}/versions/${number}`}>
              {t('version.title', { slug, number })}
            </Link>
          </Flex>
        }
        primaryAction={
          <Button variant="secondary" startIcon={<Download />} onClick={markdown}>
            {t('card.markdown')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <PeopleForm card={card} canEdit={!!permissions.upload} onSave={save} />
          <Typography textColor="neutral600">{t('card.evidence.hint')}</Typography>
          <TrainingSection card={card} />
          <EvaluationSection card={card} />
          <WeakSection card={card} />
          <ReviewSection card={card} />
        </Flex>
      </Layouts.Content>
    </Layouts.Root>
  );
};

export { ModelCardPage };
