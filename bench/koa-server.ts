/**
 * The baseline for bench/serving.ts: the least a Node server can do to serve one ONNX text
 * classifier. Koa 2, JSON body read by hand, one onnxruntime session (1 intra-op thread), no auth.
 *
 *   node bench/run-ts.js bench/koa-server.ts --port 4000 --model ../shared/data/models/sklearn_tfidf_lr.onnx
 *
 * POST /predict { text } -> { label, probabilities: { <class>: p } };  { texts } -> a list of those.
 * GET /health -> 204. Listens on 127.0.0.1 only.
 */
import fs from 'node:fs';
import Koa from 'koa';
import { openSession } from './lib/ort';

const arg = (name: string, fallback?: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
};

const LIMIT_BYTES = 2 * 1024 * 1024;
const CHUNK = 128; // same chunking as the plugin's runChunkSize default

function readBody(req: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > LIMIT_BYTES) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

async function main() {
  const port = Number(arg('port'));
  const bytes = fs.readFileSync(arg('model'));
  const threads = Number(arg('threads', '1'));
  const model = await openSession(bytes, { intra: threads, inter: 1 });
  const labels = model.classLabels;
  const width = labels.length;

  const toPrediction = (probs: Float32Array, row: number) => {
    const probabilities: Record<string, number> = {};
    let best = 0;
    for (let k = 0; k < width; k += 1) {
      probabilities[labels[k]] = probs[row * width + k];
      if (probs[row * width + k] > probs[row * width + best]) best = k;
    }
    return { label: labels[best], probabilities };
  };

  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.method === 'GET' && ctx.path === '/health') {
      ctx.status = 204;
      return;
    }
    if (ctx.method !== 'POST' || ctx.path !== '/predict') {
      ctx.status = 404;
      return;
    }
    let body: { text?: unknown; texts?: unknown };
    try {
      body = JSON.parse(await readBody(ctx.req));
    } catch (error) {
      ctx.status = (error as { status?: number }).status ?? 400;
      ctx.body = { error: (error as Error).message };
      return;
    }
    if (typeof body?.text === 'string' && body.text.trim() !== '') {
      ctx.body = toPrediction(await model.predict([body.text]), 0);
      return;
    }
    if (
      Array.isArray(body?.texts) &&
      body.texts.length > 0 &&
      body.texts.every((t) => typeof t === 'string')
    ) {
      const texts = body.texts as string[];
      const out: ReturnType<typeof toPrediction>[] = [];
      for (let start = 0; start < texts.length; start += CHUNK) {
        const chunk = texts.slice(start, start + CHUNK);
        const probs = await model.predict(chunk);
        for (let i = 0; i < chunk.length; i += 1) out.push(toPrediction(probs, i));
      }
      ctx.body = out;
      return;
    }
    ctx.status = 400;
    ctx.body = { error: 'send { text } or { texts }' };
  });

  const server = app.listen(port, '127.0.0.1');
  const shutdown = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
