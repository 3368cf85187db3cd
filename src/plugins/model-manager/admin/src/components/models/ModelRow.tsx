import { Flex, Td, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import type { ModelSummary } from '../../../../shared/contracts/models';
import { useModelActivity } from '../../hooks/useModelActivity';
import { useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';
import { ClassBadge } from '../ClassBadge';
import { StatusBadge } from '../StatusBadge';

const Dash = () => <Typography textColor="neutral500">—</Typography>;

/** One model of the list: production version, last training and feedback waiting; opens the model. */
export const ModelRow = ({ model }: { model: ModelSummary }) => {
  const t = useT();
  const intl = useIntl();
  const navigate = useNavigate();
  const { data: activity, isLoading } = useModelActivity(model.slug);
  const open = () => navigate(`models/${model.slug}`);
  const run = activity?.lastRun;
  const waiting = activity?.waiting;

  return (
    <Tr
      onClick={open}
      style={{ cursor: 'pointer' }}
      data-testid={`model-row-${model.slug}`}
      data-loading={isLoading}
    >
      <Td>
        <Flex direction="column" alignItems="flex-start">
          <Typography fontWeight="bold">{model.name}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {model.slug}
          </Typography>
        </Flex>
      </Td>
      <Td>
        <Flex gap={1} wrap="wrap">
          {model.labels.map((label) => (
            <ClassBadge key={label} label={label} labels={model.labels} />
          ))}
        </Flex>
      </Td>
      <Td>
        <Typography>{t(`scope.${model.scope}`)}</Typography>
      </Td>
      <Td>
        {model.production ? (
          <Flex gap={2}>
            <Typography fontWeight="semiBold">
              {t('models.production.version', { number: model.production.number })}
            </Typography>
            <StatusBadge status={model.production.status} />
          </Flex>
        ) : (
          <Typography textColor="neutral500">{t('models.production.none')}</Typography>
        )}
      </Td>
      <Td>
        {run ? (
          <Flex direction="column" alignItems="flex-start">
            <Typography>{t(`training.status.${run.status}`)}</Typography>
            <Typography variant="pi" textColor="neutral600">
              {formatDateTime(intl, run.finishedAt ?? run.createdAt)}
            </Typography>
          </Flex>
        ) : run === null ? (
          <Typography textColor="neutral500">{t('models.training.never')}</Typography>
        ) : (
          <Dash />
        )}
      </Td>
      <Td>
        {waiting ? (
          <Typography>
            {t(waiting.more ? 'models.feedback.more' : 'models.feedback.count', {
              count: waiting.count,
            })}
          </Typography>
        ) : (
          <Dash />
        )}
      </Td>
    </Tr>
  );
};
