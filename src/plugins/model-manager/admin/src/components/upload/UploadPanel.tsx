import { Alert, Box, Button, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import { useState } from 'react';
import { useApi } from '../../hooks/useApi';
import { useNotifySuccess } from '../../hooks/useNotifyError';
import { useT } from '../../hooks/useT';
import { isAbort, readServerError } from '../../utils/errors';
import { Card } from '../Card';
import type { PanelProps } from '../panel';
import { DropZone } from './DropZone';

/** Uploads an ONNX file as a new candidate version; a refusal shows the server's words verbatim. */
const UploadPanel = ({ model, permissions, reload, goTo }: PanelProps) => {
  const t = useT();
  const api = useApi();
  const notifySuccess = useNotifySuccess();
  const [file, setFile] = useState<File | null>(null);
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; problem: string | null } | null>(null);

  if (!permissions.upload)
    return <Typography textColor="neutral600">{t('upload.noPermission')}</Typography>;

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setRefusal(null);
    try {
      const version = await api.uploadVersion(model.slug, file, notes.trim() || undefined);
      notifySuccess(t('upload.success', { number: version.number }));
      await reload();
      goTo('versions');
    } catch (error) {
      if (isAbort(error)) return;
      const server = readServerError(error);
      const message =
        server.message ?? (server.status === 413 ? t('errors.tooLarge') : t('errors.unknown'));
      setRefusal({ message, problem: (server.details.problem as string | undefined) ?? null });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('upload.title')}
      subtitle={t('upload.subtitle', { labels: model.labels.join(', ') })}
    >
      <Flex direction="column" alignItems="stretch" gap={5}>
        <DropZone
          file={file}
          onFile={(next) => {
            setFile(next);
            setRefusal(null);
          }}
        />
        <Field.Root name="notes" hint={t('upload.notes.hint')}>
          <Field.Label>{t('upload.notes')}</Field.Label>
          <Textarea
            value={notes}
            onChange={(e: { target: { value: string } }) => setNotes(e.target.value)}
          />
          <Field.Hint />
        </Field.Root>
        {refusal && (
          <Alert
            variant="danger"
            closeLabel={t('common.close')}
            title={t('upload.refused')}
            onClose={() => setRefusal(null)}
          >
            <Box tag="span" data-testid="upload-error">
              {refusal.message}
            </Box>
            {refusal.problem && (
              <Typography variant="pi" textColor="neutral600">
                {' '}
                ({refusal.problem})
              </Typography>
            )}
          </Alert>
        )}
        <Flex justifyContent="flex-end">
          <Button startIcon={<Upload />} disabled={!file} loading={busy} onClick={upload}>
            {t('upload.submit')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
};

export default UploadPanel;
