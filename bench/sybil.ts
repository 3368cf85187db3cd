/**
 * Sybil accounts against a global model's training data (issue 23), with the pure code the server
 * uses (ml/capped-votes.ts, the trainer's sample weights), no Strapi:
 *
 *   npm run bench:sybil [-- --train 1500 --targets 4 --max-weight 1]
 *
 * N accounts all label the same K holdout sentences the opposite way of the model trained on the
 * corpus (train.jsonl rows, the trusted source). For each policy it prints how many of the K answers
 * flip and the accuracy / macro-F1 on the rest of holdout:
 *   - one row per account: the selection before issue 23 (every reader's label a row);
 *   - trusted only: the default now (readers' labels do not train a global model);
 *   - capped, fresh accounts: opted in (trainOnReaders), accounts with no track record;
 *   - capped, earned trust: opted in, every account first agreed with the corpus on 10 of its
 *     sentences (the cheapest way to earn trust); readers-only subjects then get one row each, of
 *     weight at most maxSubjectWeight.
 */
import {
  accuracy,
  cappedVotes,
  macroF1,
  trainTextClassifier,
  trustedLabels,
} from '../src/plugins/model-manager/server/src/ml';
import type { LabelledText, ReaderVote as Vote } from '../src/plugins/model-manager/server/src/ml';
import { defaultConfig } from '../src/plugins/model-manager/server/src/config';
import { readJsonl } from '../tests/helpers/data';
import { log, opt } from './lib/bench';

const TRAIN_ROWS = opt.num('train', 1500);
const TARGETS = opt.num('targets', 4);
const CROWDS = [2, 20, 200];
const VOTES = {
  ...defaultConfig.readerVotes,
  maxSubjectWeight: opt.num('max-weight', defaultConfig.readerVotes.maxSubjectWeight),
};
const train = readJsonl<LabelledText>('partisan/train.jsonl').slice(0, TRAIN_ROWS);
const holdout = readJsonl<LabelledText>('partisan/holdout.jsonl');
const targets = holdout.slice(600, 600 + TARGETS);
const rest = holdout.filter((_, i) => i < 600 || i >= 600 + TARGETS);
const flip = (label: string) => (label === 'red' ? 'blue' : 'red');

function fit(rows: LabelledText[]) {
  const model = trainTextClassifier(rows);
  const answer = (texts: string[]) =>
    model.predictProba(texts).map((p) => model.labels[p.indexOf(Math.max(...p))]);
  return { answer };
}

const base = fit(train);
const before = base.answer(targets.map((t) => t.text));
const corpusKeys = train.map((_, i) => `corpus:${i}`);
const trusted = trustedLabels(train.map((r, i) => ({ subject: corpusKeys[i], label: r.label })));

/** The readers' rows each policy adds to the corpus, for a crowd of n accounts. */
function readerRows(policy: string, n: number): LabelledText[] {
  const sybilVotes: Vote[] = [];
  for (let a = 0; a < n; a++) {
    if (policy === 'capped, earned trust')
      for (let i = 0; i < 10; i++)
        sybilVotes.push({ subject: corpusKeys[i], account: `s${a}`, label: train[i].label });
    targets.forEach((_, k) =>
      sybilVotes.push({ subject: `target:${k}`, account: `s${a}`, label: flip(before[k]) })
    );
  }
  if (policy === 'trusted only') return [];
  if (policy === 'one row per account')
    return sybilVotes
      .filter((v) => v.subject.startsWith('target:'))
      .map((v) => ({ text: targets[Number(v.subject.split(':')[1])].text, label: v.label }));
  const { verdicts } = cappedVotes(sybilVotes, trusted, VOTES);
  return verdicts.map((v) => ({
    text: targets[Number(v.subject.split(':')[1])].text,
    label: v.label,
    weight: v.weight,
  }));
}

log(
  `corpus: ${train.length} rows of train.jsonl; targets: ${TARGETS} holdout sentences; evaluated on the other ${rest.length} holdout rows; readerVotes ${JSON.stringify(VOTES)}`
);
log('| policy | accounts | reader rows (weight) | targets flipped | accuracy | macro-F1 |');
log('|---|---|---|---|---|---|');
const restLabels = rest.map((r) => r.label);
for (const policy of [
  'one row per account',
  'trusted only',
  'capped, fresh accounts',
  'capped, earned trust',
]) {
  for (const n of CROWDS) {
    const extra = readerRows(policy, n);
    const model = fit([...train, ...extra]);
    const after = model.answer(targets.map((t) => t.text));
    const flipped = after.filter((l, k) => l !== before[k]).length;
    const predicted = model.answer(rest.map((r) => r.text));
    const weight = extra.reduce((a, r) => a + (r.weight ?? 1), 0);
    log(
      `| ${policy} | ${n} | ${extra.length} (${weight.toFixed(2)}) | ${flipped} of ${TARGETS} | ${accuracy(restLabels, predicted).toFixed(3)} | ${macroF1(restLabels, predicted).toFixed(3)} |`
    );
  }
}
