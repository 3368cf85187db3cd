import { DEFAULT_TRAIN_PARAMS, parseTrainParams, TrainParamsError } from '../ml';
import {
  checkDatasets,
  checkTrainingData,
  overallProgress,
  planRun,
  STAGES,
  trainParamsErrorField,
  TrainingError,
} from './run-plan';

const rows = (labels: string[]) => labels.map((label, i) => ({ text: `t${i}`, label }));

describe('planRun', () => {
  it('splits stored parameters into trainer parameters with defaults and run options', () => {
    const plan = planRun({ algorithm: 'logistic-regression', C: 2, datasets: ['a'], notes: 'n' });

    expect(plan.params).toEqual({
      ...DEFAULT_TRAIN_PARAMS,
      algorithm: 'logistic-regression',
      C: 2,
    });
    expect(plan).toMatchObject({ datasets: ['a'], notes: 'n' });
  });

  it('treats missing parameters as all defaults', () => {
    expect(planRun(null)).toEqual({ params: parseTrainParams({}), datasets: null, notes: null });
  });

  it('re-validates the trainer parameters', () => {
    expect(() => planRun({ minDf: 0 })).toThrow(TrainParamsError);
  });
});

describe('trainParamsErrorField', () => {
  const messageOf = (input: unknown) => {
    try {
      parseTrainParams(input);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it.each([
    [{ ngramRange: [3, 1] }, 'ngramRange'],
    [{ minDf: 0 }, 'minDf'],
    [{ C: -1 }, 'C'],
    [{ colour: 'red' }, 'colour'],
  ])('names the field of the refusal of %j', (input, field) => {
    expect(trainParamsErrorField(messageOf(input))).toBe(field);
  });

  it('is null for a message about no field', () => {
    expect(trainParamsErrorField('train params must be an object')).toBeNull();
  });
});

describe('checkDatasets', () => {
  it('refuses the evaluation dataset, naming it', () => {
    expect(() => checkDatasets(['train', 'holdout'], 'holdout')).toThrow(
      /"holdout" is this model's evaluation dataset/
    );
  });

  it.each([
    [null, 'holdout'],
    [['train'], 'holdout'],
    [['train'], null],
  ])('accepts %j when the evaluation dataset is %j', (datasets, evaluation) => {
    expect(() => checkDatasets(datasets, evaluation)).not.toThrow();
  });
});

describe('checkTrainingData', () => {
  const labels = ['blue', 'red'];

  it('accepts enough rows of every label', () => {
    expect(() => checkTrainingData(rows(['red', 'blue', 'red', 'blue']), labels, 4)).not.toThrow();
  });

  it('refuses too few rows, naming the minimum', () => {
    expect(() => checkTrainingData(rows(['red', 'blue']), labels, 10)).toThrow(
      /Too few training rows: 2; at least 10/
    );
  });

  it('refuses a single class', () => {
    expect(() => checkTrainingData(rows(['red', 'red', 'red']), labels, 2)).toThrow(
      /at least two classes; all 3 training rows are labelled "red"/
    );
  });

  it('refuses data missing a label of the model', () => {
    expect(() => checkTrainingData(rows(['red', 'blue']), ['blue', 'green', 'red'], 2)).toThrow(
      /none of "green"/
    );
  });

  it('refuses a label the model does not have', () => {
    expect(() => checkTrainingData(rows(['red', 'purple']), labels, 2)).toThrow(TrainingError);
  });
});

describe('overallProgress', () => {
  it('maps each stage onto its span, clamped, and the stages cover 0..1 in order', () => {
    expect(overallProgress('dataset')).toBe(0);
    expect(overallProgress('train', 0.5)).toBeCloseTo((STAGES.train[0] + STAGES.train[1]) / 2, 4);
    expect(overallProgress('train', 7)).toBe(STAGES.train[1]);
    expect(overallProgress('export', Number.NaN)).toBe(STAGES.export[0]);
    expect(overallProgress('store', 1)).toBe(1);
    const spans = Object.values(STAGES);
    spans.slice(1).forEach(([start], i) => expect(start).toBe(spans[i][1]));
  });
});
