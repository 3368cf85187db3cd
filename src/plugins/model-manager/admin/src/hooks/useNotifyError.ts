import { useNotification } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import { isAbort, readServerError } from '../utils/errors';
import { type MessageKey, useT } from './useT';

/**
 * Shows a failed request as a danger notification in the server's own words (e.g. the four-eyes
 * refusal), titled by what the user was doing; falls back to a translated message.
 */
export function useNotifyError() {
  const { toggleNotification } = useNotification();
  const t = useT();
  return useCallback(
    (error: unknown, titleKey: MessageKey) => {
      if (isAbort(error)) return;
      const server = readServerError(error);
      const rule = server.details.rule === 'four-eyes' ? t('errors.fourEyes') : null;
      const fallback = server.status === 413 ? t('errors.tooLarge') : t('errors.unknown');
      toggleNotification({
        type: 'danger',
        title: rule ?? t(titleKey),
        message: server.message ?? fallback,
      });
    },
    [t, toggleNotification]
  );
}

export function useNotifySuccess() {
  const { toggleNotification } = useNotification();
  return useCallback(
    (message: string) => toggleNotification({ type: 'success', message }),
    [toggleNotification]
  );
}
