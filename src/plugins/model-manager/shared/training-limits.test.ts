import { limitProblem } from './training-limits';

describe("the training form's parameter limits", () => {
  it('accepts values inside the limits', () => {
    expect(limitProblem('minDf', 3)).toBeNull();
    expect(limitProblem('C', 0.5)).toBeNull();
    expect(limitProblem('alpha', 100)).toBeNull();
  });

  it.each([
    ['minDf', 150, undefined, { kind: 'above', max: 100 }],
    ['minDf', 0, undefined, { kind: 'below', min: 1, exclusive: false }],
    ['minDf', 2.5, undefined, { kind: 'integer' }],
    ['minDf', 40, 30, { kind: 'more-than-rows', rows: 30 }],
    ['C', 0, undefined, { kind: 'below', min: 0, exclusive: true }],
    ['alpha', undefined, undefined, { kind: 'missing' }],
  ] as const)('%s = %s (rows %s) is %j', (parameter, value, rows, problem) => {
    expect(limitProblem(parameter, value, rows)).toEqual(problem);
  });
});
