import {
  Button,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Play } from '@strapi/icons';
import { type FormEvent, useState } from 'react';
import type { CreateTrainingRunInput } from '../../../../shared/contracts/training';
import {
  type LimitedParameter,
  limitProblem,
  type LimitProblem,
} from '../../../../shared/training-limits';
import { type Translate, useT } from '../../hooks/useT';

/** A parameter's problem in words, shown under the field before anything is sent. */
function problemText(t: Translate, problem: LimitProblem | null): string | undefined {
  if (!problem) return undefined;
  switch (problem.kind) {
    case 'missing':
      return t('training.limit.missing');
    case 'integer':
      return t('training.limit.integer');
    case 'below':
      return t(problem.exclusive ? 'training.limit.above0' : 'training.limit.atLeast', {
        min: problem.min,
      });
    case 'above':
      return t('training.limit.atMost', { max: problem.max });
    case 'more-than-rows':
      return t('training.limit.moreThanRows', { rows: problem.rows });
  }
}

type Algorithm = NonNullable<CreateTrainingRunInput['algorithm']>;
type ClassWeight = NonNullable<CreateTrainingRunInput['classWeight']>;
type CalibrationChoice = NonNullable<CreateTrainingRunInput['calibration']>;
const CALIBRATIONS: CalibrationChoice[] = ['auto', 'temperature', 'platt', 'none'];

const NGRAMS = [1, 2, 3];

/** Trainer parameters; the defaults shown are the trainer's own (server/src/ml/train-params.ts). */
/**
 * `blocked`: why Start is disabled (the data is short), in the server's words; null when a run can start.
 * `rows`: the texts a run would train on, so a minimum document frequency above it is caught here.
 */
export const TrainingForm = ({
  onStart,
  busy,
  blocked,
  rows,
}: {
  onStart: (input: CreateTrainingRunInput) => Promise<void>;
  busy: boolean;
  blocked: string | null;
  rows?: number;
}) => {
  const t = useT();
  const [algorithm, setAlgorithm] = useState<Algorithm>('naive-bayes');
  const [ngram, setNgram] = useState<[number, number]>([1, 3]);
  const [minDf, setMinDf] = useState<number | undefined>(3);
  const [classWeight, setClassWeight] = useState<ClassWeight>('balanced');
  const [sublinearTf, setSublinearTf] = useState(true);
  const [calibration, setCalibration] = useState<CalibrationChoice>('auto');
  const [C, setC] = useState<number | undefined>(1);
  const [alpha, setAlpha] = useState<number | undefined>(0.3);
  const [notes, setNotes] = useState('');
  const ngramValid = ngram[0] <= ngram[1];
  // only the parameters the chosen algorithm uses are judged (C for logistic regression, alpha for naive Bayes)
  const errors: Partial<Record<LimitedParameter, string>> = {
    minDf: problemText(t, limitProblem('minDf', minDf, rows)),
    ...(algorithm === 'logistic-regression'
      ? { C: problemText(t, limitProblem('C', C)) }
      : { alpha: problemText(t, limitProblem('alpha', alpha)) }),
  };
  const valid = ngramValid && Object.values(errors).every((e) => e === undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: CreateTrainingRunInput = {
      algorithm,
      ngramRange: ngram,
      classWeight,
      sublinearTf,
      calibration,
    };
    if (minDf !== undefined) input.minDf = minDf;
    if (algorithm === 'logistic-regression' && C !== undefined) input.C = C;
    if (algorithm === 'naive-bayes' && alpha !== undefined) input.alpha = alpha;
    if (notes.trim()) input.notes = notes.trim();
    void onStart(input);
  };

  const ngramSelect = (index: 0 | 1) => (
    <SingleSelect
      value={String(ngram[index])}
      onChange={(v) => setNgram((r) => (index === 0 ? [Number(v), r[1]] : [r[0], Number(v)]))}
    >
      {NGRAMS.map((n) => (
        <SingleSelectOption key={n} value={String(n)}>
          {String(n)}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  );

  return (
    <form onSubmit={submit}>
      <Grid.Root gap={5}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root name="algorithm">
            <Field.Label>{t('training.algorithm')}</Field.Label>
            <SingleSelect value={algorithm} onChange={(v) => setAlgorithm(v as Algorithm)}>
              <SingleSelectOption value="naive-bayes">
                {t('training.algorithm.naive-bayes')}
              </SingleSelectOption>
              <SingleSelectOption value="logistic-regression">
                {t('training.algorithm.logistic-regression')}
              </SingleSelectOption>
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root name="classWeight">
            <Field.Label>{t('training.classWeight')}</Field.Label>
            <SingleSelect value={classWeight} onChange={(v) => setClassWeight(v as ClassWeight)}>
              <SingleSelectOption value="balanced">
                {t('training.classWeight.balanced')}
              </SingleSelectOption>
              <SingleSelectOption value="none">{t('training.classWeight.none')}</SingleSelectOption>
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root name="calibration" hint={t('training.calibration.hint')}>
            <Field.Label>{t('training.calibration')}</Field.Label>
            <SingleSelect
              value={calibration}
              onChange={(v) => setCalibration(v as CalibrationChoice)}
            >
              {CALIBRATIONS.map((c) => (
                <SingleSelectOption key={c} value={c}>
                  {t(`training.calibration.${c}`)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          <Field.Root name="ngramMin" error={ngramValid ? undefined : t('training.ngram.invalid')}>
            <Field.Label>{t('training.ngram.min')}</Field.Label>
            {ngramSelect(0)}
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          <Field.Root name="ngramMax">
            <Field.Label>{t('training.ngram.max')}</Field.Label>
            {ngramSelect(1)}
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          <Field.Root name="minDf" hint={t('training.minDf.hint')} error={errors.minDf}>
            <Field.Label>{t('training.minDf')}</Field.Label>
            <NumberInput value={minDf} onValueChange={setMinDf} step={1} />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          {algorithm === 'logistic-regression' ? (
            <Field.Root name="C" hint={t('training.C.hint')} error={errors.C}>
              <Field.Label>{t('training.C')}</Field.Label>
              <NumberInput value={C} onValueChange={setC} step={0.1} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          ) : (
            <Field.Root name="alpha" hint={t('training.alpha.hint')} error={errors.alpha}>
              <Field.Label>{t('training.alpha')}</Field.Label>
              <NumberInput value={alpha} onValueChange={setAlpha} step={0.1} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root name="sublinearTf" hint={t('training.sublinearTf.hint')}>
            <Field.Label>{t('training.sublinearTf')}</Field.Label>
            <Toggle
              checked={sublinearTf}
              onChange={(e: { target: { checked: boolean } }) => setSublinearTf(e.target.checked)}
              onLabel={t('common.on')}
              offLabel={t('common.off')}
            />
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root name="notes">
            <Field.Label>{t('training.notes')}</Field.Label>
            <Textarea
              value={notes}
              onChange={(e: { target: { value: string } }) => setNotes(e.target.value)}
            />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
      <Flex justifyContent="flex-end" alignItems="center" gap={3} paddingTop={5} wrap="wrap">
        {blocked && (
          <Typography textColor="danger600" data-testid="training-blocked">
            {blocked}
          </Typography>
        )}
        <Button
          type="submit"
          startIcon={<Play />}
          loading={busy}
          disabled={!valid || blocked !== null}
        >
          {t('training.start')}
        </Button>
      </Flex>
    </form>
  );
};
