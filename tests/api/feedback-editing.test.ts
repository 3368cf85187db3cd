import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import { parseImport } from '../../src/plugins/model-manager/shared/feedback-import';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { createModel, deploy } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { registerReader } from '../helpers/readers';
import { createApiToken, startApp, type TestApp } from '../helpers/strapi';

/** Editors correct, delete, import and export feedback through the admin API; every door is checked. */
describe('feedback editing through the admin API', () => {
  let app: TestApp;
  let curator: AdminSession;
  let reader: AdminSession;
  beforeAll(async () => {
    app = await startApp();
    curator = await createAdmin(app, [
      ACTIONS.read,
      ACTIONS.curate,
      ACTIONS.upload,
      ACTIONS.review,
      ACTIONS.deploy,
    ]);
    reader = await createAdmin(app, [ACTIONS.read]);
  });
  afterAll(async () => {
    await app.stop();
  });

  const base = (slug: string) => `/model-manager/models/${slug}/feedback`;
  const give = async (slug: string, text: string, label = 'red') => {
    const res = await app
      .http()
      .post(base(slug))
      .set(curator.headers)
      .send({ data: { text, label } });
    expect(res.status).toBe(201);
    return res.body.data.documentId as string;
  };
  const list = async (slug: string, query = '') =>
    (
      await app
        .http()
        .get(`${base(slug)}${query}`)
        .set(curator.headers)
    ).body;
  const audit = async (slug: string) =>
    (await app.http().get(`/model-manager/models/${slug}/audit`).set(curator.headers)).body.data;
  const importChunk = (slug: string, data: Record<string, unknown>, who: AdminSession = curator) =>
    app
      .http()
      .post(`${base(slug)}/import`)
      .set(who.headers)
      .send({ data });

  it('when a curator relabels an entry, the label changes and the audit keeps the old and the new one', async () => {
    const slug = await createModel(app);
    const id = await give(slug, 'Build the wall.', 'blue');

    const res = await app
      .http()
      .put(`${base(slug)}/${id}`)
      .set(curator.headers)
      .send({ data: { label: 'red', comment: 'obvious' } });

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      documentId: id,
      label: 'red',
      giverName: expect.stringMatching(/^Test admin-/),
    });
    expect((await list(slug)).data[0].label).toBe('red');
    const event = (await audit(slug)).find((e: { action: string }) => e.action === 'relabel');
    expect(event).toMatchObject({
      fromStatus: 'blue',
      toStatus: 'red',
      actor: { kind: 'admin', id: curator.id },
      comment: expect.stringContaining('obvious'),
    });
  });

  it("a label the model does not know is a 400, and another model's entry is a 404", async () => {
    const slug = await createModel(app);
    const other = await createModel(app);
    const id = await give(slug, 'Health care.');

    const unknown = await app
      .http()
      .put(`${base(slug)}/${id}`)
      .set(curator.headers)
      .send({ data: { label: 'green' } });
    const elsewhere = await app
      .http()
      .put(`${base(other)}/${id}`)
      .set(curator.headers)
      .send({ data: { label: 'blue' } });

    expect(unknown.status).toBe(400);
    expect(unknown.body.error.name).toBe('ValidationError');
    expect(elsewhere.status).toBe(404);
    expect((await list(slug)).data[0].label).toBe('red');
  });

  it('when a curator deletes an entry, it is gone and the audit says what it was', async () => {
    const slug = await createModel(app);
    const id = await give(slug, 'Lower taxes now.');

    const res = await app
      .http()
      .delete(`${base(slug)}/${id}`)
      .set(curator.headers)
      .send({ data: { comment: 'spam' } });

    expect(res.status).toBe(200);
    expect((await list(slug)).meta.pagination.total).toBe(0);
    const event = (await audit(slug)).find((e: { action: string }) => e.action === 'delete');
    expect(event).toMatchObject({
      fromStatus: 'red',
      toStatus: null,
      comment: expect.stringContaining('Lower taxes now.'),
    });
  });

  it('the reason for a deletion comes as a query parameter (koa-body parses no DELETE body), and goes to the audit', async () => {
    const slug = await createModel(app);
    const id = await give(slug, 'Cut the red tape.');

    const res = await app
      .http()
      .delete(`${base(slug)}/${id}`)
      .query({ comment: 'duplicate of an earlier row' })
      .set(curator.headers);
    const unknown = await app
      .http()
      .delete(`${base(slug)}/${id}`)
      .query({ why: 'x' })
      .set(curator.headers);

    expect(res.status).toBe(200);
    const event = (await audit(slug)).find((e: { action: string }) => e.action === 'delete');
    expect(event.comment).toContain('duplicate of an earlier row');
    expect(unknown.status).toBe(400);
  });

  it('without the curate action, or without an admin session, relabel, delete and import are refused', async () => {
    const slug = await createModel(app);
    const id = await give(slug, 'Guns.');
    const readOnlyToken = `Bearer ${await createApiToken(app.strapi, { type: 'read-only' })}`;
    const chunk = { dataset: 'x', rows: [{ line: 1, text: 'a b', label: 'red' }] };

    const attempts = [
      await app
        .http()
        .put(`${base(slug)}/${id}`)
        .set(reader.headers)
        .send({ data: { label: 'blue' } }),
      await app
        .http()
        .delete(`${base(slug)}/${id}`)
        .set(reader.headers),
      await importChunk(slug, chunk, reader),
      await app
        .http()
        .put(`${base(slug)}/${id}`)
        .set(app.fullAccess)
        .send({ data: { label: 'blue' } }),
      await app
        .http()
        .delete(`${base(slug)}/${id}`)
        .set({ Authorization: readOnlyToken }),
      await app
        .http()
        .post(`${base(slug)}/import`)
        .send({ data: chunk }),
    ];

    expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 401, 401, 401]);
    expect((await list(slug)).data).toMatchObject([{ label: 'red' }]);
  });

  it("an imported chunk gets the champion's label for every fresh row, and a second import adds nothing", async () => {
    const slug = await createModel(app);
    const champion = await deploy(app, curator, slug, textClassifierOnnx());
    const rows = [
      { line: 2, text: 'health care care care', label: 'red' },
      { line: 3, text: 'wall wall wall', label: 'red', group: 'd1' },
    ];

    const first = await importChunk(slug, { dataset: 'corpus', rows });
    const second = await importChunk(slug, { dataset: 'corpus', rows });
    const entries = (await list(slug, '?dataset=corpus')).data;

    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({
      dataset: 'corpus',
      read: 2,
      created: 2,
      alreadyThere: 0,
      scored: 2,
      scoredBy: champion,
    });
    expect(second.body.data).toMatchObject({ created: 0, alreadyThere: 2, scored: 0 });
    const byText = Object.fromEntries(entries.map((e: { text: string }) => [e.text, e]));
    expect(byText['health care care care']).toMatchObject({
      predictedLabel: 'blue',
      predictedVersion: champion,
      giverName: 'import (corpus)',
    });
    expect(byText['wall wall wall']).toMatchObject({
      predictedLabel: 'red',
      predictedVersion: champion,
    });
  });

  it('a chunk with a bad row is refused whole, naming its line, and writes nothing', async () => {
    const slug = await createModel(app);

    const badLabel = await importChunk(slug, {
      dataset: 'c',
      rows: [
        { line: 7, text: 'fine', label: 'red' },
        { line: 9, text: 'odd', label: 'purple' },
      ],
    });
    const tooMany = await importChunk(slug, {
      dataset: 'c',
      rows: Array.from({ length: 201 }, (_, i) => ({ line: i + 1, text: `t ${i}`, label: 'red' })),
    });
    const badDataset = await importChunk(slug, {
      dataset: '../etc',
      rows: [{ line: 1, text: 'x', label: 'red' }],
    });

    expect(badLabel.status).toBe(400);
    expect(badLabel.body.error.message).toMatch(/line 9: "label" must be one of blue, red/);
    expect(badLabel.body.error.details.lines).toEqual([
      { line: 9, message: '"label" must be one of blue, red' },
    ]);
    expect(tooMany.status).toBe(400);
    expect(badDataset.status).toBe(400);
    expect((await list(slug)).meta.pagination.total).toBe(0);
  });

  it('search finds text by a word, the giver filter takes a key listed with its readable name', async () => {
    const slug = await createModel(app);
    await give(slug, 'Secure the Border today.');
    await give(slug, 'Raise the minimum wage.', 'blue');
    await importChunk(slug, {
      dataset: 'debates',
      rows: [{ line: 1, text: 'The border is open.', label: 'red' }],
    });

    const found = await list(slug, '?q=border');
    const givers = (
      await app
        .http()
        .get(`${base(slug)}/givers`)
        .set(reader.headers)
    ).body.data;
    const imported = givers.find((g: { name: string }) => g.name === 'import (debates)');
    const byImport = await list(slug, `?giver=${encodeURIComponent(imported.key)}&q=BORDER`);

    expect(found.meta.pagination.total).toBe(2);
    expect(found.meta.stats.total).toBe(2);
    expect(givers).toEqual([
      { key: `admin:${curator.id}`, name: expect.stringMatching(/^Test admin-/), count: 2 },
      { key: 'import:debates', name: 'import (debates)', count: 1 },
    ]);
    expect(byImport.data.map((e: { text: string }) => e.text)).toEqual(['The border is open.']);
  });

  it('exports the filtered entries as CSV or JSONL that import back', async () => {
    const slug = await createModel(app);
    await give(slug, 'Taxes, "low" and\nsimple.');
    await give(slug, 'Unions matter.', 'blue');

    const csv = await app
      .http()
      .get(`${base(slug)}/export?format=csv`)
      .set(reader.headers)
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => done(null, body));
      });
    const jsonl = await app
      .http()
      .get(`${base(slug)}/export?format=jsonl&label=blue`)
      .set(reader.headers)
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => done(null, body));
      });

    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`${slug}-feedback.csv`);
    expect(
      parseImport(csv.body as string, 'csv', ['blue', 'red']).rows.map((r) => [r.text, r.label])
    ).toEqual([
      ['Taxes, "low" and\nsimple.', 'red'],
      ['Unions matter.', 'blue'],
    ]);
    expect(
      parseImport(jsonl.body as string, 'jsonl', ['blue', 'red']).rows.map((r) => r.text)
    ).toEqual(['Unions matter.']);
  });

  it("shows readers' texts and names, in the list, its search, the export and the givers, only to admins granted readers.read-texts", async () => {
    const slug = await createModel(app);
    const someone = await registerReader(app);
    const secret = `my own reading of ${slug}`;
    const labelled = await app
      .http()
      .post(`/api/model-manager/models/${slug}/feedback`)
      .set(someone.headers)
      .send({ data: { text: secret, label: 'blue' } });
    expect(labelled.status).toBe(201);
    await give(slug, `an editor's text ${slug}`);
    const textReader = await createAdmin(app, [ACTIONS.read, ACTIONS.readTexts]);
    const username = (
      await app.strapi.db
        .query('plugin::users-permissions.user')
        .findOne({ where: { id: someone.id } })
    ).username as string;
    const seenBy = async (admin: AdminSession) => {
      const get = (path: string) =>
        app
          .http()
          .get(`${base(slug)}${path}`)
          .set(admin.headers);
      const listed = (await get('')).body.data as Array<{
        source: string;
        text: string | null;
        giverName: string;
      }>;
      const found = (await get(`?q=${encodeURIComponent('my own reading')}`)).body
        .data as unknown[];
      const exported = (await get('/export?format=jsonl')).text;
      const givers = JSON.stringify((await get('/givers')).body.data);
      const mine = listed.find((e) => e.source === 'reader')!;
      return { text: mine.text, name: mine.giverName, found: found.length, exported, givers };
    };

    const plain = await seenBy(reader);
    const granted = await seenBy(textReader);

    expect(plain).toMatchObject({ text: null, name: `reader #${someone.id}`, found: 0 });
    expect(plain.exported).not.toContain(secret);
    expect(plain.exported).toContain(`an editor's text ${slug}`); // editors' texts stay
    expect(plain.givers).not.toContain(username);
    expect(granted).toMatchObject({ text: secret, name: username, found: 1 });
    expect(granted.exported).toContain(secret);
    expect(granted.givers).toContain(username);
  });
});
