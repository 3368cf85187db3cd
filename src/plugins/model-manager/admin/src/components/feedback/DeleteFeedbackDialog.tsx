import { Button, Dialog, Flex, IconButton, Typography } from '@strapi/design-system';
import { Trash, WarningCircle } from '@strapi/icons';
import { useState } from 'react';
import type { FeedbackEntry } from '../../../../shared/contracts/feedback';
import { ReasonField } from '../ReasonField';
import { useT } from '../../hooks/useT';

interface Props {
  entry: FeedbackEntry;
  /** the reason, when one was written, goes into the audit with the deleted entry */
  onDelete: (entry: FeedbackEntry, reason?: string) => Promise<void>;
}

/** The row's delete button and its confirmation, with an optional reason for the audit. */
export const DeleteFeedbackDialog = ({ entry, onDelete }: Props) => {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (busy) return;
        setOpen(next);
        if (!next) setReason('');
      }}
    >
      <Dialog.Trigger>
        <IconButton label={t('feedback.delete')} variant="ghost">
          <Trash />
        </IconButton>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{t('feedback.delete.title')}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Flex direction="column" alignItems="stretch" gap={4} width="100%">
            <Typography textAlign="center" style={{ overflowWrap: 'anywhere' }}>
              {t('feedback.delete.description', {
                subject: (entry.text ?? '').slice(0, 120),
                label: entry.label,
              })}
            </Typography>
            <ReasonField
              name="reason"
              label={t('feedback.delete.reason')}
              hint={t('feedback.delete.reason.hint')}
              value={reason}
              onChange={setReason}
            />
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary">{t('common.cancel')}</Button>
          </Dialog.Cancel>
          <Button
            variant="danger-light"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await onDelete(entry, reason.trim() || undefined);
                setOpen(false);
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('feedback.delete')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
