import { Button } from '@strapi/design-system';
import { ArrowsCounterClockwise } from '@strapi/icons';
import { useCallback, useState } from 'react';
import type { ModelDetail } from '../../../../shared/contracts/models';
import { useApi } from '../../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../../hooks/useNotifyError';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { ActionDialog } from './ActionDialog';

/**
 * Model-level rollback: the previous production version serves again. Offered only when there is
 * one to go back to, and the dialog names it.
 */
export const RollbackAction = ({
  model,
  onDone,
}: {
  model: ModelDetail;
  onDone: () => Promise<void>;
}) => {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [open, setOpen] = useState(false);
  // keyed on what serves, so a promotion elsewhere on the page refetches it
  const serving = model.production?.number ?? null;
  const { data: plan } = useResource(
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `serving` asks again when production changes
    useCallback(() => api.rollbackTarget(model.slug), [api, model.slug, serving])
  );
  if (!plan || plan.target === null || plan.current === null) return null;

  const rollback = async ({ comment }: { comment?: string }) => {
    try {
      const restored = await api.rollback(model.slug, comment);
      notifySuccess(t('actions.rollback.success', { number: restored.number }));
    } catch (error) {
      notifyError(error, 'actions.rollback.failed');
    } finally {
      setOpen(false);
    }
    await onDone();
  };

  return (
    <>
      <Button
        variant="danger-light"
        startIcon={<ArrowsCounterClockwise />}
        onClick={() => setOpen(true)}
      >
        {t('actions.rollback')}
      </Button>
      <ActionDialog
        open={open}
        title={t('actions.rollback.title')}
        description={t('actions.rollback.to', { current: plan.current, target: plan.target })}
        confirmLabel={t('actions.rollback')}
        variant="danger"
        onConfirm={rollback}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
