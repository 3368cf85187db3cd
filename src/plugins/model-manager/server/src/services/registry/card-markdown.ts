import type { ModelCard } from '../../../../shared/contracts/card';

/**
 * A model card as the Hugging Face model hub reads one: YAML front matter (metadata and a
 * `model-index` of results) and Markdown. Every string in the YAML is a JSON string, which YAML
 * reads as a double-quoted scalar, so no text a person typed can break the front matter.
 */
const q = (value: unknown) => JSON.stringify(String(value ?? ''));
const pct = (value: number | null | undefined) =>
  value == null ? 'n/a' : `${(value * 100).toFixed(1)} %`;
const cell = (value: unknown) =>
  String(value ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s+/g, ' ');
const who = (actor: { name: string; kind: string } | null) =>
  actor ? `${actor.name} (${actor.kind})` : 'unknown';

function frontMatter(card: ModelCard): string {
  const m = card.evidence.metrics;
  const lines = [
    '---',
    `model_name: ${q(`${card.model.slug} v${card.version.number}`)}`,
    'library_name: "onnx"',
    'pipeline_tag: "text-classification"',
    `tags: [${['model-manager', 'text-classification', card.version.source].map(q).join(', ')}]`,
  ];
  if (card.people.dataLicence) lines.push(`license_note: ${q(card.people.dataLicence)}`);
  if (card.evidence.training.datasets?.length)
    lines.push(`datasets: [${card.evidence.training.datasets.map(q).join(', ')}]`);
  if (m) {
    lines.push(
      'model-index:',
      `  - name: ${q(`${card.model.slug}-v${card.version.number}`)}`,
      '    results:',
      '      - task:',
      '          type: "text-classification"',
      '        dataset:',
      `          name: ${q(m.dataset)}`,
      `          type: ${q(m.evaluation ?? 'evaluation set')}`,
      '        metrics:',
      `          - { type: "accuracy", value: ${m.accuracy} }`,
      `          - { type: "f1", name: "macro F1", value: ${m.macroF1} }`
    );
    if (m.auc != null) lines.push(`          - { type: "roc_auc", value: ${m.auc} }`);
    if (m.ece != null) lines.push(`          - { type: "ece", value: ${m.ece} }`);
  }
  lines.push('---');
  return lines.join('\n');
}

function people(card: ModelCard): string[] {
  const part = (title: string, value: string | null) => [
    `### ${title}`,
    value ?? '_Not written yet._',
    '',
  ];
  const p = card.people;
  return [
    "## In people's words",
    p.updatedBy ? `_Written by ${who(p.updatedBy)}, ${p.updatedAt}._` : '',
    '',
    ...part('Intended use', p.intendedUse),
    ...part('Out-of-scope uses', p.outOfScope),
    ...part('Caveats', p.caveats),
    ...part('Licence of the data', p.dataLicence),
  ];
}

function evidence(card: ModelCard): string[] {
  const { training: t, metrics: m, today, review, deployments } = card.evidence;
  const out = ['## Evidence (recorded by the system)', '', '### Training data'];
  if (t.kind === 'uploaded')
    out.push(`Uploaded${t.fileName ? ` as \`${t.fileName}\`` : ''}: trained elsewhere.`);
  else
    out.push(
      `Trained here by run \`${t.run}\` on ${t.rows ?? '?'} rows` +
        (t.datasets?.length ? ` of ${t.datasets.join(', ')}` : '') +
        (t.rowDates ? `, given ${t.rowDates.first} to ${t.rowDates.last}` : '') +
        '.'
    );
  if (t.sources) out.push('', '```json', JSON.stringify(t.sources, null, 2), '```');
  out.push('', '### Evaluation');
  if (!m) out.push('No evaluation was recorded.');
  else {
    out.push(
      `On ${m.evaluation ?? 'evaluation set'} \`${m.dataset}\` (${m.size} rows):`,
      '',
      '| metric | value |',
      '|---|---|',
      `| accuracy | ${pct(m.accuracy)} |`,
      `| macro F1 | ${pct(m.macroF1)} |`,
      `| ROC AUC | ${m.auc == null ? 'n/a' : m.auc.toFixed(3)} |`,
      `| expected calibration error | ${m.ece == null ? 'n/a' : m.ece.toFixed(3)} |`,
      '',
      '| class | precision | recall | F1 | support |',
      '|---|---|---|---|---|',
      ...m.perClass.map(
        (c) =>
          `| ${cell(c.label)} | ${pct(c.precision)} | ${pct(c.recall)} | ${pct(c.f1)} | ${c.support} |`
      )
    );
  }
  if (today) {
    const a = today.intervals.accuracy;
    out.push(
      '',
      `### Where it is weak (scored today on \`${today.dataset}\`, ${today.size} rows)`,
      `Accuracy ${pct(a.value)} (95 % interval ${pct(a.low)} to ${pct(a.high)}; ${today.method}).`,
      `Undecided answers: ${pct(today.undecidedRate)}.`
    );
    if (today.perGroup?.length)
      out.push(
        '',
        '| group | rows | accuracy |',
        '|---|---|---|',
        ...today.perGroup.map((g) => `| ${cell(g.group)} | ${g.size} | ${pct(g.accuracy)} |`)
      );
    if (today.confidentMistakes.length)
      out.push(
        '',
        'Its most confident mistakes:',
        '',
        '| text | truth | answered | confidence |',
        '|---|---|---|---|',
        ...today.confidentMistakes.map(
          (x) =>
            `| ${cell(x.text.slice(0, 160))} | ${cell(x.truth)} | ${cell(x.predicted)} | ${pct(x.confidence)} |`
        )
      );
  }
  out.push(
    '',
    '### Review',
    `Made by ${who(card.version.createdBy)} on ${card.version.createdAt}; ` +
      (review.reviewedBy
        ? `reviewed by ${who(review.reviewedBy)} on ${review.reviewedAt}` +
          (review.reviewComment ? `: "${review.reviewComment}"` : '.')
        : 'not reviewed yet.'),
    review.gate
      ? review.gate.champion === null
        ? 'No version serves yet, so there is no champion for the promotion gate to compare it with.'
        : review.gate.passes
          ? "The promotion gate passes against today's champion."
          : `The promotion gate does not pass: ${review.gate.violations.join('; ')}`
      : 'The model has no evaluation set, so no promotion gate applies.',
    ...review.overrides.map((o) => `- Override on ${o.at} by ${who(o.actor)}: ${o.comment}`),
    '',
    '### What it served',
    deployments.length
      ? deployments
          .map((d) => `- ${d.at}: ${d.role} ${d.event} (${d.cause}) by ${who(d.actor)}`)
          .join('\n')
      : 'It has not served.'
  );
  return out;
}

export function cardMarkdown(card: ModelCard): string {
  return [
    frontMatter(card),
    '',
    `# ${card.model.name}, version ${card.version.number}`,
    '',
    card.model.description ?? '',
    '',
    `Classes: ${card.model.labels.join(', ')}. Status: ${card.version.status}. ` +
      `Artifact sha256 \`${card.version.artifactHash}\` (${card.version.artifactSize} bytes).`,
    '',
    ...people(card),
    ...evidence(card),
    '',
  ].join('\n');
}
