import {
  Button,
  type ButtonProps,
  Dialog,
  Field,
  Flex,
  NumberInput,
  Typography,
} from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { type ReactNode, useState } from 'react';
import { ReasonField } from '../ReasonField';
import { useT } from '../../hooks/useT';

export interface ActionInput {
  comment?: string;
  trafficShare?: number;
  reason?: string;
}

interface Props {
  open: boolean;
  title: string;
  description: string;
  confirmLabel: string;
  variant?: ButtonProps['variant'];
  /** asks for a challenger's traffic share (percent in the form, 0 < share ≤ 0.5 sent) */
  withTrafficShare?: boolean;
  /** what the step would change (the promotion gate), shown above the comment */
  children?: ReactNode;
  /** the promotion policy is not met: a written reason is required, and audited */
  reasonRequired?: boolean;
  onConfirm: (input: ActionInput) => Promise<void>;
  onClose: () => void;
}

/** Confirmation of a lifecycle step, with a comment for the audit trail. */
export const ActionDialog = ({
  open,
  title,
  description,
  confirmLabel,
  variant = 'default',
  withTrafficShare,
  children,
  reasonRequired,
  onConfirm,
  onClose,
}: Props) => {
  const t = useT();
  const [comment, setComment] = useState('');
  const [percent, setPercent] = useState<number | undefined>(10);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const shareValid = !withTrafficShare || (percent !== undefined && percent > 0 && percent <= 50);
  const reasonValid = !reasonRequired || reason.trim().length > 0;

  const confirm = async () => {
    setBusy(true);
    try {
      const trimmed = comment.trim();
      await onConfirm({
        ...(trimmed ? { comment: trimmed } : {}),
        ...(withTrafficShare && percent !== undefined ? { trafficShare: percent / 100 } : {}),
        ...(reasonRequired ? { reason: reason.trim() } : {}),
      });
      setComment('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(next) => !next && !busy && onClose()}>
      <Dialog.Content>
        <Dialog.Header>{title}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="warning600" />}>
          {/* scrolls inside, so the confirm button stays on screen when the promotion gate is long */}
          <Flex
            direction="column"
            alignItems="stretch"
            gap={4}
            width="100%"
            style={{ maxHeight: '60vh', overflowY: 'auto' }}
          >
            <Typography textAlign="center">{description}</Typography>
            {children}
            {reasonRequired && (
              <ReasonField
                name="reason"
                required
                label={t('actions.reason')}
                hint={t('actions.reason.hint')}
                value={reason}
                onChange={setReason}
              />
            )}
            {withTrafficShare && (
              <Field.Root
                name="trafficShare"
                required
                hint={t('actions.trafficShare.hint')}
                error={shareValid ? undefined : t('actions.trafficShare.invalid')}
              >
                <Field.Label>{t('actions.trafficShare')}</Field.Label>
                <NumberInput value={percent} onValueChange={setPercent} step={1} />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            )}
            <ReasonField
              name="comment"
              label={t('actions.comment')}
              hint={t('actions.comment.hint')}
              value={comment}
              onChange={setComment}
            />
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary" disabled={busy}>
              {t('common.cancel')}
            </Button>
          </Dialog.Cancel>
          <Button
            fullWidth
            variant={variant}
            loading={busy}
            disabled={!shareValid || !reasonValid}
            onClick={confirm}
          >
            {confirmLabel}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
