import {
  Box,
  Button,
  type ButtonProps,
  Dialog,
  Field,
  Flex,
  Modal,
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
  /** the evidence of the step (the promotion gate): the dialog becomes a wide two-column one */
  children?: ReactNode;
  /** the promotion policy is not met: the one text box is the reason, required and audited */
  reasonRequired?: boolean;
  onConfirm: (input: ActionInput) => Promise<void>;
  onClose: () => void;
}

/**
 * Confirmation of a lifecycle step with one text box for the audit trail: the comment, or, when
 * the promotion policy is not met, the reason that overrides it (the server words both into one
 * audit entry, so asking for two would only make the promoter type twice). A step with evidence
 * opens wide, the figures beside the form, so nothing scrolls inside the dialog.
 */
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
  const [text, setText] = useState('');
  const [percent, setPercent] = useState<number | undefined>(10);
  const [busy, setBusy] = useState(false);
  const shareValid = !withTrafficShare || (percent !== undefined && percent > 0 && percent <= 50);
  const textValid = !reasonRequired || text.trim().length > 0;

  const confirm = async () => {
    setBusy(true);
    try {
      const trimmed = text.trim();
      await onConfirm({
        ...(trimmed ? (reasonRequired ? { reason: trimmed } : { comment: trimmed }) : {}),
        ...(withTrafficShare && percent !== undefined ? { trafficShare: percent / 100 } : {}),
      });
      setText('');
    } finally {
      setBusy(false);
    }
  };

  const form = (
    <Flex direction="column" alignItems="stretch" gap={4} width="100%">
      <Typography>{description}</Typography>
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
        name={reasonRequired ? 'reason' : 'comment'}
        required={reasonRequired}
        label={t(reasonRequired ? 'actions.reason' : 'actions.comment')}
        hint={t(reasonRequired ? 'actions.reason.hint' : 'actions.comment.hint')}
        value={text}
        onChange={setText}
      />
    </Flex>
  );
  const cancel = (
    <Button fullWidth variant="tertiary" disabled={busy} onClick={onClose}>
      {t('common.cancel')}
    </Button>
  );
  const go = (
    <Button
      fullWidth
      variant={variant}
      loading={busy}
      disabled={!shareValid || !textValid}
      onClick={confirm}
    >
      {confirmLabel}
    </Button>
  );

  if (children)
    return (
      <Modal.Root open={open} onOpenChange={(next) => !next && !busy && onClose()}>
        <Modal.Content>
          <Modal.Header>
            <Modal.Title>{title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            {/* side by side down to a narrow window (not the Grid's viewport breakpoints, which
                stack at 900 px although the dialog still has room): the evidence, then the form */}
            <Flex gap={6} wrap="wrap" alignItems="flex-start">
              <Box style={{ flex: '3 1 42rem' }}>{children}</Box>
              <Box style={{ flex: '2 1 24rem' }}>{form}</Box>
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Flex gap={2} width="100%" justifyContent="space-between">
              <div style={{ minWidth: '10rem' }}>{cancel}</div>
              <div style={{ minWidth: '14rem' }}>{go}</div>
            </Flex>
          </Modal.Footer>
        </Modal.Content>
      </Modal.Root>
    );

  return (
    <Dialog.Root open={open} onOpenChange={(next) => !next && !busy && onClose()}>
      <Dialog.Content>
        <Dialog.Header>{title}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="warning600" />}>{form}</Dialog.Body>
        <Dialog.Footer>
          {cancel}
          {go}
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
