import fs from 'fs';
import path from 'path';
import { createHash } from 'crypto';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { DATA_DIR } from '../helpers/data';
import { createModel, deploy } from '../helpers/models';
import { startApp, type TestApp } from '../helpers/strapi';

/**
 * A real skl2onnx export (read from the shared data folder) served by the scorer compiled from its
 * own weights: GET /runtime says so and why, and its explanations are exact.
 */
const FILE = path.join(DATA_DIR, 'models', 'real_skl2onnx', 'real_skl2onnx_spam_lr_zipmap.onnx');
const present = fs.existsSync(FILE);
if (!present) console.warn(`compiled-scorer tests SKIPPED: ${FILE} is absent`);

interface Token {
  text: string;
  start: number;
  end: number;
  weight: number;
}

(present ? describe : describe.skip)('a foreign linear model on the compiled scorer', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let slug: string;
  const hash = createHash('sha256').update(fs.readFileSync(FILE)).digest('hex');

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
    slug = await createModel(app, ['ham', 'spam']);
    await deploy(app, reviewer, slug, fs.readFileSync(FILE));
  }, 300_000);
  afterAll(async () => {
    await app.stop();
  });

  it('answers with exact explanations whose weights and bias add up to the log-odds', async () => {
    const text = 'WINNER!! You have won a FREE prize, call now to claim your cash';

    const res = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send({ text, explain: true });

    expect(res.status).toBe(200);
    const { label, probabilities, explanation } = res.body.data;
    expect(explanation.method).toBe('exact');
    const other = label === 'spam' ? 'ham' : 'spam';
    const tokens = explanation.tokens as Token[];
    const total = tokens.reduce((s, t) => s + t.weight, 0) + explanation.bias;
    expect(total).toBeCloseTo(Math.log(probabilities[label] / probabilities[other]), 4);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens.some((t) => t.weight !== 0)).toBe(true);
  });

  it('GET /runtime names the compiled scorer for its artifact, and why', async () => {
    const res = await app.http().get('/model-manager/runtime').set(reviewer.headers);

    expect(res.status).toBe(200);
    const engines = res.body.data.sessions.engines as Array<Record<string, unknown>>;
    expect(engines).toContainEqual({
      hash,
      engine: 'compiled',
      reason: expect.stringMatching(/^agrees with onnxruntime within .* on \d+ texts$/),
      exactExplanations: true,
    });
  });
});
