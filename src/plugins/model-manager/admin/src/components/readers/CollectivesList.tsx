import {
  EmptyStateLayout,
  Link,
  LinkButton,
  Loader,
  Table,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type { CollectiveSummary } from '../../api';
import type { TrainingReadiness } from '../../../../shared/contracts/training';
import type { ModelSummary } from '../../../../shared/contracts/models';
import { type Api } from '../../api';
import { useApi } from '../../hooks/useApi';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { PLUGIN_ID } from '../../pluginId';
import { TableHeader } from '../TableHeader';
import { Unavailable } from '../Unavailable';

export interface CollectiveHome {
  model: ModelSummary;
  collective: CollectiveSummary;
  readiness: TrainingReadiness;
}

/**
 * The collective models over one base, each with its labels so far and whether it can train.
 * The API lists models without their base, so each collective's summary says which base it has:
 * a request per collective, fine for the handful a base model has.
 */
export async function collectivesOf(api: Api, base: string): Promise<CollectiveHome[]> {
  const { data: models } = await api.listModels();
  const homes = await Promise.all(
    models
      .filter((m) => m.scope === 'collective')
      .map(async (model) => {
        const collective = await api.collective(model.slug);
        if (collective.baseModel !== base) return null;
        return { model, collective, readiness: await api.trainingReadiness(model.slug) };
      })
  );
  return homes.filter((h): h is CollectiveHome => h !== null);
}

/** Labels the members gave so far (every member's, counted once each). */
export const labelsSoFar = (collective: CollectiveSummary) =>
  collective.agreement.members.reduce((sum, m) => sum + m.labels, 0);

const COLUMNS = [
  'readers.collectives.name',
  'readers.collective.members',
  'readers.collectives.labels',
  'readers.collectives.agreement',
  'readers.collectives.readiness',
  'readers.collectives.train',
] as const;

/** A base model's collectives: members, labels so far, agreement, readiness, and the way to train each. */
export const CollectivesList = ({ base, canTrain }: { base: string; canTrain: boolean }) => {
  const t = useT();
  const intl = useIntl();
  const api = useApi();
  const { data, error } = useResource(useCallback(() => collectivesOf(api, base), [api, base]));
  if (error) return <Unavailable error={error} />;
  if (!data) return <Loader small>{t('common.loading')}</Loader>;
  if (data.length === 0)
    return <EmptyStateLayout content={t('readers.collectives.none')} hasRadius />;
  const url = (slug: string, tab: string) => `/plugins/${PLUGIN_ID}/models/${slug}/${tab}`;
  return (
    <Table colCount={COLUMNS.length} rowCount={data.length + 1}>
      <TableHeader columns={COLUMNS} />
      <Tbody>
        {data.map(({ model, collective, readiness }) => (
          <Tr key={model.slug} data-testid={`collective-row-${model.slug}`}>
            <Td>
              <Link tag={NavLink} to={url(model.slug, 'readers')}>
                {model.name}
              </Link>
            </Td>
            <Td>
              <Typography>{collective.members}</Typography>
            </Td>
            <Td>
              <Typography data-testid="collective-labels">
                {t('readers.collectives.labelsValue', {
                  labels: labelsSoFar(collective),
                  subjects: collective.agreement.subjects,
                })}
              </Typography>
            </Td>
            <Td>
              <Typography>
                {collective.agreement.fleissKappa === null
                  ? '—'
                  : t('readers.collectives.kappa', {
                      kappa: intl.formatNumber(collective.agreement.fleissKappa, {
                        maximumFractionDigits: 2,
                      }),
                    })}
              </Typography>
            </Td>
            <Td style={{ whiteSpace: 'normal', maxWidth: '24rem' }}>
              <Typography
                data-testid="collective-readiness"
                textColor={readiness.ready ? 'success600' : 'neutral700'}
              >
                {readiness.ready
                  ? t('readers.collectives.ready', { rows: readiness.rows })
                  : t('readers.collectives.notReady', {
                      rows: readiness.rows,
                      min: readiness.minRows,
                    })}
              </Typography>
            </Td>
            <Td>
              <LinkButton
                size="S"
                variant="secondary"
                tag={NavLink}
                to={url(model.slug, 'training')}
                disabled={!readiness.ready || !canTrain}
              >
                {t('readers.collectives.trainButton')}
              </LinkButton>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
