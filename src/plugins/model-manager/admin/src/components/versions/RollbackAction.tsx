import { Button } from '@strapi/design-system';
import { ArrowsCounterClockwise } from '@strapi/icons';
import { useState } from 'react';
import { useApi } from '../../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../../hooks/useNotifyError';
import { useT } from '../../hooks/useT';
import { ActionDialog } from './ActionDialog';

/** Model-level rollback: the previous production version serves again. */
export const RollbackAction = ({ slug, onDone }: { slug: string; onDone: () => Promise<void> }) => {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [open, setOpen] = useState(false);

  const rollback = async ({ comment }: { comment?: string }) => {
    try {
      const restored = await api.rollback(slug, comment);
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
      <Button variant="danger-light" startIcon={<ArrowsCounterClockwise />} onClick={() => setOpen(true)}>
        {t('actions.rollback')}
      </Button>
      <ActionDialog
        open={open}
        title={t('actions.rollback.title')}
        description={t('actions.rollback.description')}
        confirmLabel={t('actions.rollback')}
        variant="danger"
        onConfirm={rollback}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
