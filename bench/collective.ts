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
import { aggregate } from '../src/plugins/model-manager/server/src/ml/agreement';
import {
  accuracy,
  dawidSkene,
  DEFAULT_TRAIN_PARAMS,
  fitTextClassifier,
  macroF1,
} from '../src/plugins/model-manager/server/src/ml';
import {
  rocAuc,
  seededRandom,
  trainTextClassifier,
} from '../src/plugins/model-manager/server/src/ml';
import type { LabelledText, MemberVote as Vote } from '../src/plugins/model-manager/server/src/ml';
import type { Random } from '../src/plugins/model-manager/server/src/ml/random';
import { readJsonl } from '../tests/helpers/data';
import { log, opt, runMain } from './lib/bench';
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

/** Members by name; a clique member answers the opposite of the member it names. */
type Case = [name: string, members: Record<string, Answer | { opposes: string }>];
const careful = { a: accurate(0.85), b: accurate(0.8) };
const CASES: Case[] = [
  ['2 members, 90 % and 75 %', { a: accurate(0.9), b: accurate(0.75) }],
  ['2 members, 90 % and a flipper', { a: accurate(0.9), flip: flipper }],
  ['3 members, 90/80/70 %', { a: accurate(0.9), b: accurate(0.8), c: accurate(0.7) }],
  [
    'clique of 2 against 1 honest (90 %)',
    { honest: accurate(0.9), c1: { opposes: 'honest' }, c2: { opposes: 'honest' } },
  ],
  ['2 careful (85/80 %) + sparse 40 % on 1 %', { ...careful, sparse: accurate(0.4, 0.01) }],
  ['2 careful (85/80 %) + random labeller', { ...careful, random: coinFlip }],
];

/** What an aggregation keeps: subject index -> label and weight. */
type Kept = Map<number, { label: string; weight: number }>;

function majority(votes: Vote[]): Kept {
  const tally = new Map<number, Map<string, number>>();
  for (const v of votes) {
    const t = tally.get(Number(v.subject)) ?? new Map<string, number>();
    t.set(v.label, (t.get(v.label) ?? 0) + 1);
    tally.set(Number(v.subject), t);
  }
  const rows: Kept = new Map();
  for (const [s, t] of tally) {
    const sorted = [...t].sort((a, b) => b[1] - a[1]);
    if (sorted.length === 1 || sorted[0][1] > sorted[1][1])
      rows.set(s, { label: sorted[0][0], weight: 1 });
  }
  return rows;
}

function kappaWeighted(votes: Vote[]): Kept {
  const { labels } = aggregate(votes);
  return new Map([...labels].map(([s, label]) => [Number(s), { label, weight: 1 }]));
}

function estimated(votes: Vote[], anchor?: Map<string, number[]>): Kept {
  const rows: Kept = new Map();
  for (const p of dawidSkene(LABELS, votes, { anchor }).subjects)
    if (p.weight > 0) rows.set(Number(p.subject), { label: p.label, weight: p.weight });
  return rows;
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
function simulate([, members]: Case, random: Random): Vote[] {
  const said = new Map<string, Array<string | null>>();
  for (const [name, answer] of Object.entries(members))
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
  const firstSeed = opt.num('seed', 7);
  const seeds = Math.max(1, opt.num('seeds', 3));
  const baseDebates = opt.num('base-debates', 8);
  const train = readJsonl<LabelledText & { debate: string }>('partisan/train.jsonl');
  const holdout = readJsonl<LabelledText>('partisan/holdout.jsonl');
  const debates = [...new Set(train.map((r) => String(r.debate)))].sort();
  const every = Math.ceil(debates.length / baseDebates);
  const baseSet = new Set(debates.filter((_, i) => i % every === 0));
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
    const margins = raw.map((s) => s[red] - s[1 - red]);
    const [acc, f1] = [accuracy(holdoutTruth, predicted), macroF1(holdoutTruth, predicted)];
    return { accuracy: acc, macroF1: f1, auc: rocAuc(holdoutTruth, margins, 'red') };
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
  log(
    `train.jsonl: base model on ${baseRows.length} utterances of ${baseSet.size} debates (anchor accuracy on the subjects ${f3(anchorAccuracy)}); members label ${subjects.length} utterances of the other ${debates.length - baseSet.size} debates; models scored on holdout.jsonl (${holdout.length}); member simulations with seeds ${firstSeed}..${firstSeed + seeds - 1}, figures their mean`
  );
  log(
    `references on holdout: base model acc ${f3(baseHoldout.accuracy)} / macro-F1 ${f3(baseHoldout.macroF1)} / AUC ${f3(baseHoldout.auc)}; true labels of every subject acc ${f3(oracle.accuracy)} / macro-F1 ${f3(oracle.macroF1)} / AUC ${f3(oracle.auc)}\n`
  );

  const out = [['case', 'aggregation', 'kept', 'label acc', 'weight', 'holdout acc (range)']];
  out[0].push('macro-F1', 'AUC');
  const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  for (const c of CASES) {
    const keys = ['kept', 'labelled', 'labelAcc', 'weight', 'accuracy', 'macroF1', 'auc'] as const;
    const figures = METHODS.map(() => Object.fromEntries(keys.map((k) => [k, [] as number[]])));
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const votes = simulate(c, seededRandom(seed));
      const labelled = new Set(votes.map((v) => v.subject)).size;
      METHODS.forEach(([method, run], m) => {
        const kept = [...run(votes, anchor)];
        const trainRows = kept.map(([s, { label, weight }]) => ({
          text: subjects[s].text,
          label,
          weight,
        }));
        // Nothing to fit when every kept row has one label (or none is kept).
        const scored =
          new Set(trainRows.map((r) => r.label)).size < 2
            ? { accuracy: NaN, macroF1: NaN, auc: NaN }
            : score(trainRows);
        const right = kept.filter(([s, r]) => subjects[s].label === r.label).length;
        const weight = kept.reduce((a, [, r]) => a + r.weight, 0);
        const seen = {
          kept: kept.length,
          labelled,
          labelAcc: kept.length ? right / kept.length : 0,
        };
        for (const [k, v] of Object.entries({ ...seen, weight, ...scored })) figures[m][k].push(v);
        console.error(`[collective] ${c[0]}, seed ${seed}: ${method} done`);
      });
    }
    METHODS.forEach(([method], m) => {
      const f = figures[m];
      const kept = `${mean(f.kept).toFixed(0)} / ${mean(f.labelled).toFixed(0)}`;
      const range = `(${f3(Math.min(...f.accuracy))}-${f3(Math.max(...f.accuracy))})`;
      const holdoutAcc = `${f3(mean(f.accuracy))} ${range}`;
      const cells = [kept, f3(mean(f.labelAcc)), mean(f.weight).toFixed(0), holdoutAcc];
      out.push([m === 0 ? c[0] : '', method, ...cells, f3(mean(f.macroF1)), f3(mean(f.auc))]);
    });
  }
  log(table(out));
}

runMain('collective', main);
