import { ACTIONS, UIDS } from '../../src/plugins/model-manager/shared/constants';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { approve, createModel, deploy, promote, uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { registerReader } from '../helpers/readers';
import { createApiToken, startApp, type TestApp } from '../helpers/strapi';

describe('the version lifecycle', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let strength = 10;
  const fresh = () => textClassifierOnnx({ strength: (strength += 0.5) });

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  const adminPost = (session: AdminSession, path: string, data: Record<string, unknown> = {}) =>
    app.http().post(`/model-manager/models/${path}`).set(session.headers).send({ data });
  /** A model whose v1 serves and whose v2 is approved, ready to be promoted or to challenge. */
  const championAndApprovedCandidate = async () => {
    const slug = await createModel(app);
    const v1 = await deploy(app, reviewer, slug, fresh());
    const v2 = await uploadVersion(app, slug, fresh());
    await approve(app, reviewer, slug, v2);
    return { slug, v1, v2 };
  };
  const version = async (slug: string, number: number) =>
    (
      await app
        .http()
        .get(`/api/model-manager/models/${slug}/versions/${number}`)
        .set(app.fullAccess)
    ).body.data;

  it('walks candidate -> in_review -> approved -> production, recording reviewer and audit trail', async () => {
    const slug = await createModel(app);
    const number = await uploadVersion(app, slug, fresh());

    await approve(app, reviewer, slug, number);
    await promote(app, slug, number);

    const v = await version(slug, number);
    expect(v.status).toBe('production');
    expect(v.reviewedByActor).toMatchObject({ kind: 'admin', id: reviewer.id });
    const audit = await app.http().get(`/model-manager/models/${slug}/audit`).set(reviewer.headers);
    const steps = audit.body.data.map(
      (e: { action: string; fromStatus: string; toStatus: string }) =>
        `${e.action}:${e.fromStatus}->${e.toStatus}`
    );
    expect(steps).toEqual([
      'promote:approved->production',
      'approve:in_review->approved',
      'submit:candidate->in_review',
      'create:null->candidate',
    ]);
    expect(audit.body.data[0].actor).toMatchObject({ kind: 'api-token' });
    expect(audit.body.data[1]).toMatchObject({
      comment: 'approve in test',
      actor: { kind: 'admin', id: reviewer.id },
    });
  });

  it('when a version is promoted, the old champion is archived; rollback restores it', async () => {
    const { slug, v1, v2 } = await championAndApprovedCandidate();

    await promote(app, slug, v2);
    const afterPromote = [(await version(slug, v1)).status, (await version(slug, v2)).status];
    const rollback = await app
      .http()
      .post(`/api/model-manager/models/${slug}/rollback`)
      .set(app.fullAccess)
      .send({ data: { comment: 'v2 misbehaves' } });

    expect(afterPromote).toEqual(['archived', 'production']);
    expect(rollback.status).toBe(200);
    expect(rollback.body.data).toMatchObject({ number: v1, status: 'production' });
    expect((await version(slug, v2)).status).toBe('archived');
    const model = await app.http().get(`/api/model-manager/models/${slug}`).set(app.fullAccess);
    expect(model.body.data.production.number).toBe(v1);
  });

  it('when there is nothing earlier to roll back to, rollback is a 409', async () => {
    const slug = await createModel(app);
    const v1 = await uploadVersion(app, slug, fresh());
    await approve(app, reviewer, slug, v1);
    await promote(app, slug, v1);

    const res = await app
      .http()
      .post(`/api/model-manager/models/${slug}/rollback`)
      .set(app.fullAccess)
      .send({});

    expect(res.status).toBe(409);
    expect(res.body.error.name).toBe('ConflictError');
  });

  it.each([
    ['promote a candidate', 'promote', 'candidate'],
    ['approve a candidate', 'approve', 'candidate'],
  ])('when asked to %s, it is a 409 naming the status', async (_, action, status) => {
    const slug = await createModel(app);
    const number = await uploadVersion(app, slug, fresh());

    const res = await adminPost(reviewer, `${slug}/versions/${number}/${action}`);

    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ name: 'ConflictError', details: { status } });
    expect((await version(slug, number)).status).toBe('candidate');
  });

  it('when the uploader tries to approve their own version, the four-eyes rule refuses with 403', async () => {
    const slug = await createModel(app);
    const author = await createAdmin(app);
    const upload = await app
      .http()
      .post(`/model-manager/models/${slug}/versions`)
      .set(author.headers)
      .attach('file', fresh(), 'm.onnx');
    const number = upload.body.data.number;
    await adminPost(author, `${slug}/versions/${number}/submit`);

    const own = await adminPost(author, `${slug}/versions/${number}/approve`);
    const other = await adminPost(reviewer, `${slug}/versions/${number}/approve`);

    expect(upload.status).toBe(201);
    expect(own.status).toBe(403);
    expect(own.body.error).toMatchObject({ name: 'PolicyError', details: { rule: 'four-eyes' } });
    expect(other.status).toBe(200);
  });

  it('when a version comes from a token no person created, it needs two distinct reviewers: the first approval leaves it in review, the same reviewer cannot give the second, another one approves it', async () => {
    const slug = await createModel(app);
    const scripted = {
      Authorization: `Bearer ${await createApiToken(app.strapi, { type: 'full-access' })}`,
    }; // made by the service, as Strapi's seeded tokens and scripts make them: no creator recorded
    const number = await uploadVersion(app, slug, fresh(), scripted);
    const second = await createAdmin(app);
    await adminPost(reviewer, `${slug}/versions/${number}/submit`);

    const first = await adminPost(reviewer, `${slug}/versions/${number}/approve`, {
      comment: 'looks right to me',
    });
    const again = await adminPost(reviewer, `${slug}/versions/${number}/approve`);
    const afterFirst = (await version(slug, number)).status;
    const other = await adminPost(second, `${slug}/versions/${number}/approve`);

    expect(first.status).toBe(200);
    expect(first.body.data.status).toBe('in_review');
    expect(again.status).toBe(403);
    expect(again.body.error).toMatchObject({
      name: 'PolicyError',
      details: { rule: 'four-eyes', approvalsNeeded: 2, approvalsGiven: 1 },
    });
    expect(afterFirst).toBe('in_review');
    expect(other.status).toBe(200);
    expect(other.body.data.status).toBe('approved');
    const audit = await app.http().get(`/model-manager/models/${slug}/audit`).set(reviewer.headers);
    expect(
      audit.body.data
        .slice(0, 2)
        .map(
          (e: { action: string; toStatus: string; actor: { id: number } }) =>
            `${e.action}:${e.toStatus}:${e.actor.id}`
        )
    ).toEqual([`approve:approved:${second.id}`, `approve:in_review:${reviewer.id}`]);
  });

  it('when an editor role lacks the review action, approving is a 403', async () => {
    const slug = await createModel(app);
    const number = await uploadVersion(app, slug, fresh());
    await adminPost(reviewer, `${slug}/versions/${number}/submit`);
    const editor = await createAdmin(app, [ACTIONS.read, ACTIONS.upload]);

    const res = await adminPost(editor, `${slug}/versions/${number}/approve`);
    const read = await app.http().get(`/model-manager/models/${slug}`).set(editor.headers);

    expect(res.status).toBe(403);
    expect(read.status).toBe(200);
  });

  it('no API token can approve: the content API has no review route', async () => {
    const slug = await createModel(app);
    const number = await uploadVersion(app, slug, fresh());

    const res = await app
      .http()
      .post(`/api/model-manager/models/${slug}/versions/${number}/approve`)
      .set(app.fullAccess)
      .send({});

    expect([404, 405]).toContain(res.status);
    expect((await version(slug, number)).status).toBe('candidate');
  });

  it('a challenger takes its traffic share, sticky per reader, fresh per request for a shared token, and can be archived', async () => {
    const { slug, v1, v2 } = await championAndApprovedCandidate();
    const callers: Array<Record<string, string>> = [];
    for (let i = 0; i < 24; i += 1) callers.push((await registerReader(app)).headers);
    const shared = {
      Authorization: `Bearer ${await createApiToken(app.strapi, { type: 'full-access' })}`,
    };
    const variantOf = async (headers: Record<string, string>) => {
      const res = await app
        .http()
        .post(`/api/model-manager/models/${slug}/predict`)
        .set(headers)
        .send({ text: 'the wall' });
      return `${res.body.meta.variant}:${res.body.meta.version}`;
    };

    const challenge = await adminPost(reviewer, `${slug}/versions/${v2}/challenge`, {
      trafficShare: 0.5,
    });
    const first = await Promise.all(callers.map(variantOf));
    const again = await Promise.all(callers.map(variantOf));
    const byToken = await Promise.all(Array.from({ length: 40 }, () => variantOf(shared)));
    const archive = await adminPost(reviewer, `${slug}/versions/${v2}/archive`);

    expect(challenge.status).toBe(200);
    expect(challenge.body.data).toMatchObject({ status: 'challenger', trafficShare: 0.5 });
    expect(new Set(first)).toEqual(new Set([`champion:${v1}`, `challenger:${v2}`])); // 2^-23 chance of a false failure
    expect(again).toEqual(first); // each reader keeps its variant
    // one token serves many people: its requests split too (it all went one way when draws were per token)
    expect(new Set(byToken)).toEqual(new Set([`champion:${v1}`, `challenger:${v2}`])); // 2^-39 chance of a false failure
    expect(archive.body.data.status).toBe('archived');
  });

  it('challenger shares of one model may not add up past 1: the share that would pass it is a 409', async () => {
    const { slug, v2 } = await championAndApprovedCandidate();
    const [v3, v4] = [
      await uploadVersion(app, slug, fresh()),
      await uploadVersion(app, slug, fresh()),
    ];
    for (const n of [v3, v4]) await approve(app, reviewer, slug, n);

    const half = await adminPost(reviewer, `${slug}/versions/${v2}/challenge`, {
      trafficShare: 0.5,
    });
    const more = await adminPost(reviewer, `${slug}/versions/${v3}/challenge`, {
      trafficShare: 0.4,
    });
    const tooMuch = await adminPost(reviewer, `${slug}/versions/${v4}/challenge`, {
      trafficShare: 0.2,
    });
    const fits = await adminPost(reviewer, `${slug}/versions/${v4}/challenge`, {
      trafficShare: 0.1,
    });

    expect([half.status, more.status]).toEqual([200, 200]);
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.details).toMatchObject({ trafficShare: 0.2 });
    expect(tooMuch.body.error.details.othersShare).toBeCloseTo(0.9, 9);
    expect(fits.status).toBe(200);
    expect(fits.body.data).toMatchObject({ status: 'challenger', trafficShare: 0.1 });
  });

  it('the runtime endpoint shows this instance’s session cache and routing revision', async () => {
    const res = await app.http().get('/model-manager/runtime').set(reviewer.headers);

    expect(res.status).toBe(200);
    expect(res.body.data.sessions).toMatchObject({ limits: { maxSessions: 50 } });
    expect(res.body.data.sessions.size).toBeGreaterThan(0); // production versions of earlier tests are loaded
    expect(res.body.data.routingRevision).toBeGreaterThan(0);
  });

  it('the Content Manager shows lifecycle fields read-only', async () => {
    const res = await app
      .http()
      .get(`/content-manager/content-types/${UIDS.version}/configuration`)
      .set(reviewer.headers);

    expect(res.status).toBe(200);
    const metadatas = res.body.data.contentType.metadatas;
    expect(metadatas.stage.edit.editable).toBe(false);
    expect(metadatas.artifactHash.edit.editable).toBe(false);
    expect(metadatas.notes.edit.editable).toBe(true);
  });

  it('the document service cannot change a status behind the registry’s back', async () => {
    const slug = await createModel(app);
    const number = await uploadVersion(app, slug, fresh());
    const doc = await app.strapi
      .documents(UIDS.version)
      .findFirst({ filters: { number, model: { slug } } });

    const statusEdit = app.strapi
      .documents(UIDS.version)
      .update({ documentId: doc!.documentId, data: { stage: 'production' } as never });
    const notesEdit = app.strapi.documents(UIDS.version).update({
      documentId: doc!.documentId,
      data: { notes: 'fine to edit', stage: 'candidate' } as never,
    });

    await expect(statusEdit).rejects.toThrow(/lifecycle/);
    await expect(notesEdit).resolves.toMatchObject({ notes: 'fine to edit' });
    await expect(
      app.strapi.documents(UIDS.version).create({ data: { number: 99 } as never })
    ).rejects.toThrow(/uploading or training/);
    expect((await version(slug, number)).status).toBe('candidate');
  });
});
