import { createAdmin, type AdminSession } from '../helpers/admin';
import { eventually } from '../helpers/eventually';
import { createModel, deploy } from '../helpers/models';
import { FOREIGN_MODEL } from '../helpers/data';
import { registerReader, type ReaderSession } from '../helpers/readers';
import { startApp, type TestApp } from '../helpers/strapi';
import fs from 'fs';

/** Issue 11: an editor's collective model over three experts' labels, through review to production, and a follower routed to it. */
describe('collective models', () => {
  let app: TestApp;
  let editor: AdminSession;
  let reviewer: AdminSession;
  let base: string;
  let members: ReaderSession[];
  const api = '/api/model-manager/models';
  const admin = (session: AdminSession, method: 'get' | 'post', path: string, body?: object) =>
    method === 'get'
      ? app.http().get(`/model-manager${path}`).set(session.headers)
      : app
          .http()
          .post(`/model-manager${path}`)
          .set(session.headers)
          .send(body ?? {});

  /** Starts a training run of `slug` and waits until it has succeeded or failed. */
  const trainToTheEnd = async (slug: string) => {
    const run = await admin(editor, 'post', `/models/${slug}/training-runs`, {
      data: { algorithm: 'logistic-regression', ngramRange: [1, 2], minDf: 1 },
    });
    expect(run.status).toBe(202);
    return eventually(
      async () => {
        const r = await admin(editor, 'get', `/training-runs/${run.body.data.documentId}`);
        return ['succeeded', 'failed'].includes(r.body.data.status) ? r.body.data : null;
      },
      { timeoutMs: 120_000, intervalMs: 100 }
    );
  };

  const subjects = Array.from({ length: 14 }, (_, i) => ({
    text: i % 2 ? `the wall and the border, point ${i}` : `health care and climate, point ${i}`,
    label: i % 2 ? 'red' : 'blue',
  }));

  beforeAll(async () => {
    app = await startApp();
    editor = await createAdmin(app);
    reviewer = await createAdmin(app);
    base = await createModel(app);
    await deploy(app, reviewer, base, fs.readFileSync(FOREIGN_MODEL));
    members = [await registerReader(app), await registerReader(app), await registerReader(app)];
    // Two members agree on everything; the third contradicts them on every other subject.
    for (const [m, member] of members.entries()) {
      for (const [i, s] of subjects.entries()) {
        const label = m === 2 && i % 4 < 2 ? (s.label === 'red' ? 'blue' : 'red') : s.label;
        const res = await app
          .http()
          .post(`${api}/${base}/feedback`)
          .set(member.headers)
          .send({ data: { text: s.text, label } });
        if (res.status !== 201)
          throw new Error(`feedback failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
  }, 300_000);
  afterAll(async () => {
    await app.stop();
  });

  it('an editor creates one over a base model with three members, and sees their agreement', async () => {
    const res = await admin(editor, 'post', '/collective-models', {
      data: { name: 'Experts', baseModel: base, members: members.map((m) => m.id) },
    });

    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      baseModel: base,
      members: 3,
      agreement: { subjects: 14, ties: 0, kept: 14 },
    });
    const weights = res.body.data.agreement.members.map((m: { weight: number }) => m.weight);
    expect(weights[0]).toBeGreaterThan(weights[2]); // the contrarian weighs less
    expect(res.body.data.agreement.fleissKappa).toBeGreaterThan(0);
    expect(res.body.data.agreement.fleissKappa).toBeLessThan(1);
    const model = await app.http().get(`${api}/${res.body.data.slug}`).set(app.fullAccess);
    expect(model.body.data.scope).toBe('collective');
  });

  it('when one of two members flips every label, the disputed subjects are kept with the reliable label, and training weighs them', async () => {
    // Given an honest member and one who answers the opposite on every subject of the base model
    const honest = await registerReader(app);
    const flipper = await registerReader(app);
    for (const [member, answer] of [
      [honest, (label: string) => label],
      [flipper, (label: string) => (label === 'red' ? 'blue' : 'red')],
    ] as const)
      for (const s of subjects) {
        const res = await app
          .http()
          .post(`${api}/${base}/feedback`)
          .set(member.headers)
          .send({ data: { text: s.text, label: answer(s.label) } });
        expect(res.status).toBe(201);
      }

    // When an editor makes a collective model of the two
    const created = await admin(editor, 'post', '/collective-models', {
      data: { name: 'Disputed', baseModel: base, members: [honest.id, flipper.id] },
    });

    // Then no subject is dropped: the base champion anchors who is reliable
    expect(created.status).toBe(201);
    const { agreement } = created.body.data;
    expect(agreement).toMatchObject({
      method: 'dawid-skene',
      subjects: 14,
      ties: 0,
      kept: 14,
      anchor: { version: 1, subjects: 14 },
    });
    const byKey = new Map(
      agreement.members.map((m: { member: string }) => [m.member, m] as const)
    ) as Map<string, { reliability: number; weight: number; labels: number }>;
    const [honestRow, flipperRow] = [honest, flipper].map((r) => byKey.get(`user:${r.id}`)!);
    expect(honestRow.labels).toBe(14);
    expect(honestRow.reliability).toBeGreaterThan(0.8);
    // 14 labels against the prior's pseudo-labels: below chance, so read inverted
    expect(flipperRow.reliability).toBeLessThan(0.5);
    expect(flipperRow.weight).toBeLessThan(0);
    expect(agreement.weightSum).toBeGreaterThan(7); // confident rows, not coin flips

    // And a training run trains on all 14, its log naming each member's reliability
    const slug = created.body.data.slug as string;
    const done = await trainToTheEnd(slug);
    expect(done.status).toBe('succeeded');
    const log = done.logs.join('\n');
    expect(log).toMatch(/collective: 14 of 14 subjects agreed \(0 ties dropped\)/);
    expect(log).toContain(`user:${honest.id} reliability ${honestRow.reliability}`);
    expect(log).toMatch(/dataset frozen: 14 rows/);
  }, 240_000);

  it('refuses members who are not users, and a base model that is not global', async () => {
    const notUsers = await admin(editor, 'post', '/collective-models', {
      data: { name: 'Ghosts', baseModel: base, members: [members[0].id, 987654] },
    });
    expect(notUsers.status).toBe(400);
    expect(notUsers.body.error.details.errors[0].path).toEqual(['members']);
    const reader = await app
      .http()
      .post(`/model-manager/collective-models`)
      .set(members[0].headers)
      .send({ data: { name: 'x', baseModel: base, members: [1, 2] } });
    expect(reader.status).toBe(401); // a reader's JWT is no admin session
  });

  it('trains on the agreed labels, goes through review to production, and answers a reader who follows it', async () => {
    const created = await admin(editor, 'post', '/collective-models', {
      data: { name: 'Panel', baseModel: base, members: members.map((m) => m.id) },
    });
    const slug = created.body.data.slug as string;

    const done = await trainToTheEnd(slug);
    expect(done.status).toBe('succeeded');
    expect(done.logs.join('\n')).toMatch(
      /collective: 14 of 14 subjects agreed \(0 ties dropped\); Fleiss' kappa 0\.\d+/
    );
    const number = done.version as number;

    expect(
      (await admin(editor, 'post', `/models/${slug}/versions/${number}/approve`, { data: {} }))
        .status
    ).toBe(409); // a candidate is submitted first
    for (const step of ['submit', 'approve'])
      expect(
        (await admin(reviewer, 'post', `/models/${slug}/versions/${number}/${step}`, { data: {} }))
          .status
      ).toBe(200);
    expect(
      (await admin(editor, 'post', `/models/${slug}/versions/${number}/promote`, { data: {} }))
        .status
    ).toBe(200);

    const follower = await registerReader(app);
    const probe = { text: 'the wall and the border' };
    const before = await app
      .http()
      .post(`${api}/${base}/predict`)
      .set(follower.headers)
      .send(probe);
    expect(before.body.meta).toMatchObject({ model: base, scope: 'global' });
    const follow = await app
      .http()
      .put(`${api}/${base}/following`)
      .set(follower.headers)
      .send({ data: { collective: slug } });
    expect(follow.status).toBe(200);
    expect(follow.body.data).toEqual({ model: base, collective: slug });

    const after = await app.http().post(`${api}/${base}/predict`).set(follower.headers).send(probe);
    const byToken = await app.http().post(`${api}/${base}/predict`).set(app.fullAccess).send(probe);
    const global = await app
      .http()
      .post(`${api}/${base}/predict`)
      .set(follower.headers)
      .send({ ...probe, scope: 'global' });

    expect(after.body).toMatchObject({
      meta: { model: slug, version: number, scope: 'collective', variant: 'champion' },
    });
    expect(byToken.body.meta).toMatchObject({ model: base, scope: 'global' });
    expect(global.body.meta).toMatchObject({ model: base, scope: 'global' });
    const wrong = await app
      .http()
      .put(`${api}/${base}/following`)
      .set(follower.headers)
      .send({ data: { collective: base } });
    expect(wrong.status).toBe(400);
    const unfollow = await app
      .http()
      .put(`${api}/${base}/following`)
      .set(follower.headers)
      .send({ data: { collective: null } });
    expect(unfollow.body.data.collective).toBeNull();
    expect(
      (await app.http().post(`${api}/${base}/predict`).set(follower.headers).send(probe)).body.meta
        .scope
    ).toBe('global');
  }, 240_000);
});
