import { undecidedReason } from './decision';

describe('when the playground says "undecided"', () => {
  it('follows the server when it says undecided, with its reason', () => {
    expect(
      undecidedReason({
        undecided: true,
        undecidedReason: 'no_evidence',
        probabilities: { blue: 0.5, red: 0.5 },
      })
    ).toBe('no_evidence');
    expect(undecidedReason({ undecided: true, probabilities: { blue: 0.52, red: 0.48 } })).toBe(
      'tie'
    );
  });

  it('calls an exact 50/50 a tie even if the server did not', () => {
    expect(undecidedReason({ undecided: false, probabilities: { blue: 0.5, red: 0.5 } })).toBe(
      'tie'
    );
  });

  it('names a label when one class is ahead', () => {
    expect(
      undecidedReason({ undecided: false, probabilities: { blue: 0.51, red: 0.49 } })
    ).toBeNull();
    expect(undecidedReason({ undecided: false, probabilities: { blue: 1 } })).toBeNull();
  });
});
