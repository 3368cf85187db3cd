/**
 * Collective aggregation bench on the partisan debates: simulated members label the utterances of
 * the training debates the base model never saw; each aggregation keeps some subjects with some
 * labels (and weights), a model is fitted on those rows with the repo's own ml/ pipeline
 * (DEFAULT_TRAIN_PARAMS) and scored on holdout.jsonl. Aggregations side by side:
 * - majority: plain vote per subject, ties dropped;
 * - kappa: the previous aggregation (ml/agreement.ts), kappa-weighted vote, ties dropped;
 * - DS, no anchor: ml/dawid-skene.ts from the members' labels alone;
 * - DS + anchor: the same anchored by the base model's probabilities (what a run uses now), rows
 *   weighted by the posterior's confidence.
 *
 *   npm run bench:collective [-- --seed 7 --seeds 3 --base-debates 8]
 */
import path from 'node:path';
import { aggregate } from '../src/plugins/model-manager/server/src/ml/agreement';
import { trainTextClassifier } from '../src/plugins/model-manager/server/src/ml/calibrated-training';
import { dawidSkene, type Vote } from '../src/plugins/model-manager/server/src/ml/dawid-skene';
import {
  defaultDataDir,
  readLabelledJsonl,
} from '../src/plugins/model-manager/server/src/ml/dataset';
import { accuracy, macroF1, rocAuc } from '../src/plugins/model-manager/server/src/ml/metrics';
import {
  fitTextClassifier,
  type LabelledText,
} from '../src/plugins/model-manager/server/src/ml/pipeline';
import { seededRandom, type Random } from '../src/plugins/model-manager/server/src/ml/random';
import { DEFAULT_TRAIN_PARAMS } from '../src/plugins/model-manager/server/src/ml/train-params';
import { numOpt } from './lib/cli';
import { table } from './lib/stats';

const LABELS = ['blue', 'red'];
const flip = (label: string) => (label === 'red' ? 'blue' : 'red');

type Answer = (truth: string, subject: number, random: Random) => string | null;
/** A member right with probability `p`, labelling a share `coverage` of the subjects. */
const accurate =
  (p: number, coverage = 1): Answer =>
  (truth, _, random) =>
    random() >= coverage ? null : random() < p ? truth : flip(truth);
const flipper: Answer = (truth) => flip(truth);
const coinFlip: Answer = (_, __, random) => (random() < 0.5 ? 'red' : 'blue');

interface Case {
  name: string;
  /** members by name; a clique member answers the opposite of the member it names */
  members: Array<[string, Answer | { opposes: string }]>;
}

const CASES: Case[] = [
  {
    name: '2 members, 90 % and 75 %',
    members: [
      ['a', accurate(0.9)],
      ['b', accurate(0.75)],
    ],
  },
  {
    name: '2 members, 90 % and a flipper',
    members: [
      ['a', accurate(0.9)],
      ['flip', flipper],
    ],
  },
  {
    name: '3 members, 90/80/70 %',
    members: [
      ['a', accurate(0.9)],
      ['b', accurate(0.8)],
      ['c', accurate(0.7)],
    ],
  },
  {
    name: 'clique of 2 against 1 honest (90 %)',
    members: [
      ['honest', accurate(0.9)],
      ['c1', { opposes: 'honest' }],
      ['c2', { opposes: 'honest' }],
    ],
  },
  {
    name: '2 careful (85/80 %) + sparse 40 % on 1 %',
    members: [
      ['a', accurate(0.85)],
      ['b', accurate(0.8)],
      ['sparse', accurate(0.4, 0.01)],
    ],
  },
  {
    name: '2 careful (85/80 %) + random labeller',
    members: [
      ['a', accurate(0.85)],
      ['b', accurate(0.8)],
      ['random', coinFlip],
    ],
  },
];

interface Kept {
  /** subject index -> label and weight */
  rows: Map<number, { label: string; weight: number }>;
}

