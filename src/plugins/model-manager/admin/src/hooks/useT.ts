import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import en from '../translations/en.json';
import { getTranslation } from '../utils/getTranslation';

export type MessageKey = keyof typeof en;
export type MessageValues = Record<string, string | number | Date | null | undefined>;

/** `t('key', values)`: a plugin message, with en.json as the default (so keys are type-checked). */
export function useT() {
  const { formatMessage } = useIntl();
  return useCallback(
    (key: MessageKey, values?: MessageValues) =>
      formatMessage(
        { id: getTranslation(key), defaultMessage: en[key] },
        values as Record<string, string>
      ),
    [formatMessage]
  );
}

export type Translate = ReturnType<typeof useT>;
