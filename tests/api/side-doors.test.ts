import { UIDS } from '../../src/plugins/model-manager/shared/constants';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { approve, createModel, deploy, uploadVersion } from '../helpers/models';
import { freshClassifiers } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

/** What the lifecycle owns cannot be written through the Content Manager's own HTTP routes. */
describe('no side doors through the Content Manager', () => {
  let app: TestApp;
  let editor: AdminSession;
  const fresh = freshClassifiers(80);

  beforeAll(async () => {
    app = await startApp();
    editor = await createAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  const cm = (uid: string, documentId = '') =>
    `/content-manager/collection-types/${uid}${documentId ? `/${documentId}` : ''}`;
  const versionDoc = async (slug: string, number: number) =>
    (await app.strapi.documents(UIDS.version).findFirst({ filters: { number, model: { slug } } }))!;
  const modelDoc = async (slug: string) =>
    (await app.strapi.documents(UIDS.model).findFirst({ filters: { slug } }))!;
  /** The entry as the Content Manager's edit view loads it, ready to be saved back. */
  const loaded = async (uid: string, documentId: string) => {
    const res = await app.http().get(cm(uid, documentId)).set(editor.headers);
    expect(res.status).toBe(200);
    return res.body.data as Record<string, unknown>;
  };
  const save = (uid: string, documentId: string, body: Record<string, unknown>) =>
    app.http().put(cm(uid, documentId)).set(editor.headers).send(body);

  /** A model with a production v1 (approved, reviewed, promoted) and a challenger v2. */
  const servingModel = async () => {
    const slug = await createModel(app);
    const v1 = await deploy(app, editor, slug, fresh());
    const v2 = await uploadVersion(app, slug, fresh());
    await approve(app, editor, slug, v2);
    await app
      .http()
      .post(`/model-manager/models/${slug}/versions/${v2}/challenge`)
      .set(editor.headers)
      .send({ data: { trafficShare: 0.1 } });
    return { slug, v1, v2 };
  };

  it('saving a production version unchanged but for its notes works, as the edit view does', async () => {
    const { slug, v1 } = await servingModel();
    const doc = await versionDoc(slug, v1);
    const entry = await loaded(UIDS.version, doc.documentId);

    const res = await save(UIDS.version, doc.documentId, {
      ...entry,
      notes: 'edited in the Content Manager',
    });

    expect(res.status).toBe(200);
    expect((await versionDoc(slug, v1)).notes).toBe('edited in the Content Manager');
  });

  it('writing the lifecycle stage of a version through the Content Manager is refused', async () => {
    const { slug, v2 } = await servingModel();
    const doc = await versionDoc(slug, v2);
    const entry = await loaded(UIDS.version, doc.documentId);

    const results = await Promise.all(
      ['archived', 'production'].map((stage) =>
        save(UIDS.version, doc.documentId, { ...entry, stage })
      )
    );

    for (const res of results) expect(res.status).toBe(403);
    expect((await versionDoc(slug, v2)).stage).toBe('challenger');
  });

  it.each([
    ['number', 99],
    ['source', 'training'],
    ['artifactHash', 'f'.repeat(64)],
    ['artifactSize', 1],
    ['signature', { inputs: [], outputs: [], classLabels: ['blue', 'red'] }],
    ['metrics', { accuracy: 0.999, macroF1: 0.999 }],
    ['lineage', { datasetHash: 'forged' }],
    ['createdByActor', { kind: 'admin', id: 424242, name: 'someone else' }],
    ['reviewedByActor', { kind: 'admin', id: 424242, name: 'a reviewer' }],
    ['reviewedAt', '2020-01-01T00:00:00.000Z'],
    ['reviewComment', 'looks great'],
    ['reviewedGate', { champion: null, dataset: null, size: 0, violations: [] }],
    ['trafficShare', 0.5],
    ['promotedAt', '2020-01-01T00:00:00.000Z'],
  ])(
    'writing %s of a version through the Content Manager is refused with 403',
    async (field, value) => {
      const { slug, v2 } = await servingModel();
      const doc = await versionDoc(slug, v2);
      const entry = await loaded(UIDS.version, doc.documentId);

      const res = await save(UIDS.version, doc.documentId, { ...entry, [field]: value });

      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ name: 'PolicyError', details: { fields: [field] } });
      expect(JSON.stringify((await versionDoc(slug, v2))[field as keyof typeof doc])).toBe(
        JSON.stringify(doc[field as keyof typeof doc])
      );
    }
  );

  it('re-parenting a version through its model relation is refused, from either side', async () => {
    const { slug, v2 } = await servingModel();
    const other = await createModel(app);
    const version = await versionDoc(slug, v2);
    const target = await modelDoc(other);

    const fromVersion = await save(UIDS.version, version.documentId, {
      ...(await loaded(UIDS.version, version.documentId)),
      model: { connect: [target.documentId] },
    });
    const fromModel = await save(UIDS.model, target.documentId, {
      ...(await loaded(UIDS.model, target.documentId)),
      versions: { connect: [version.documentId] },
    });

    expect(fromVersion.status).toBe(403);
    expect(fromModel.status).toBe(403);
    expect(fromModel.body.error.details.fields).toEqual(['versions']);
    const versions = await app
      .http()
      .get(`/api/model-manager/models/${other}/versions`)
      .set(app.fullAccess);
    expect(versions.body.data).toEqual([]);
  });

  it('the labels of a model whose versions served cannot change; of a model that never served they can', async () => {
    const { slug } = await servingModel();
    const fresh = await createModel(app);
    const served = await modelDoc(slug);
    const unserved = await modelDoc(fresh);

    const refused = await save(UIDS.model, served.documentId, {
      ...(await loaded(UIDS.model, served.documentId)),
      labels: ['red', 'blue', 'green'],
    });
    const allowed = await save(UIDS.model, unserved.documentId, {
      ...(await loaded(UIDS.model, unserved.documentId)),
      labels: ['left', 'right'],
    });
    const described = await save(UIDS.model, served.documentId, {
      ...(await loaded(UIDS.model, served.documentId)),
      description: 'still editable',
    });

    expect(refused.status).toBe(403);
    expect(refused.body.error.details.fields).toEqual(['labels']);
    expect(allowed.status).toBe(200);
    expect(described.status).toBe(200);
  });

  it.each([
    ['its slug (routing stayed on the old one)', { slug: 'renamed-in-cm' }, 'slug'],
    [
      'its evaluation set (it switched the promotion gate off)',
      { evaluationDataset: 'nothing' },
      'evaluationDataset',
    ],
    ['its scope', { scope: 'personal' }, 'scope'],
  ])(
    'changing %s in the Content Manager is refused; its name and description stay editable',
    async (_, change, field) => {
      const { slug } = await servingModel();
      const model = await modelDoc(slug);

      const refused = await save(UIDS.model, model.documentId, {
        ...(await loaded(UIDS.model, model.documentId)),
        ...change,
      });
      const renamed = await save(UIDS.model, model.documentId, {
        ...(await loaded(UIDS.model, model.documentId)),
        name: `${slug} (renamed)`,
      });

      expect(refused.status).toBe(403);
      expect(refused.body.error.details.fields).toEqual([field]);
      expect((await modelDoc(slug)).slug).toBe(slug);
      expect(renamed.status).toBe(200);
      const predicted = await app
        .http()
        .post(`/api/model-manager/models/${slug}/predict`)
        .set(app.fullAccess)
        .send({ text: 'the wall' });
      expect(predicted.status).toBe(200);
    }
  );

  it('a model that serves cannot be deleted (refused with a message); one that does not serve can', async () => {
    const { slug } = await servingModel();
    const idle = await createModel(app);

    const refused = await app
      .http()
      .delete(cm(UIDS.model, (await modelDoc(slug)).documentId))
      .set(editor.headers);
    const deleted = await app
      .http()
      .delete(cm(UIDS.model, (await modelDoc(idle)).documentId))
      .set(editor.headers);

    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      name: 'PolicyError',
      details: { rule: 'serving-model' },
    });
    expect(
      (await app.http().get(`/api/model-manager/models/${slug}`).set(app.fullAccess)).status
    ).toBe(200);
    expect(deleted.status).toBe(200);
  });

  it('versions cannot be created or deleted through the Content Manager', async () => {
    const { slug, v1 } = await servingModel();

    const created = await app
      .http()
      .post(cm(UIDS.version))
      .set(editor.headers)
      .send({ number: 7, source: 'upload', artifactHash: 'f'.repeat(64), artifactSize: 1 });
    const deleted = await app
      .http()
      .delete(cm(UIDS.version, (await versionDoc(slug, v1)).documentId))
      .set(editor.headers);

    expect(created.status).toBe(403);
    expect(deleted.status).toBe(403);
  });

  it('the audit trail is append-only: no update, delete or create outside the lifecycle', async () => {
    const { slug } = await servingModel();
    const event = (await app.strapi
      .documents(UIDS.auditEvent)
      .findFirst({ filters: { model: { slug } } }))!;
    const audit = app.strapi.documents(UIDS.auditEvent);

    await expect(
      audit.update({ documentId: event.documentId, data: { comment: 'rewritten' } as never })
    ).rejects.toThrow(/append-only/);
    await expect(audit.delete({ documentId: event.documentId })).rejects.toThrow(/append-only/);
    await expect(
      audit.create({ data: { action: 'promote', at: new Date().toISOString() } as never })
    ).rejects.toThrow(/append-only/);
    const viaCm = await app
      .http()
      .put(cm(UIDS.auditEvent, event.documentId))
      .set(editor.headers)
      .send({ comment: 'rewritten' });
    expect(viaCm.status).not.toBe(200);
    expect((await audit.findOne({ documentId: event.documentId }))!.comment).toBe(event.comment);
  });

  it('deployment rows are never written by anything but the lifecycle: no route or content type exposes them', async () => {
    const res = await app
      .http()
      .get('/content-manager/collection-types/plugin::model-manager.deployment')
      .set(editor.headers);

    expect(res.status).not.toBe(200);
  });
});