function majority(votes: Vote[]): Kept {
  const tally = new Map<number, Map<string, number>>();
  for (const v of votes) {
    const t = tally.get(Number(v.subject)) ?? new Map<string, number>();
    t.set(v.label, (t.get(v.label) ?? 0) + 1);
    tally.set(Number(v.subject), t);
  }
  const rows = new Map<number, { label: string; weight: number }>();
  for (const [s, t] of tally) {
    const sorted = [...t].sort((a, b) => b[1] - a[1]);
    if (sorted.length === 1 || sorted[0][1] > sorted[1][1])
      rows.set(s, { label: sorted[0][0], weight: 1 });
  }
  return { rows };
}

function kappaWeighted(votes: Vote[]): Kept {
  const { labels } = aggregate(votes);
  return { rows: new Map([...labels].map(([s, label]) => [Number(s), { label, weight: 1 }])) };
}

function estimated(votes: Vote[], anchor?: Map<string, number[]>): Kept {
  const rows = new Map<number, { label: string; weight: number }>();
  for (const p of dawidSkene(LABELS, votes, { anchor }).subjects)
    if (p.weight > 0) rows.set(Number(p.subject), { label: p.label, weight: p.weight });
  return { rows };
}

/** The true label of each subject the members label (set once the data is read). */
let subjectsTruth: string[] = [];

const METHODS: Array<[string, (votes: Vote[], anchor: Map<string, number[]>) => Kept]> = [
  ['majority', (votes) => majority(votes)],
  ['kappa (before)', (votes) => kappaWeighted(votes)],
  ['DS, no anchor', (votes) => estimated(votes)],
  ['DS + anchor (now)', (votes, anchor) => estimated(votes, anchor)],
];

/** Every member's labels in one simulation (a clique member copies the opposite of whom it opposes). */
function simulate(c: Case, random: Random): Vote[] {
  const said = new Map<string, Array<string | null>>();
  for (const [name, answer] of c.members)
    said.set(
      name,
      subjectsTruth.map((truth, i) => {
        if (!('opposes' in answer)) return answer(truth, i, random);
        const other = said.get(answer.opposes)![i];
        return other === null ? null : flip(other);
      })
    );
  return [...said].flatMap(([member, labels]) =>
    labels.flatMap((label, i) => (label === null ? [] : [{ subject: String(i), member, label }]))
  );
}

const f3 = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));

