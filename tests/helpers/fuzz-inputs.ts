/**
 * Hostile inputs for the route fuzzer, from a seeded generator so a failing case can be replayed:
 * path parameters, JSON bodies of every wrong shape, raw bodies with lying headers, and ONNX
 * files with bytes flipped, cut or spliced.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32: small, fast, and the same sequence on every machine
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

export const hostileParams = [
  '0',
  '-1',
  '1e309',
  '99999999999999999999',
  'NaN',
  'null',
  "x' OR '1'='1",
  '%2e%2e%2f%2e%2e%2fpackage.json',
  'a'.repeat(2000),
  'é🙂',
  '__proto__',
  'constructor',
  '1.5',
  ' 1',
];

function deep(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = asArray ? [value] : { data: value };
  return value;
}

/** JSON bodies: wrong types in every field name the plugin uses, nesting, prototype keys, sizes. */
export function jsonBodies(random: () => number): unknown[] {
  const fields = [
    'text',
    'texts',
    'explain',
    'version',
    'label',
    'article',
    'name',
    'slug',
    'labels',
    'scope',
    'comment',
    'trafficShare',
    'predictedLabel',
    'parameters',
    'description',
    'evaluationDataset',
  ];
  const values: unknown[] = [
    null,
    true,
    0,
    -1,
    1e308,
    -0,
    '',
    ' ',
    'x'.repeat(30_000),
    [],
    [null],
    {},
    { $gt: '' },
    ['a', 1, null],
    '\u0000',
    '<script>alert(1)</script>',
    2 ** 53 + 1,
  ];
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const bodies: unknown[] = [
    null,
    0,
    'text',
    [],
    {},
    { data: null },
    { data: [] },
    { data: 'x' },
    { data: {} },
    { __proto__: { admin: true } },
    JSON.parse('{"__proto__":{"polluted":1},"data":{"constructor":{"prototype":{"x":1}}}}'),
  ];
  for (const field of fields) {
    bodies.push({ [field]: pick(values) });
    bodies.push({ data: { [field]: pick(values) } });
  }
  bodies.push({ texts: Array.from({ length: 5_000 }, () => 'x') });
  bodies.push({ texts: Array.from({ length: 50 }, () => 'y'.repeat(19_999)), explain: true });
  bodies.push({
    data: { labels: Array.from({ length: 10_000 }, (_, i) => `l${i}`), name: 'many labels' },
  });
  bodies.push(deep(5_000, 'x', true));
  bodies.push(deep(2_000, 'x', false));
  return bodies;
}

/** Raw bodies whose headers lie, or that are cut short. */
export const rawBodies: Array<{ contentType: string; body: string | Buffer }> = [
  { contentType: 'application/json', body: '{"text": "unterminated' },
  { contentType: 'application/json', body: '' },
  { contentType: 'application/json', body: '\u0000\u0001\u0002' },
  { contentType: 'application/json; charset=utf-16', body: '{"text":"x"}' },
  { contentType: 'text/plain', body: '{"text":"x"}' },
  {
    contentType: 'application/x-www-form-urlencoded',
    body: 'text=x&texts[0]=y&data[labels][]=z&__proto__[a]=1',
  },
  { contentType: 'application/xml', body: '<text>x</text>' },
  {
    contentType: 'multipart/form-data; boundary=zzz',
    body: '--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.onnx"\r\n\r\nabc',
  },
  { contentType: 'multipart/form-data', body: 'no boundary at all' },
  { contentType: 'application/json', body: Buffer.alloc(9 * 1024 * 1024, 0x20) },
];

/** Variants of a valid ONNX file: flipped bytes, truncations, splices, garbage. */
export function mutatedOnnx(valid: Buffer, random: () => number, count: number): Buffer[] {
  const variants: Buffer[] = [
    Buffer.alloc(0),
    Buffer.from('not onnx'),
    valid.subarray(0, Math.floor(valid.length / 2)),
    Buffer.concat([valid, valid]),
  ];
  while (variants.length < count) {
    const copy = Buffer.from(valid);
    const flips = 1 + Math.floor(random() * 8);
    for (let i = 0; i < flips; i += 1)
      copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
    variants.push(copy);
  }
  return variants;
}
