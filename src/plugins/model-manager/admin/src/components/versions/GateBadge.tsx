import { Badge, Tooltip } from '@strapi/design-system';
import type { PolicyViolation } from '../../../../shared/promotion-policy';
import { useT } from '../../hooks/useT';

/** Whether a version passes the promotion gate on its recorded figures (see utils/gate.ts). */
export const GateBadge = ({ violations }: { violations: PolicyViolation[] | null }) => {
  const t = useT();
  if (violations === null) return null;
  const passes = violations.length === 0;
  return (
    <Tooltip label={t('gate.badge.hint')}>
      <Badge
        variant={passes ? 'success' : 'danger'}
        data-testid="gate-badge"
        data-violations={violations.length}
      >
        {passes ? t('gate.badge.passes') : t('gate.badge.violations', { count: violations.length })}
      </Badge>
    </Tooltip>
  );
};
