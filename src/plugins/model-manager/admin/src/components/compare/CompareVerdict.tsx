import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Comparison } from '../../../../shared/contracts/compare';
import type { ModelDetail } from '../../../../shared/contracts/models';
import type { Permissions } from '../../hooks/usePermissions';
import { type MessageKey, useT } from '../../hooks/useT';
import { formatDelta, formatMetric } from '../../utils/format';
import { compareVerdict, NEXT_STEP, type Verdict } from '../../utils/verdict';
import { VersionActions } from '../versions/VersionActions';

const BACKGROUND: Record<Verdict['tone'], string> = {
  first: 'neutral100',
  better: 'success100',
  worse: 'danger100',
  mixed: 'warning100',
  tie: 'neutral100',
};

interface Props {
  model: ModelDetail;
  comparison: Comparison;
  permissions: Permissions;
  reload: () => Promise<void>;
}

/** The comparison in one sentence (significant differences only, and the policy's word), then the candidate's next step. */
export const CompareVerdict = ({ model, comparison, permissions, reload }: Props) => {
  const t = useT();
  const intl = useIntl();
  const verdict = compareVerdict(comparison, model.promotionPolicy);
  const { candidate, baseline } = comparison;
  const named = (reasons: Verdict['reasons']) =>
    intl.formatList(
      reasons.map(
        (r) =>
          `${t(`metric.${r.metric}` as MessageKey)} ${formatDelta(intl, r.metric, r.difference)}`
      ),
      { type: 'conjunction' }
    );
  const values = {
    candidate: candidate.number,
    baseline: baseline?.number ?? '',
    better: named(verdict.reasons.filter((r) => r.difference > 0)),
    worse: named(verdict.reasons.filter((r) => r.difference < 0)),
    accuracy: formatMetric(intl, 'accuracy', candidate.metrics.accuracy),
    macroF1: formatMetric(intl, 'macroF1', candidate.metrics.macroF1),
  };
  const policy = t(verdict.violations.length ? 'compare.verdict.fails' : 'compare.verdict.passes', {
    count: verdict.violations.length,
  });
  const version = model.versions.find((v) => v.number === candidate.number);
  const next = version ? NEXT_STEP[version.status] : undefined;
  return (
    <Box
      background={BACKGROUND[verdict.tone]}
      padding={4}
      hasRadius
      data-testid="compare-verdict"
      data-tone={verdict.tone}
    >
      <Flex gap={4} justifyContent="space-between" alignItems="center" wrap="wrap">
        <Typography fontWeight="semiBold">
          {t(`compare.verdict.${verdict.tone}` as MessageKey, values)}; {policy}
        </Typography>
        {version && next && (
          <VersionActions
            slug={model.slug}
            version={version}
            permissions={permissions}
            only={[next]}
            onDone={reload}
          />
        )}
      </Flex>
    </Box>
  );
};
