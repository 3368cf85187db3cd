import { Button, type ButtonProps, Flex, Tooltip } from '@strapi/design-system';
import { useAuth } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import type { VersionSummary } from '../../../../shared/contracts/models';
import type { PromotionCheck } from '../../../../shared/contracts/promotion';
import type { VersionAction } from '../../api';
import { useApi } from '../../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../../hooks/useNotifyError';
import type { Permissions } from '../../hooks/usePermissions';
import { useT } from '../../hooks/useT';
import { readServerError } from '../../utils/errors';
import { actionsFor, whyNot } from '../../utils/lifecycle';
import { type ActionInput, ActionDialog } from './ActionDialog';
import { PromotionGate } from './PromotionGate';

const VARIANT: Record<VersionAction, ButtonProps['variant']> = {
  submit: 'secondary',
  approve: 'success-light',
  reject: 'danger-light',
  promote: 'default',
  challenge: 'secondary',
  archive: 'tertiary',
};

interface Props {
  slug: string;
  version: VersionSummary;
  permissions: Permissions;
  onDone: () => Promise<void>;
  /** opens Compare on two versions (from the promotion gate) */
  onCompare?: (candidate: number, champion: number) => void;
  /** offer only these steps (Compare offers the next one) */
  only?: VersionAction[];
  'data-testid'?: string;
}

/** The steps whose dialog shows the promotion gate: the evidence sits where each decision is made. */
const SHOWS_GATE: VersionAction[] = ['submit', 'approve', 'promote', 'challenge'];

/** The promotion gate's figures while a dialog that shows them is open. */
function usePromotionCheck(slug: string, number: number, open: boolean) {
  const api = useApi();
  const [state, setState] = useState<{ check: PromotionCheck | null; error: string | null }>({
    check: null,
    error: null,
  });
  useEffect(() => {
    if (!open) return setState({ check: null, error: null });
    let live = true;
    api.promotionCheck(slug, number).then(
      (check) => live && setState({ check, error: null }),
      (error) =>
        live && setState({ check: null, error: readServerError(error).message ?? String(error) })
    );
    return () => {
      live = false;
    };
  }, [api, slug, number, open]);
  return state;
}

/**
 * The lifecycle steps this version allows, each behind a confirmation. A step this admin may not
 * take (role, four-eyes) is shown disabled with the reason, instead of failing after typing.
 */
export const VersionActions = ({
  slug,
  version,
  permissions,
  onDone,
  onCompare,
  only,
  'data-testid': testId,
}: Props) => {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const me = useAuth('VersionActions', (state) => state.user);
  const [pending, setPending] = useState<VersionAction | null>(null);
  const gated = pending !== null && SHOWS_GATE.includes(pending);
  const gate = usePromotionCheck(slug, version.number, gated);
  const actions = actionsFor(version.status, !!version.promotedAt).filter(
    (action) => !only || only.includes(action)
  );
  if (actions.length === 0) return null;

  const run = async (action: VersionAction, input: ActionInput) => {
    try {
      await api.transition(slug, version.number, action, input);
      notifySuccess(t(`actions.${action}.success`, { number: version.number }));
    } catch (error) {
      notifyError(error, `actions.${action}.failed`);
    } finally {
      setPending(null);
    }
    await onDone();
  };

  return (
    <Flex
      gap={2}
      wrap="wrap"
      data-testid={testId}
      onClick={(e: { stopPropagation: () => void }) => e.stopPropagation()}
    >
      {actions.map((action) => {
        const reason = whyNot(action, version, permissions, me?.id ?? null);
        const button = (
          <Button
            key={action}
            size="S"
            variant={VARIANT[action]}
            disabled={!!reason}
            onClick={() => setPending(action)}
            data-reason={reason ?? undefined}
          >
            {t(`actions.${action}`)}
          </Button>
        );
        return reason ? (
          <Tooltip key={action} label={t(reason)}>
            <span>{button}</span>
          </Tooltip>
        ) : (
          button
        );
      })}
      {pending && (
        <ActionDialog
          open
          title={t(`actions.${pending}.title`, { number: version.number })}
          description={t(`actions.${pending}.description`, { number: version.number })}
          confirmLabel={t(`actions.${pending}`)}
          variant={pending === 'reject' ? 'danger' : pending === 'approve' ? 'success' : 'default'}
          withTrafficShare={pending === 'challenge'}
          reasonRequired={pending === 'promote' && gate.check !== null && !gate.check.passes}
          onConfirm={(input) => run(pending, input)}
          onClose={() => setPending(null)}
        >
          {gated && (
            <PromotionGate
              check={gate.check}
              error={gate.error}
              onCompare={onCompare}
              reviewed={
                pending === 'promote' || pending === 'challenge'
                  ? { by: version.reviewedByActor, gate: version.reviewedGate }
                  : undefined
              }
            />
          )}
        </ActionDialog>
      )}
    </Flex>
  );
};
