import { DEFAULT_TRAIN_PARAMS, parseTrainParams, TrainParamsError } from './train-params';

describe('parseTrainParams', () => {
  it('returns the defaults for an empty object', () => {
    expect(parseTrainParams({})).toEqual(DEFAULT_TRAIN_PARAMS);
    expect(parseTrainParams()).toEqual(DEFAULT_TRAIN_PARAMS);
  });

  it('overlays valid values', () => {
    const p = parseTrainParams({
      algorithm: 'naive-bayes',
      ngramRange: [1, 3],
      C: 0.5,
      classWeight: 'none',
    });
    expect(p).toMatchObject({
      algorithm: 'naive-bayes',
      ngramRange: [1, 3],
      C: 0.5,
      classWeight: 'none',
    });
    expect(p.minDf).toBe(DEFAULT_TRAIN_PARAMS.minDf);
  });

  it('does not share the default ngramRange array', () => {
    const p = parseTrainParams({});
    p.ngramRange[1] = 4;
    expect(DEFAULT_TRAIN_PARAMS.ngramRange[1]).not.toBe(4);
  });

  it.each([
    [{ algorithm: 'svm' }, /algorithm/],
    [{ ngramRange: [2, 1] }, /ngramRange/],
    [{ ngramRange: [0, 2] }, /ngramRange/],
    [{ minDf: 1.5 }, /minDf/],
    [{ C: 0 }, /C must be/],
    [{ C: '1' }, /C must be/],
    [{ maxIterations: -3 }, /maxIterations/],
    [{ sublinearTf: 'yes' }, /sublinearTf/],
    [{ colour: 'red' }, /unknown train param "colour"/],
  ])('rejects %j', (input, message) => {
    expect(() => parseTrainParams(input)).toThrow(TrainParamsError);
    expect(() => parseTrainParams(input)).toThrow(message);
  });

  it('rejects a non-object', () => {
    expect(() => parseTrainParams([1, 2])).toThrow(TrainParamsError);
    expect(() => parseTrainParams(null)).toThrow(TrainParamsError);
  });
});
