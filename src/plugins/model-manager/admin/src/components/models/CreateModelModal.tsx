import {
  Button,
  Field,
  Flex,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
} from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { MODEL_SCOPES, type ModelScope } from '../../../../shared/constants';
import { useApi } from '../../hooks/useApi';
import { useNotifySuccess } from '../../hooks/useNotifyError';
import { useT } from '../../hooks/useT';
import { readServerError } from '../../utils/errors';

const parseLabels = (value: string) =>
  value
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean);

/** "Create model": name, optional slug, classes, description, scope and evaluation set; opens the new model. */
export const CreateModelModal = () => {
  const t = useT();
  const api = useApi();
  const navigate = useNavigate();
  const notifySuccess = useNotifySuccess();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [labels, setLabels] = useState('blue, red');
  const [description, setDescription] = useState('');
  const [evaluationDataset, setEvaluationDataset] = useState('');
  const [scope, setScope] = useState<ModelScope>('global');
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const data = {
        name: name.trim(),
        labels: parseLabels(labels),
        scope,
        ...(slug ? { slug } : {}),
        ...(description ? { description } : {}),
        ...(evaluationDataset.trim() ? { evaluationDataset: evaluationDataset.trim() } : {}),
      };
      const model = await api.createModel(data);
      notifySuccess(t('create.success', { name: model.name }));
      setOpen(false);
      navigate(`models/${model.slug}`);
    } catch (e) {
      const server = readServerError(e);
      const path = (server.details.errors as Array<{ path?: string[] }> | undefined)?.[0]?.path;
      setError({
        message: server.message ?? t('errors.unknown'),
        field: (server.details.field as string) ?? path?.at(-1) ?? null,
      });
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);

  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button startIcon={<Plus />}>{t('create.open')}</Button>
      </Modal.Trigger>
      <Modal.Content>
        <form onSubmit={submit} noValidate>
          <Modal.Header>
            <Modal.Title>{t('create.title')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <Field.Root name="name" required error={fieldError('name')}>
                <Field.Label>{t('create.name')}</Field.Label>
                <TextInput
                  value={name}
                  onChange={(e: { target: { value: string } }) => setName(e.target.value)}
                />
                <Field.Error />
              </Field.Root>
              <Field.Root name="slug" hint={t('create.slug.hint')} error={fieldError('slug')}>
                <Field.Label>{t('create.slug')}</Field.Label>
                <TextInput
                  value={slug}
                  onChange={(e: { target: { value: string } }) => setSlug(e.target.value)}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
              <Field.Root
                name="labels"
                required
                hint={t('create.labels.hint')}
                error={fieldError('labels')}
              >
                <Field.Label>{t('create.labels')}</Field.Label>
                <TextInput
                  value={labels}
                  onChange={(e: { target: { value: string } }) => setLabels(e.target.value)}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
              <Field.Root name="scope">
                <Field.Label>{t('create.scope')}</Field.Label>
                <SingleSelect value={scope} onChange={(value) => setScope(value as ModelScope)}>
                  {MODEL_SCOPES.map((s) => (
                    <SingleSelectOption key={s} value={s}>
                      {t(`scope.${s}`)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Field.Root name="description">
                <Field.Label>{t('create.description')}</Field.Label>
                <Textarea
                  value={description}
                  onChange={(e: { target: { value: string } }) => setDescription(e.target.value)}
                />
              </Field.Root>
              <Field.Root
                name="evaluationDataset"
                hint={t('create.evaluationDataset.hint')}
                error={fieldError('evaluationDataset')}
              >
                <Field.Label>{t('create.evaluationDataset')}</Field.Label>
                <TextInput
                  value={evaluationDataset}
                  onChange={(e: { target: { value: string } }) =>
                    setEvaluationDataset(e.target.value)
                  }
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
              {error && !error.field && (
                <Field.Root error={error.message}>
                  <Field.Error />
                </Field.Root>
              )}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('common.cancel')}</Button>
            </Modal.Close>
            <Button
              type="submit"
              loading={busy}
              disabled={!name.trim() || parseLabels(labels).length < 2}
            >
              {t('create.submit')}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
