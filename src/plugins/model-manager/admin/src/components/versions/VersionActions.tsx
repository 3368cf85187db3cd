import { Button, type ButtonProps, Flex } from '@strapi/design-system';
import { useState } from 'react';
import type { VersionSummary } from '../../../../shared/contracts/models';
import type { VersionAction } from '../../api';
import { useApi } from '../../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../../hooks/useNotifyError';
import type { Permissions } from '../../hooks/usePermissions';
import { useT } from '../../hooks/useT';
import { actionsFor } from '../../utils/lifecycle';
import { type ActionInput, ActionDialog } from './ActionDialog';

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
}

/** The lifecycle steps this version allows and this admin may take, each behind a confirmation. */
export const VersionActions = ({ slug, version, permissions, onDone }: Props) => {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [pending, setPending] = useState<VersionAction | null>(null);
  const actions = actionsFor(version.status, permissions, !!version.promotedAt);
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
    <Flex gap={2} wrap="wrap" onClick={(e: { stopPropagation: () => void }) => e.stopPropagation()}>
      {actions.map((action) => (
        <Button key={action} size="S" variant={VARIANT[action]} onClick={() => setPending(action)}>
          {t(`actions.${action}`)}
        </Button>
      ))}
      {pending && (
        <ActionDialog
          open
          title={t(`actions.${pending}.title`, { number: version.number })}
          description={t(`actions.${pending}.description`, { number: version.number })}
          confirmLabel={t(`actions.${pending}`)}
          variant={pending === 'reject' ? 'danger' : pending === 'approve' ? 'success' : 'default'}
          withTrafficShare={pending === 'challenge'}
          onConfirm={(input) => run(pending, input)}
          onClose={() => setPending(null)}
        />
      )}
    </Flex>
  );
};
