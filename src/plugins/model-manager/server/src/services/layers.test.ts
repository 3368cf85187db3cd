import fs from 'fs';
import path from 'path';
import services from '.';

/**
 * The services' layers, lowest first: a service may call services of lower layers only, never one
 * of its own layer or above, so no call goes back up into a caller and there is no cycle. The
 * README draws the same table ("How it is built"). A new service must be placed here.
 */
export const LAYERS: Array<{ name: string; services: string[] }> = [
  {
    name: 'stores',
    services: [
      'events',
      'database-health',
      'monitor',
      'role-grants',
      'subjects',
      'models',
      'artifacts',
      'deployments',
      'feedback',
      'role-defaults',
      'readers',
      'reader-texts',
    ],
  },
  { name: 'engines', services: ['runtime', 'feedback-editing', 'trusted-training'] },
  { name: 'warming', services: ['prewarm'] },
  // collective-labels scores the members' subjects with the base model's champion (runtime)
  { name: 'tables and measures', services: ['routing-table', 'evaluation', 'collective-labels'] },
  {
    name: 'versions and outcomes',
    services: ['registry', 'outcomes', 'datasets', 'training-readiness', 'collective-models'],
  },
  { name: 'learning', services: ['promotion-gate', 'personal-models', 'training', 'monitoring'] },
  { name: 'decisions', services: ['lifecycle', 'routing', 'retraining'] },
  { name: 'answers', services: ['predictions', 'model-cards'] },
];

const SOURCES: Record<string, string> = {
  subjects: path.join(__dirname, '..', 'subjects', 'subjects-service.ts'),
};
// Services live in domain folders (registry/, serving/, ...), one file per registered name.
const DOMAINS = fs.readdirSync(__dirname, { withFileTypes: true }).filter((d) => d.isDirectory());
const sourceOf = (service: string) =>
  SOURCES[service] ??
  DOMAINS.map((d) => path.join(__dirname, d.name, `${service}.ts`)).find((f) => fs.existsSync(f)) ??
  path.join(__dirname, `${service}.ts`);
const CALL = /getService\(\s*strapi\s*,\s*'([a-z-]+)'\s*\)/g;

/** A service's own file and the helper modules beside it that it imports (not other services). */
function textOf(service: string): string {
  const file = sourceOf(service);
  const text = fs.readFileSync(file, 'utf8');
  const helpers = [...text.matchAll(/from '\.\/([a-z-]+)'/g)]
    .map((m) => m[1])
    .filter((name) => !(name in services))
    .map((name) => path.join(path.dirname(file), `${name}.ts`))
    .filter((f) => fs.existsSync(f));
  return [text, ...helpers.map((f) => fs.readFileSync(f, 'utf8'))].join('\n');
}

function callsOf(service: string): string[] {
  const text = textOf(service);
  return [...new Set([...text.matchAll(CALL)].map((m) => m[1]))].filter((s) => s !== service);
}

describe('service layers', () => {
  const layerOf = new Map(LAYERS.flatMap((layer, i) => layer.services.map((s) => [s, i] as const)));

  it('places every registered service in exactly one layer', () => {
    const placed = LAYERS.flatMap((l) => l.services);
    expect([...placed].sort()).toEqual(Object.keys(services).sort());
    expect(new Set(placed).size).toBe(placed.length);
  });

  it('reads the helper modules a service imports beside it', () => {
    expect(callsOf('lifecycle')).toEqual(expect.arrayContaining(['models', 'routing-table']));
  });

  it('finds the calls it checks (the parser reads multi-line calls)', () => {
    expect(callsOf('predictions')).toEqual(
      expect.arrayContaining(['routing', 'runtime', 'outcomes', 'subjects'])
    );
  });

  it('is the table the README draws (its layers, top first, with the same services)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../../../../../README.md'), 'utf8');
    const block = readme.split('**Layers.**')[1].split('```')[1];
    const drawn: Array<{ name: string; services: string[] }> = [];
    for (const line of block.split('\n').filter((l) => l.trim())) {
      const named = /^(\S.*?)\s{2,}(.*)$/.exec(line);
      if (named) drawn.push({ name: named[1], services: [] });
      const list = named ? named[2] : line.trim();
      drawn[drawn.length - 1].services.push(
        ...list
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      );
    }
    const sorted = (layers: typeof LAYERS) =>
      layers.map((l) => ({ name: l.name, services: [...l.services].sort() }));
    expect(sorted(drawn)).toEqual(sorted([...LAYERS].reverse()));
  });

  it('has every service call only services of lower layers', () => {
    const upward = Object.keys(services).flatMap((service) =>
      callsOf(service)
        .filter((callee) => (layerOf.get(callee) ?? Infinity) >= (layerOf.get(service) ?? -1))
        .map(
          (callee) =>
            `${service} (${LAYERS[layerOf.get(service)!].name}) -> ${callee} (${LAYERS[layerOf.get(callee)!]?.name ?? 'unplaced'})`
        )
    );
    expect(upward).toEqual([]);
  });
});
