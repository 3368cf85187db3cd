import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { generate } from '@strapi/openapi';
import routes from '../../src/plugins/model-manager/server/src/routes';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { createModel, deploy } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

const ROOT = path.resolve(__dirname, '..', '..');
const OUTPUT = path.join(ROOT, 'test-output', 'openapi.json');
const VALIDATOR = path.join(
  ROOT,
  'node_modules',
  '@seriousme',
  'openapi-schema-validator',
  'bin',
  'validate-api-cli.js'
);

type Operation = {
  parameters: Array<{
    name: string;
    in: string;
    required: boolean;
    schema: Record<string, unknown>;
  }>;
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
  responses: Record<
    string,
    {
      description: string;
      content?: { 'application/json': { schema: { properties?: Record<string, unknown> } } };
    }
  >;
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** `/models/:slug/versions/:number` as OpenAPI writes it: `/model-manager/models/{slug}/versions/{number}`. */
const openApiPath = (route: string) => `/model-manager${route.replace(/:(\w+)/g, '{$1}')}`;
const pathParams = (route: string) => [...route.matchAll(/:(\w+)/g)].map((m) => m[1]);
const contentApi = routes['content-api'];
const adminApi = routes.admin;
/** A content-API route by its handler: each route carries its own request and response schemas. */
const contentRoute = (handler: string) => {
  const found = contentApi.routes.find((r) => r.handler === handler);
  if (!found) throw new Error(`no content-API route for ${handler}`);
  return found;
};

describe('the OpenAPI document of the content API', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let doc: Document;
  const operation = (method: string, route: string) =>
    doc.paths[openApiPath(route)]?.[method.toLowerCase()];

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
    // What `strapi openapi generate` writes, generated from the booted app.
    doc = generate(app.strapi, { type: 'content-api' }).document as unknown as Document;
    fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
    fs.writeFileSync(OUTPUT, JSON.stringify(doc, null, 2));
  });
  afterAll(async () => {
    await app.stop();
  });

  it('is a valid OpenAPI 3 document', () => {
    expect(doc.openapi).toMatch(/^3\./);
    // The validator is ESM-only (jest runs CommonJS), so it runs as its own CLI; it exits 1 when invalid.
    const verdict = JSON.parse(
      execFileSync(process.execPath, [VALIDATOR, OUTPUT], { encoding: 'utf8' })
    );
    expect(verdict).toEqual({ valid: true });
  });

  it.each(contentApi.routes.map((r) => [r.method, r.path, r.handler] as const))(
    '%s %s is present with its path parameters, body and response shape',
    (method, route, handler) => {
      const op = operation(method, route);
      expect(op).toBeDefined();

      const params = op.parameters.filter((p) => p.in === 'path');
      expect(params.map((p) => p.name).sort()).toEqual(pathParams(route).sort());
      expect(params.every((p) => p.required && typeof p.schema.type === 'string')).toBe(true);

      const { request } = contentRoute(handler);
      if (request?.body)
        expect(Object.keys(op.requestBody?.content ?? {})).toEqual(Object.keys(request.body));
      else expect(op.requestBody).toBeUndefined();

      const ok = op.responses['200'].content?.['application/json'].schema;
      expect(Object.keys(ok?.properties ?? {})).toEqual(['data', 'meta']);
      for (const status of ['400', '401', '403', '404']) expect(op.responses[status]).toBeDefined();
    }
  );

  it('predict describes its body (text or texts, explain, version, scope) and its answer (prediction and which version served)', () => {
    const op = operation('POST', '/models/:slug/predict');
    const body = op.requestBody?.content['application/json'].schema as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
    };
    expect(Object.keys(body.properties).sort()).toEqual([
      'explain',
      'scope',
      'subject',
      'text',
      'texts',
      'version',
    ]);
    expect(body.additionalProperties).toBe(false);

    const answer = op.responses['200'].content?.['application/json'].schema as {
      properties: {
        data: { anyOf: unknown[] };
        meta: { properties: Record<string, unknown>; required: string[] };
      };
    };
    expect(answer.properties.data.anyOf).toHaveLength(2);
    expect(answer.properties.meta.required.sort()).toEqual([
      'model',
      'scope',
      'variant',
      'version',
    ]);
  });

  it('the upload is a multipart body with a binary file, and list queries are optional pagination parameters', () => {
    const upload = operation('POST', '/models/:slug/versions').requestBody?.content[
      'multipart/form-data'
    ].schema as {
      properties: Record<string, { format?: string }>;
      required: string[];
    };
    expect(upload.properties.file.format).toBe('binary');
    expect(upload.required).toEqual(['file']);

    const query = operation('GET', '/models').parameters.filter((p) => p.in === 'query');
    expect(query.map((p) => [p.name, p.required])).toEqual([
      ['pagination[page]', false],
      ['pagination[pageSize]', false],
    ]);
  });

  it('the admin API document, from the same contracts, is valid too and has every admin route of the plugin with its answer', () => {
    const admin = generate(app.strapi, { type: 'admin' }).document as unknown as Document;
    const file = path.join(path.dirname(OUTPUT), 'openapi-admin.json');
    fs.writeFileSync(file, JSON.stringify(admin, null, 2));

    expect(
      JSON.parse(execFileSync(process.execPath, [VALIDATOR, file], { encoding: 'utf8' }))
    ).toEqual({ valid: true });
    const missing = adminApi.routes.filter((r) => {
      const op = admin.paths[openApiPath(r.path)]?.[r.method.toLowerCase()];
      return !op?.responses['200'].content?.['application/json'].schema;
    });
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it.each([
    ['POST', '/models', '201 Created'],
    ['POST', '/models/:slug/versions', '201 Created'],
    ['POST', '/models/:slug/feedback', '201 Created'],
    ['POST', '/models/:slug/training-runs', '202 Accepted'],
  ])(
    '%s %s says it answers %s (the generator files every success under 200)',
    (method, route, status) => {
      const schema = operation(method, route).responses['200'].content?.['application/json']
        .schema as { description?: string };
      expect(schema.description).toBe(`Answered with HTTP ${status}.`);
    }
  );

  it('the real answers of the content API match the response schemas the document is made from', async () => {
    const slug = await createModel(app);
    const number = await deploy(app, reviewer, slug, textClassifierOnnx());
    const calls: Array<[string, string, () => Promise<{ body: unknown }>]> = [
      [
        'models.find',
        'GET /models',
        () => app.http().get('/api/model-manager/models').set(app.fullAccess),
      ],
      [
        'models.findOne',
        'GET /models/:slug',
        () => app.http().get(`/api/model-manager/models/${slug}`).set(app.fullAccess),
      ],
      [
        'versions.find',
        'GET versions',
        () => app.http().get(`/api/model-manager/models/${slug}/versions`).set(app.fullAccess),
      ],
      [
        'versions.findOne',
        'GET one version',
        () =>
          app
            .http()
            .get(`/api/model-manager/models/${slug}/versions/${number}`)
            .set(app.fullAccess),
      ],
      [
        'predictions.create',
        'predict with explanation',
        () =>
          app
            .http()
            .post(`/api/model-manager/models/${slug}/predict`)
            .set(app.fullAccess)
            .send({ texts: ['lower taxes now'], explain: true }),
      ],
      [
        'feedback.create',
        'feedback',
        () =>
          app
            .http()
            .post(`/api/model-manager/models/${slug}/feedback`)
            .set(app.fullAccess)
            .send({ data: { text: 'lower taxes', label: 'red' } }),
      ],
    ];
    for (const [handler, what, call] of calls) {
      const { body } = await call();
      const parsed = contentRoute(handler).response.safeParse(body);
      expect({ what, issues: parsed.error?.issues ?? [] }).toEqual({ what, issues: [] });
    }
  });
});
