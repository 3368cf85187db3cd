import { Alert, Box, Button, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import { useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import type { ImportResult } from '../../../../shared/contracts/feedback';
import {
  chunksOf,
  formatOf,
  IMPORT_MAX_BYTES,
  MAX_LISTED_ERRORS,
  parseImport,
  type ImportRow,
  type LineError,
} from '../../../../shared/feedback-import';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../hooks/useT';
import { readServerError } from '../../utils/errors';
import { formatBytes } from '../../utils/format';
import { WideProgressBar } from '../WideProgressBar';

type State =
  | { kind: 'idle' }
  | { kind: 'refused'; file: string; message?: string; errors: LineError[] }
  | { kind: 'ready'; file: string; rows: ImportRow[] }
  | { kind: 'importing'; file: string; rows: ImportRow[]; done: number }
  | { kind: 'done'; file: string; totals: Totals }
  | { kind: 'stopped'; file: string; totals: Totals; line: number; message: string };

type Totals = Pick<ImportResult, 'created' | 'alreadyThere' | 'scored'>;
const ZERO: Totals = { created: 0, alreadyThere: 0, scored: 0 };

/**
 * Import of a JSONL or CSV file: parsed here first (every bad line listed, nothing sent), then sent
 * in chunks of rows, each all-or-nothing on the server, with a progress bar. Importing is
 * idempotent, so a stopped import is finished by importing the same file again.
 */
export const FeedbackImport = ({
  slug,
  labels,
  onImported,
}: {
  slug: string;
  labels: string[];
  onImported: () => void;
}) => {
  const t = useT();
  const intl = useIntl();
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [dataset, setDataset] = useState('import');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const datasetValid = /^[\w.-]{1,120}$/.test(dataset);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    const format = formatOf(file.name);
    if (!format)
      return setState({
        kind: 'refused',
        file: file.name,
        message: t('feedback.import.format'),
        errors: [],
      });
    if (file.size > IMPORT_MAX_BYTES) {
      return setState({
        kind: 'refused',
        file: file.name,
        message: t('feedback.import.tooLarge', { max: formatBytes(intl, IMPORT_MAX_BYTES) }),
        errors: [],
      });
    }
    const { rows, errors } = parseImport(await file.text(), format, labels);
    if (errors.length) return setState({ kind: 'refused', file: file.name, errors });
    if (!rows.length)
      return setState({
        kind: 'refused',
        file: file.name,
        message: t('feedback.import.empty'),
        errors: [],
      });
    setState({ kind: 'ready', file: file.name, rows });
  };

  const run = async (file: string, rows: ImportRow[]) => {
    const totals = { ...ZERO };
    let done = 0;
    setState({ kind: 'importing', file, rows, done });
    for (const chunk of chunksOf(rows)) {
      try {
        const result = await api.importFeedback(slug, { dataset, rows: chunk });
        totals.created += result.created;
        totals.alreadyThere += result.alreadyThere;
        totals.scored += result.scored;
      } catch (error) {
        setState({
          kind: 'stopped',
          file,
          totals,
          line: chunk[0].line,
          message: readServerError(error).message ?? t('errors.unknown'),
        });
        onImported();
        return;
      }
      done += chunk.length;
      setState({ kind: 'importing', file, rows, done });
    }
    setState({ kind: 'done', file, totals });
    onImported();
  };

  const busy = state.kind === 'importing';
  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="feedback-import">
      <Flex gap={4} alignItems="flex-end" wrap="wrap">
        <Box style={{ flex: '1 1 16rem' }}>
          <Field.Root
            name="dataset"
            hint={t('feedback.import.dataset.hint')}
            error={datasetValid ? undefined : t('feedback.import.dataset.invalid')}
          >
            <Field.Label>{t('feedback.import.dataset')}</Field.Label>
            <TextInput
              value={dataset}
              disabled={busy}
              onChange={(e: { target: { value: string } }) => setDataset(e.target.value)}
            />
            <Field.Error />
          </Field.Root>
        </Box>
        <input
          ref={input}
          type="file"
          accept=".jsonl,.ndjson,.csv"
          hidden
          data-testid="feedback-import-file"
          onChange={(e) => {
            void choose(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <Button
          variant="secondary"
          startIcon={<Upload />}
          disabled={busy}
          onClick={() => input.current?.click()}
        >
          {t('feedback.import.choose')}
        </Button>
        {state.kind === 'ready' && (
          <Button disabled={!datasetValid} onClick={() => void run(state.file, state.rows)}>
            {t('feedback.import.start', { count: state.rows.length })}
          </Button>
        )}
      </Flex>
      <Typography variant="pi" textColor="neutral600">
        {t('feedback.import.help', { labels: labels.join(', ') })}
      </Typography>
      {state.kind === 'refused' && (
        <Alert
          variant="danger"
          title={t('feedback.import.refused', { file: state.file })}
          closeLabel={t('common.close')}
          onClose={() => setState({ kind: 'idle' })}
        >
          {state.message ?? t('feedback.import.badLines', { count: state.errors.length })}
          {state.errors.length > 0 && (
            <ul
              data-testid="feedback-import-errors"
              style={{ marginTop: 8, paddingLeft: 16, listStyle: 'disc' }}
            >
              {state.errors.slice(0, MAX_LISTED_ERRORS).map((e) => (
                <li key={e.line}>
                  {t('feedback.import.lineError', { line: e.line, message: e.message })}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {state.kind === 'importing' && (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <WideProgressBar
            value={Math.round((state.done / state.rows.length) * 100)}
            aria-label={t('feedback.import.progress')}
          />
          <Typography variant="pi" data-testid="feedback-import-progress">
            {t('feedback.import.progressText', { done: state.done, total: state.rows.length })}
          </Typography>
        </Flex>
      )}
      {state.kind === 'done' && (
        <Alert
          variant="success"
          title={t('feedback.import.done', { file: state.file })}
          closeLabel={t('common.close')}
          onClose={() => setState({ kind: 'idle' })}
        >
          <span data-testid="feedback-import-result">
            {t('feedback.import.summary', { ...state.totals, dataset })}
          </span>
        </Alert>
      )}
      {state.kind === 'stopped' && (
        <Alert
          variant="danger"
          title={t('feedback.import.stopped', { line: state.line })}
          closeLabel={t('common.close')}
          onClose={() => setState({ kind: 'idle' })}
        >
          {state.message} {t('feedback.import.stoppedHelp', { ...state.totals, dataset })}
        </Alert>
      )}
    </Flex>
  );
};
