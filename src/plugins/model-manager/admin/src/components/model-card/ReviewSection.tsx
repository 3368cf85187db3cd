import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ModelCard } from '../../../../shared/contracts/card';
import { useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';
import { Evidence } from './Evidence';

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

export { ReviewSection };
