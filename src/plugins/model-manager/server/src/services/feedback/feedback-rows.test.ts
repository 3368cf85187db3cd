import { sha256Hex as sha256 } from '../../utils/digest';
import { relabelled, subsetOf, type Dataset } from './feedback';

/** A frozen dataset of three unweighted rows, fingerprinted as feedback.dataset() does. */
function threeRows(): Dataset {
  const base: Dataset = {
    rows: [
      { text: 'the wall', label: 'red', group: null },
      { text: 'health care', label: 'blue', group: null },
      { text: 'tax cuts', label: 'red', group: null },
    ],
    size: 3,
    hash: '',
    contentHash: '',
    ids: [1, 2, 3],
    subjects: ['text:a', 'text:b', 'text:c'],
    groupedBy: null,
  };
  return subsetOf(base, () => true);
}

describe('dataset rows with weights', () => {
  it('an unweighted dataset keeps the hash of its (subject, label) pairs, as before weights existed', () => {
    const data = threeRows();

    const pairs = ['text:a\tred', 'text:b\tblue', 'text:c\tred'].sort().join('\n');
    expect(data.hash).toBe(sha256(pairs));
    expect(data.rows.every((r) => !('weight' in r))).toBe(true);
    expect(relabelled(data, () => ({ weight: 1 })).hash).toBe(data.hash);
  });

  it('a weight other than 1 is part of the hash and of the rows, and survives a subset', () => {
    const data = threeRows();

    const weighted = relabelled(data, (i) => (i === 1 ? { weight: 0.25 } : {}));
    const kept = subsetOf(weighted, (i) => i > 0);

    expect(weighted.hash).not.toBe(data.hash);
    expect(weighted.contentHash).not.toBe(data.contentHash);
    expect(weighted.rows[1]).toEqual({
      text: 'health care',
      label: 'blue',
      group: null,
      weight: 0.25,
    });
    expect(kept.rows.map((r) => r.weight ?? 1)).toEqual([0.25, 1]);
    expect(kept.ids).toEqual([2, 3]);
  });

  it('relabels and drops rows, fingerprinting the result afresh', () => {
    const data = threeRows();

    const changed = relabelled(data, (i) => (i === 2 ? null : { label: 'blue', weight: 0.5 }));

    expect(changed.rows.map((r) => [r.label, r.weight])).toEqual([
      ['blue', 0.5],
      ['blue', 0.5],
    ]);
    expect(changed.subjects).toEqual(['text:a', 'text:b']);
    expect(changed.size).toBe(2);
  });
});
