import { createAdmin, type AdminSession } from '../helpers/admin';
import {
  hostileParams,
  jsonBodies,
  mutatedOnnx,
  rawBodies,
  seededRandom,
} from '../helpers/fuzz-inputs';
import { createModel, deploy } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import type { Test } from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';

// Every route of the plugin, content API and admin, gets hostile path parameters, query strings,
// bodies, lying headers and (for uploads) mutated ONNX files, with credentials that may use it:
// whatever it is sent, it must never answer 5xx. Seeded, so a failure names a replayable case.
// FUZZ_SEED replays another sequence; FUZZ_ROUTE (a regular expression) narrows the routes.
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const ONLY = new RegExp(process.env.FUZZ_ROUTE ?? '.');

interface PluginRoute {
  method: string;
  path: string;
}

interface Case {
  label: string;
  path: string;
  send: (req: Test) => Test;
}

const hostileQueries = [
  'page=-1&pageSize=1e9',
  'pageSize=0',
  'sort[$ne]=x',
  'filters[$or][0][x]=1',
  'source[]=a&source[]=b',
  'candidate=abc&baseline=-1',
  'at=not-a-date',
  'label=%00',
  `giver=${'g'.repeat(5000)}`,
  'populate=*',
  'fields[0]=password',
];

describe('fuzzing every route of the plugin', () => {
  let app: TestApp;
  let admin: AdminSession;
  let slug: string;
  let version: number;
  beforeAll(async () => {
    app = await startApp();
    admin = await createAdmin(app);
    const reviewer = await createAdmin(app);
    slug = await createModel(app);
    version = await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 1.1 }));
  });
  afterAll(async () => {
    await app.stop();
  });

  function pluginRoutes(): Array<
    PluginRoute & { prefix: string; headers: Record<string, string> }
  > {
    const routes = app.strapi.plugin('model-manager').routes as unknown as Record<
      string,
      { type: string; routes: PluginRoute[] }
    >;
    return Object.values(routes).flatMap((group) =>
      group.routes.map((route) => ({
        ...route,
        prefix: group.type === 'admin' ? '/model-manager' : '/api/model-manager',
        headers: group.type === 'admin' ? admin.headers : app.fullAccess,
      }))
    );
  }

  function casesFor(route: PluginRoute, random: () => number): Case[] {
    const real: Record<string, string> = {
      slug,
      number: String(version),
      id: 'no-such-run',
      documentId: 'no-such-article',
    };
    const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
    const fill = (values: Record<string, string>) =>
      route.path.replace(/:(\w+)/g, (_, name: string) =>
        encodeURIComponent(values[name] ?? real[name] ?? 'x')
      );
    const cases: Case[] = [];
    for (const param of params) {
      for (const value of hostileParams)
        cases.push({
          label: `${param}=${value.slice(0, 40)}`,
          path: fill({ ...real, [param]: value }),
          send: (req) => req,
        });
    }
    const path = fill(real);
    for (const query of hostileQueries)
      cases.push({ label: `?${query.slice(0, 40)}`, path: `${path}?${query}`, send: (req) => req });
    if (route.method === 'GET' || route.method === 'DELETE') return cases;

    for (const [i, body] of jsonBodies(random).entries()) {
      cases.push({ label: `json #${i}`, path, send: (req) => req.send(body as object) });
    }
    for (const { contentType, body } of rawBodies) {
      cases.push({
        label: `raw ${contentType} (${body.length} bytes)`,
        path,
        send: (req) => req.set('Content-Type', contentType).send(body),
      });
    }
    if (/\/versions$/.test(route.path)) {
      for (const [i, bytes] of mutatedOnnx(
        textClassifierOnnx({ strength: 0.7 }),
        random,
        16
      ).entries()) {
        cases.push({
          label: `onnx variant #${i} (${bytes.length} bytes)`,
          path,
          send: (req) => req.attach('file', bytes, 'model.onnx'),
        });
      }
      const valid = textClassifierOnnx({ strength: 0.9 });
      cases.push({
        label: 'two files',
        path,
        send: (req) => req.attach('file', valid, 'a.onnx').attach('file', valid, 'b.onnx'),
      });
      cases.push({
        label: 'file under another name',
        path,
        send: (req) => req.attach('model', valid, 'a.onnx'),
      });
      cases.push({
        label: 'notes but no file',
        path,
        send: (req) => req.field('notes', 'n'.repeat(100_000)),
      });
    }
    return cases;
  }

  it('answers every hostile request with a status below 500', async () => {
    const random = seededRandom(SEED);
    const failures: string[] = [];
    const tried: Array<{ route: string; cases: number; statuses: string }> = [];
    for (const route of pluginRoutes().filter((r) =>
      ONLY.test(`${r.method} ${r.prefix}${r.path}`)
    )) {
      const statuses = new Map<number, number>();
      const cases = casesFor(route, random);
      for (const testCase of cases) {
        const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
        const res = await testCase.send(
          app.http()[method](`${route.prefix}${testCase.path}`).set(route.headers)
        );
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500)
          failures.push(
            `${route.method} ${route.prefix}${route.path} [${testCase.label}] -> ${res.status} ${res.body?.error?.message ?? ''}`
          );
      }
      tried.push({
        route: `${route.method} ${route.prefix}${route.path}`,
        cases: cases.length,
        statuses: [...statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' '),
      });
    }

    console.log(
      `[fuzz] seed ${SEED}: ${tried.reduce((n, t) => n + t.cases, 0)} requests over ${tried.length} routes\n${tried.map((t) => `${String(t.cases).padStart(4)}  ${t.route}  ${t.statuses}`).join('\n')}`
    );
    if (!process.env.FUZZ_ROUTE) expect(tried.length).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  }, 900_000);
});
