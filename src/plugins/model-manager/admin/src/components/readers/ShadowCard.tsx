import { Button, Flex, Tooltip, Typography } from '@strapi/design-system';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { ModelDetail } from '../../../../shared/contracts/models';
import type { Outcomes } from '../../../../shared/contracts/outcomes';
import { useApi } from '../../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../../hooks/useNotifyError';
import type { Permissions } from '../../hooks/usePermissions';
import { useT } from '../../hooks/useT';
import { formatMetric } from '../../utils/format';
import { VersionSelect } from '../VersionSelect';

interface Props {
  model: ModelDetail;
  shadow: Outcomes['shadow'];
  permissions: Permissions;
  onDone: () => Promise<void>;
}

/**
 * The version scored beside every request (logged, never returned), how often it agreed with the
 * answer given, and a control to set or clear it: the Deploy action, shown disabled with the reason otherwise.
 */
export const ShadowCard = ({ model, shadow, permissions, onDone }: Props) => {
  const t = useT();
  const intl = useIntl();
  const api = useApi();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [choice, setChoice] = useState<number | undefined>(shadow.version ?? undefined);
  const [busy, setBusy] = useState(false);
  // Shadowing the champion tells nothing; the current shadow stays listed whatever it became since.
  const candidates = model.versions.filter(
    (v) =>
      v.number === shadow.version ||
      (v.number !== model.production?.number && v.status !== 'archived')
  );
  const reason = permissions.deploy ? null : 'actions.why.noDeploy';
  const unchanged = (choice ?? null) === shadow.version;

  const save = async () => {
    setBusy(true);
    try {
      const saved = await api.setShadow(model.slug, choice ?? null);
      notifySuccess(
        saved.shadow === null
          ? t('readers.shadow.cleared')
          : t('readers.shadow.set', { number: saved.shadow })
      );
    } catch (error) {
      notifyError(error, 'readers.shadow.failed');
    } finally {
      setBusy(false);
    }
    await onDone();
  };

  const button = (
    <Button
      onClick={save}
      disabled={!!reason || busy || unchanged}
      loading={busy}
      data-testid="shadow-save"
      data-reason={reason ?? undefined}
    >
      {t('readers.shadow.save')}
    </Button>
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Typography data-testid="shadow-current">
        {shadow.version === null
          ? t('readers.shadow.none')
          : t('readers.shadow.current', { number: shadow.version })}
      </Typography>
      {shadow.version !== null && (
        <Typography textColor="neutral600" data-testid="shadow-agreement">
          {t('readers.shadow.agreement', {
            scored: shadow.scored,
            agreed: shadow.agreed,
            failed: shadow.failed,
            rate:
              shadow.scored > 0
                ? formatMetric(intl, 'accuracy', shadow.agreed / shadow.scored)
                : '—',
          })}
        </Typography>
      )}
      <Flex gap={3} alignItems="flex-end">
        <VersionSelect
          name="shadow"
          label={t('readers.shadow.version')}
          versions={candidates}
          value={choice}
          onChange={setChoice}
          emptyLabel={t('readers.shadow.noneOption')}
        />
        {reason ? (
          <Tooltip label={t(reason)}>
            <span>{button}</span>
          </Tooltip>
        ) : (
          button
        )}
      </Flex>
    </Flex>
  );
};
