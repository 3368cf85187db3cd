import {
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  Modal,
  TextInput,
  Tooltip,
  Typography,
} from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { type FormEvent, useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { ModelDetail } from '../../../../shared/contracts/models';
import type { ReaderEntry } from '../../../../shared/contracts/readers';
import { useApi } from '../../hooks/useApi';
import { useNotifySuccess } from '../../hooks/useNotifyError';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { PLUGIN_ID } from '../../pluginId';
import { readServerError } from '../../utils/errors';

/** "Create a collective model" over this base model: a name and at least two members picked among the readers. */
export const CreateCollectiveModal = ({
  base,
  disabledReason,
}: {
  base: ModelDetail;
  disabledReason: 'actions.why.noUpload' | null;
}) => {
  const t = useT();
  const api = useApi();
  const navigate = useNavigate();
  const notifySuccess = useNotifySuccess();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [search, setSearch] = useState('');
  const [members, setMembers] = useState<Map<number, ReaderEntry>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { data: found } = useResource(
    useCallback(() => (open ? api.listReaders(search) : Promise.resolve(null)), [api, open, search])
  );

  const toggle = (reader: ReaderEntry, on: boolean) =>
    setMembers((current) => {
      const next = new Map(current);
      if (on) next.set(reader.id, reader);
      else next.delete(reader.id);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.createCollective({
        name: name.trim(),
        baseModel: base.slug,
        members: [...members.keys()],
      });
      notifySuccess(t('collective.create.success', { name: name.trim() }));
      setOpen(false);
      navigate(`/plugins/${PLUGIN_ID}/models/${created.slug}/readers`);
    } catch (e) {
      setError(readServerError(e).message ?? t('errors.unknown'));
    } finally {
      setBusy(false);
    }
  };

  if (disabledReason)
    return (
      <Tooltip label={t(disabledReason)}>
        <span>
          <Button startIcon={<Plus />} variant="secondary" disabled data-reason={disabledReason}>
            {t('collective.create.open')}
          </Button>
        </span>
      </Tooltip>
    );
  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button startIcon={<Plus />} variant="secondary" data-testid="create-collective">
          {t('collective.create.open')}
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <form onSubmit={submit} noValidate>
          <Modal.Header>
            <Modal.Title>{t('collective.create.title', { base: base.name })}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <Field.Root name="name" required>
                <Field.Label>{t('create.name')}</Field.Label>
                <TextInput
                  value={name}
                  onChange={(e: { target: { value: string } }) => setName(e.target.value)}
                />
              </Field.Root>
              <Field.Root
                name="search"
                hint={t('collective.create.members.hint', { count: members.size })}
              >
                <Field.Label>{t('collective.create.members')}</Field.Label>
                <TextInput
                  value={search}
                  placeholder={t('collective.create.search')}
                  onChange={(e: { target: { value: string } }) => setSearch(e.target.value)}
                />
                <Field.Hint />
              </Field.Root>
              <Box maxHeight="240px" overflow="auto" data-testid="reader-choices">
                <Flex direction="column" alignItems="flex-start" gap={2}>
                  {[
                    ...members.values(),
                    ...(found?.data ?? []).filter((r) => !members.has(r.id)),
                  ].map((reader) => (
                    <Checkbox
                      key={reader.id}
                      checked={members.has(reader.id)}
                      onCheckedChange={(on) => toggle(reader, on === true)}
                    >
                      {reader.username}
                    </Checkbox>
                  ))}
                  {found && found.meta.pagination.total > found.data.length && (
                    <Typography variant="pi" textColor="neutral600">
                      {t('collective.create.more', {
                        shown: found.data.length,
                        total: found.meta.pagination.total,
                      })}
                    </Typography>
                  )}
                </Flex>
              </Box>
              {error && (
                <Field.Root error={error}>
                  <Field.Error />
                </Field.Root>
              )}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('common.cancel')}</Button>
            </Modal.Close>
            <Button type="submit" loading={busy} disabled={!name.trim() || members.size < 2}>
              {t('collective.create.submit')}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
