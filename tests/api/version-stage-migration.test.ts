import { VERSION_STATUSES } from '../../src/plugins/model-manager/shared/constants';
import { createModel, uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

/**
 * A database made before the rename (the lifecycle state in the column `status`) keeps every
 * version's state once the migration has run and the app serves `stage`. The old database is
 * made from this one: the column renamed back and the migration's record removed, so the next
 * boot finds exactly what the earlier code left.
 */
describe('the version stage migration', () => {
  let app: TestApp | null = null;
  afterAll(async () => {
    await app?.stop();
  });

  it('keeps the state of every version of a database that stored it in `status`', async () => {
    app = await startApp();
    const slug = await createModel(app);
    const numbers: number[] = [];
    for (let i = 0; i < VERSION_STATUSES.length; i += 1)
      numbers.push(await uploadVersion(app, slug, textClassifierOnnx({ strength: 40 + i })));
    const knex = app.strapi.db.connection;
    const ids = (await app.strapi.db
      .query('plugin::model-manager.model-version')
      .findMany({ where: { model: { slug } }, select: ['id', 'number'] })) as Array<{
      id: number;
      number: number;
    }>;
    const stateOf = new Map(
      ids.map((row) => [row.id, VERSION_STATUSES[numbers.indexOf(row.number)]])
    );

    await knex.schema.alterTable('mm_model_versions', (t) => t.renameColumn('stage', 'status'));
    // the old code stored no title either: the next boot gives every version one
    for (const [id, state] of stateOf)
      await knex('mm_model_versions').where({ id }).update({ status: state, title: null });
    await knex('strapi_migrations_internal')
      .where('name', 'like', '%model-manager-version-stage%')
      .del();
    await app.stop();
    app = null;

    app = await startApp();
    const after = app.strapi.db.connection;
    expect(await after.schema.hasColumn('mm_model_versions', 'status')).toBe(false);
    const rows = await after('mm_model_versions')
      .whereIn('id', [...stateOf.keys()])
      .select('id', 'stage');
    expect(
      Object.fromEntries(rows.map((r: { id: number; stage: string }) => [r.id, r.stage]))
    ).toEqual(Object.fromEntries(stateOf));
    const titles = await after('mm_model_versions')
      .whereIn('id', [...stateOf.keys()])
      .pluck('title');
    expect(titles.sort()).toEqual(numbers.map((n) => `${slug} v${n}`).sort());
    // and the REST field still says `status`, from the renamed column
    const listed = await app
      .http()
      .get(`/api/model-manager/models/${slug}/versions`)
      .set(app.fullAccess);
    expect(listed.body.data.map((v: { status: string }) => v.status).sort()).toEqual(
      [...VERSION_STATUSES].sort()
    );
  });
});
