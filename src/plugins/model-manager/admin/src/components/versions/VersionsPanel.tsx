import {
  Button,
  EmptyStateLayout,
  Flex,
  Link,
  Table,
  Tbody,
  Td,
  Tooltip,
  Tr,
  Typography,
} from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { PLUGIN_ID } from '../../pluginId';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { CollectiveStart } from '../readers/CollectiveStart';
import { useIntl } from 'react-intl';
import type { Actor, VersionSummary } from '../../../../shared/contracts/models';
import { type MessageKey, useT } from '../../hooks/useT';
import { formatDateTime, formatMetric } from '../../utils/format';
import { recordedGate } from '../../utils/gate';
import { KEY_METRICS, keyMetrics } from '../../utils/metrics';
import type { PanelProps } from '../panel';
import { StatusBadge } from '../StatusBadge';
import { GateBadge } from './GateBadge';
import { VersionActions } from './VersionActions';
import { TableHeader } from '../TableHeader';

const COLUMNS: MessageKey[] = [
  'versions.column.number',
  'versions.column.status',
  'versions.column.source',
  'metric.accuracy',
  'metric.macroF1',
  'metric.auc',
  'versions.column.created',
  'versions.column.reviewed',
  'versions.column.actions',
];

const Who = ({ actor, at }: { actor: Actor | null; at: string | null }) => {
  const intl = useIntl();
  if (!actor) return <Typography textColor="neutral500">—</Typography>;
  return (
    <Flex direction="column" alignItems="flex-start">
      <Typography>{actor.name}</Typography>
      <Typography variant="pi" textColor="neutral600">
        {formatDateTime(intl, at)}
      </Typography>
    </Flex>
  );
};

const VersionRow = ({ version, ...props }: PanelProps & { version: VersionSummary }) => {
  const t = useT();
  const intl = useIntl();
  const metrics = keyMetrics(version);
  return (
    <Tr data-testid={`version-row-${version.number}`}>
      <Td>
        <Tooltip label={version.notes ?? t('versions.open')}>
          <Link
            tag={NavLink}
            to={`/plugins/${PLUGIN_ID}/models/${props.model.slug}/versions/${version.number}`}
            data-testid={`version-link-${version.number}`}
          >
            {t('versions.number', { number: version.number })}
          </Link>
        </Tooltip>
      </Td>
      <Td>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <StatusBadge status={version.status} trafficShare={version.trafficShare} />
          <GateBadge
            violations={recordedGate(version, props.model.production, props.model.promotionPolicy)}
          />
        </Flex>
      </Td>
      <Td>
        <Typography>{t(`source.${version.source}`)}</Typography>
      </Td>
      {KEY_METRICS.map((metric) => (
        <Td key={metric}>
          <Typography
            variant="omega"
            textColor={metrics[metric] === null ? 'neutral500' : 'neutral800'}
          >
            {formatMetric(intl, metric, metrics[metric])}
          </Typography>
        </Td>
      ))}
      <Td>
        <Who actor={version.createdByActor} at={version.createdAt} />
      </Td>
      <Td>
        <Who actor={version.reviewedByActor} at={version.reviewedAt} />
      </Td>
      <Td>
        <VersionActions
          slug={props.model.slug}
          version={version}
          permissions={props.permissions}
          onDone={props.reload}
          onCompare={(candidate, champion) =>
            props.goTo('compare', `?candidate=${candidate}&baseline=${champion}`)
          }
        />
      </Td>
    </Tr>
  );
};

/** Every version, newest first, with its status, key metrics, people and the steps it allows. */
const VersionsPanel = (props: PanelProps) => {
  const t = useT();
  const { versions } = props.model;
  if (versions.length === 0 && props.model.scope === 'collective')
    return <CollectiveStart {...props} />;
  if (versions.length === 0) {
    const action = props.permissions.upload ? (
      <Button variant="secondary" onClick={() => props.goTo('upload')}>
        {t('versions.empty.upload')}
      </Button>
    ) : undefined;
    return (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content={t('versions.empty')}
        action={action}
        hasRadius
        shadow="tableShadow"
      />
    );
  }
  return (
    <Table colCount={COLUMNS.length} rowCount={versions.length + 1}>
      <TableHeader columns={COLUMNS} />
      <Tbody>
        {versions.map((version) => (
          <VersionRow key={version.documentId} version={version} {...props} />
        ))}
      </Tbody>
    </Table>
  );
};

export default VersionsPanel;