function main() {
  const firstSeed = numOpt('seed', 'BENCH_SEED', 7);
  const seeds = Math.max(1, numOpt('seeds', 'BENCH_SEEDS', 3));
  const baseDebates = numOpt('base-debates', 'BENCH_BASE_DEBATES', 8);
  const dir = path.join(defaultDataDir(), 'partisan');
  const train = readLabelledJsonl(path.join(dir, 'train.jsonl'), ['debate']);
  const holdout = readLabelledJsonl(path.join(dir, 'holdout.jsonl'));
  const debates = [...new Set(train.map((r) => String(r.debate)))].sort();
  const baseSet = new Set(
    debates.filter((_, i) => i % Math.ceil(debates.length / baseDebates) === 0)
  );
  const baseRows = train.filter((r) => baseSet.has(String(r.debate)));
  const subjects = train.filter((r) => !baseSet.has(String(r.debate)));
  subjectsTruth = subjects.map((s) => s.label);

  const holdoutTexts = holdout.map((h) => h.text);
  const holdoutTruth = holdout.map((h) => h.label);
  const score = (rows: LabelledText[]) => {
    const model = fitTextClassifier(rows, DEFAULT_TRAIN_PARAMS);
    const raw = model.rawScores(holdoutTexts);
    const red = model.labels.indexOf('red');
    const predicted = raw.map((s) => model.labels[s[red] > s[1 - red] ? red : 1 - red]);
    return {
      accuracy: accuracy(holdoutTruth, predicted),
      macroF1: macroF1(holdoutTruth, predicted),
      auc: rocAuc(
        holdoutTruth,
        raw.map((s) => s[red] - s[1 - red]),
        'red'
      ),
    };
  };

  const base = trainTextClassifier(baseRows, DEFAULT_TRAIN_PARAMS);
  const anchor = new Map(
    base
      .predictProba(subjects.map((s) => s.text))
      .map((p, i) => [String(i), LABELS.map((l) => p[base.labels.indexOf(l)])])
  );
  const baseHoldout = score(baseRows);
  const oracle = score(subjects);
  const anchorAccuracy =
    subjects.filter((s, i) => LABELS[anchor.get(String(i))![1] > 0.5 ? 1 : 0] === s.label).length /
    subjects.length;
  console.log(
    `train.jsonl: base model on ${baseRows.length} utterances of ${baseSet.size} debates (anchor accuracy on the subjects ${f3(anchorAccuracy)}); members label ${subjects.length} utterances of the other ${debates.length - baseSet.size} debates; models scored on holdout.jsonl (${holdout.length}); member simulations with seeds ${firstSeed}..${firstSeed + seeds - 1}, figures their mean`
  );
  console.log(
    `references on holdout: base model acc ${f3(baseHoldout.accuracy)} / macro-F1 ${f3(baseHoldout.macroF1)} / AUC ${f3(baseHoldout.auc)}; true labels of every subject acc ${f3(oracle.accuracy)} / macro-F1 ${f3(oracle.macroF1)} / AUC ${f3(oracle.auc)}\n`
  );

  const out = [
    [
      'case',
      'aggregation',
      'kept',
      'label acc',
      'weight',
      'holdout acc (range)',
      'macro-F1',
      'AUC',
    ],
  ];
  const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  for (const c of CASES) {
    const figures = METHODS.map(() => ({
      kept: [] as number[],
      labelled: [] as number[],
      labelAcc: [] as number[],
      weight: [] as number[],
      accuracy: [] as number[],
      macroF1: [] as number[],
      auc: [] as number[],
    }));
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const votes = simulate(c, seededRandom(seed));
      const labelled = new Set(votes.map((v) => v.subject)).size;
      METHODS.forEach(([method, run], m) => {
        const kept = [...run(votes, anchor).rows];
        const trainRows = kept.map(([s, r]) => ({
          text: subjects[s].text,
          label: r.label,
          weight: r.weight,
        }));
        // Nothing to fit when every kept row has one label (or none is kept).
        const scored =
          new Set(trainRows.map((r) => r.label)).size < 2
            ? { accuracy: NaN, macroF1: NaN, auc: NaN }
            : score(trainRows);
        const f = figures[m];
        f.kept.push(kept.length);
        f.labelled.push(labelled);
        f.labelAcc.push(
          kept.length
            ? kept.filter(([s, r]) => subjects[s].label === r.label).length / kept.length
            : 0
        );
        f.weight.push(kept.reduce((a, [, r]) => a + r.weight, 0));
        f.accuracy.push(scored.accuracy);
        f.macroF1.push(scored.macroF1);
        f.auc.push(scored.auc);
        console.error(`[collective] ${c.name}, seed ${seed}: ${method} done`);
      });
    }
    METHODS.forEach(([method], m) => {
      const f = figures[m];
      out.push([
        m === 0 ? c.name : '',
        method,
        `${mean(f.kept).toFixed(0)} / ${mean(f.labelled).toFixed(0)}`,
        f3(mean(f.labelAcc)),
        mean(f.weight).toFixed(0),
        `${f3(mean(f.accuracy))} (${f3(Math.min(...f.accuracy))}-${f3(Math.max(...f.accuracy))})`,
        f3(mean(f.macroF1)),
        f3(mean(f.auc)),
      ]);
    });
  }
  console.log(table(out));
}

main();
