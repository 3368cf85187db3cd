import {
  Box,
  Flex,
  Link,
  Loader,
  Table,
  Tbody,
  Td,
  TextButton,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { type IntlShape, useIntl } from 'react-intl';
import { NavLink, useParams } from 'react-router-dom';
import type { Actor } from '../../../../shared/contracts/models';
import type { PromotionCheck, ReviewedGate } from '../../../../shared/contracts/promotion';
import { GATE_METRICS } from '../../../../shared/promotion-policy';
import { type MessageKey, type Translate, useT } from '../../hooks/useT';
import { formatDelta, formatDrop, formatMetric } from '../../utils/format';
import { PLUGIN_ID } from '../../pluginId';

type Violation = PromotionCheck['violations'][number];

const metricName = (t: Translate, metric: string) => t(`metric.${metric}` as MessageKey);

/** The policy in words: each metric's largest allowed drop, and the smallest evaluation set. */
function policyLine(t: Translate, intl: IntlShape, policy: PromotionCheck['policy']): string {
  const drops = GATE_METRICS.filter((m) => policy.maxMetricDrop[m] !== undefined)
    .map((m) => `${metricName(t, m)} ${formatDrop(intl, m, policy.maxMetricDrop[m])}`)
    .join(', ');
  return t('gate.policy', { drops: drops || '—', minSize: policy.minEvaluationSize });
}

/** A violation from its fields, with the metric's human name, rather than the server's English. */
function violationLine(t: Translate, intl: IntlShape, v: Violation): string {
  if (v.rule === 'min-evaluation-size' || !v.metric)
    return t('gate.violation.size', { limit: v.limit });
  const { metric, candidate = null, champion = null } = v;
  return t('gate.violation.drop', {
    metric: metricName(t, metric),
    drop:
      champion !== null && candidate !== null
        ? formatDrop(intl, metric, champion - candidate)
        : '—',
    candidate: formatMetric(intl, metric, candidate),
    champion: formatMetric(intl, metric, champion),
    limit: formatDrop(intl, metric, v.limit),
  });
}

/** A rule by its human name: the metric, or the evaluation set's size. */
const ruleLine = (t: Translate, v: { rule: string; metric?: string }) =>
  v.metric ? metricName(t, v.metric) : t('gate.rule.size');

/**
 * Whether the approving reviewer saw the rules this promotion breaks (the approval records the
 * gate as it stood): an override then rests on two people, or says who did not see what.
 */
function reviewedLine(
  t: Translate,
  check: PromotionCheck,
  reviewed: NonNullable<Props['reviewed']>
) {
  const name = reviewed.by?.name ?? '—';
  if (!reviewed.gate) return t('gate.reviewed.unknown', { name });
  const key = (v: { rule: string; metric?: string }) => `${v.rule}:${v.metric ?? ''}`;
  const saw = new Set(reviewed.gate.violations.map(key));
  const unseen = check.violations.filter((v) => !saw.has(key(v)));
  return unseen.length === 0
    ? t('gate.reviewed.saw', { name })
    : t('gate.reviewed.unseen', { name, rules: unseen.map((v) => ruleLine(t, v)).join(', ') });
}

interface Props {
  check: PromotionCheck | null;
  error: string | null;
  /** who approved the version and the gate they saw (Promote and Set-as-challenger) */
  reviewed?: { by: Actor | null; gate: ReviewedGate | null };
  /** opens Compare on the two versions */
  onCompare?: (candidate: number, champion: number) => void;
}

/** The candidate against the champion on the same evaluation set, and the policy's verdict. */
export const PromotionGate = ({ check, error, onCompare, reviewed }: Props) => {
  const t = useT();
  const { slug } = useParams();
  const cardLink = slug ? (
    <Link
      tag={NavLink}
      to={`/plugins/${PLUGIN_ID}/models/${slug}/versions/${check?.candidate}/card`}
      target="_blank"
    >
      {t('gate.card', { number: check?.candidate ?? '' })}
    </Link>
  ) : null;
  const intl = useIntl();
  if (error)
    return <Typography textColor="danger600">{t('gate.error', { message: error })}</Typography>;
  if (!check) return <Loader small>{t('gate.loading')}</Loader>;
  const { champion } = check;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="promotion-gate">
      <Typography variant="pi" textColor="neutral600">
        {check.dataset
          ? t('gate.dataset', {
              dataset: check.dataset,
              size: check.size,
              champion: champion ?? '',
              hasChampion: champion === null ? 'no' : 'yes',
            })
          : t('gate.noDataset')}
      </Typography>
      {check.dataset && (
        <Table colCount={4} rowCount={GATE_METRICS.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('gate.metric')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {t('versions.number', { number: check.candidate })}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {champion === null ? '—' : t('versions.number', { number: champion })}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('gate.difference')}</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {GATE_METRICS.map((metric) => {
              const figure = check.metrics[metric];
              const broken = check.violations.some((v) => v.metric === metric);
              return (
                <Tr key={metric} data-testid={`gate-${metric}`}>
                  <Td>
                    <Typography>{t(`metric.${metric}` as MessageKey)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{formatMetric(intl, metric, figure.candidate)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{formatMetric(intl, metric, figure.champion)}</Typography>
                  </Td>
                  <Td>
                    <Typography
                      textColor={broken ? 'danger600' : 'neutral800'}
                      fontWeight={broken ? 'bold' : undefined}
                    >
                      {formatDelta(intl, metric, figure.difference)}
                    </Typography>
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
      {champion !== null && check.dataset && (
        <Flex gap={2} wrap="wrap" justifyContent="space-between">
          <Typography variant="omega" data-testid="gate-flips">
            {t('gate.flips', {
              candidateRight: check.flips.candidateRight,
              championRight: check.flips.championRight,
              bothWrong: check.flips.bothWrong,
            })}
          </Typography>
          <Flex gap={4}>
            {cardLink}
            {onCompare && (
              <TextButton onClick={() => onCompare(check.candidate, champion)}>
                {t('gate.compare')}
              </TextButton>
            )}
          </Flex>
        </Flex>
      )}
      {!(champion !== null && check.dataset) && cardLink}
      <Typography variant="pi" textColor="neutral600" data-testid="gate-policy">
        {policyLine(t, intl, check.policy)}
      </Typography>
      <Box
        background={check.passes ? 'success100' : 'danger100'}
        padding={3}
        hasRadius
        data-testid="gate-verdict"
        data-passes={String(check.passes)}
      >
        {check.passes ? (
          <Typography textColor="success700">{t('gate.passes')}</Typography>
        ) : (
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography textColor="danger700" fontWeight="bold">
              {t('gate.fails')}
            </Typography>
            {check.violations.map((v, i) => (
              <Typography
                key={i}
                textColor="danger700"
                variant="omega"
                data-testid="gate-violation"
              >
                {violationLine(t, intl, v)}
              </Typography>
            ))}
          </Flex>
        )}
      </Box>
      {!check.passes && reviewed?.by && (
        <Typography variant="pi" textColor="neutral700" data-testid="gate-reviewed">
          {reviewedLine(t, check, reviewed)}
        </Typography>
      )}
    </Flex>
  );
};
