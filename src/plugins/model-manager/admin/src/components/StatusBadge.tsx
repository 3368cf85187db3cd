import { Badge, type BadgeProps } from '@strapi/design-system';
import type { VersionStatus } from '../../../shared/constants';
import { useT } from '../hooks/useT';

const VARIANT: Record<VersionStatus, NonNullable<BadgeProps['variant']>> = {
  candidate: 'secondary',
  in_review: 'warning',
  approved: 'primary',
  rejected: 'danger',
  production: 'success',
  challenger: 'alternative',
  archived: 'neutral',
};

/** A version's status, one colour per status. */
export const StatusBadge = ({
  status,
  trafficShare,
}: {
  status: VersionStatus;
  trafficShare?: number | null;
}) => {
  const t = useT();
  const label = t(`status.${status}`);
  const share =
    status === 'challenger' && trafficShare ? ` · ${Math.round(trafficShare * 100)}%` : '';
  return (
    <Badge variant={VARIANT[status]} data-status={status}>
      {label + share}
    </Badge>
  );
};
