import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ModelCard } from '../../../../shared/contracts/card';
import { useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';
import { Evidence } from './Evidence';

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

export { TrainingSection };
