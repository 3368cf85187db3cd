/**
 * The serving matrix's baseline: the least a Node server can do to serve one ONNX text classifier.
 * Koa 2, the JSON body read by hand, one onnxruntime session (1 intra-op thread), no auth.
 *
 *   node bench/run-ts.js bench/koa-server.ts --port 4000 --model ../shared/data/models/sklearn_tfidf_lr.onnx
 *
 * POST /predict { text } -> { label, probabilities: { <class>: p } }; { texts } -> a list of those.
 * GET /health -> 204. Listens on 127.0.0.1 only; a signal ends it (lib/bench).
 */
import fs from 'node:fs';
import Koa from 'koa';
import { opt, runMain } from './lib/bench';
import { openSession } from './lib/ort';

const LIMIT_BYTES = 2 * 1024 * 1024;
const CHUNK = 128; // the plugin's runChunkSize default

function readBody(req: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if ((size += chunk.length) > LIMIT_BYTES) reject(new Error('body too large'));
      else parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

runMain('koa', async () => {
  const model = await openSession(fs.readFileSync(opt.str('model', '')), opt.num('threads', 1));
  const labels = model.classLabels;
  const width = labels.length;
  const answers = (probs: Float32Array, rows: number) =>
    Array.from({ length: rows }, (_, row) => {
      const probabilities: Record<string, number> = {};
      let best = 0;
      for (let k = 0; k < width; k += 1) {
        probabilities[labels[k]] = probs[row * width + k];
        if (probs[row * width + k] > probs[row * width + best]) best = k;
      }
      return { label: labels[best], probabilities };
    });

  const predict = async (ctx: Koa.Context) => {
    let body: { text?: unknown; texts?: unknown };
    try {
      body = JSON.parse(await readBody(ctx.req));
    } catch (error) {
      ctx.status = 400;
      ctx.body = { error: (error as Error).message };
      return;
    }
    if (typeof body?.text === 'string' && body.text.trim() !== '') {
      ctx.body = answers(await model.predict([body.text]), 1)[0];
    } else if (Array.isArray(body?.texts) && body.texts.every((t) => typeof t === 'string')) {
      const out = [];
      for (let start = 0; start < body.texts.length; start += CHUNK) {
        const chunk = body.texts.slice(start, start + CHUNK);
        out.push(...answers(await model.predict(chunk), chunk.length));
      }
      ctx.body = out;
    } else {
      ctx.status = 400;
      ctx.body = { error: 'send { text } or { texts }' };
    }
  };
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.method === 'GET' && ctx.path === '/health') ctx.status = 204;
    else if (ctx.method === 'POST' && ctx.path === '/predict') await predict(ctx);
    else ctx.status = 404;
  });
  app.listen(opt.num('port', 4000), '127.0.0.1');
  await new Promise(() => undefined); // serves until a signal ends it
});
