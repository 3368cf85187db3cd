import { UIDS } from '../../src/plugins/model-manager/shared/constants';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { approve, createModel, deploy, uploadVersion } from '../helpers/models';
import { freshClassifiers } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

/** What an editor meets in the Content Manager, read through its own HTTP routes. */
describe('the Content Manager shows the plugin’s types readably', () => {
  let app: TestApp;
  let editor: AdminSession;
  const fresh = freshClassifiers(160);

  beforeAll(async () => {
    app = await startApp();
    editor = await createAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  const configuration = async (uid: string) => {
    const res = await app
      .http()
      .get(`/content-manager/content-types/${uid}/configuration`)
      .set(editor.headers);
    expect(res.status).toBe(200);
    return res.body.data.contentType as {
      settings: { mainField: string };
      layouts: { list: string[]; edit: Array<Array<{ name: string }>> };
      metadatas: Record<
        string,
        { edit: { editable: boolean; visible: boolean; label: string }; list: { label: string } }
      >;
    };
  };
  const editFields = (config: Awaited<ReturnType<typeof configuration>>) =>
    config.layouts.edit.flat().map((cell) => cell.name);

  it('lists model versions and models, but not training runs, feedback or the audit', async () => {
    const res = await app.http().get('/content-manager/content-types').set(editor.headers);

    const displayed = Object.fromEntries(
      res.body.data.map((ct: { uid: string; isDisplayed: boolean }) => [ct.uid, ct.isDisplayed])
    );
    expect(displayed).toMatchObject({
      [UIDS.version]: true,
      [UIDS.model]: true,
      [UIDS.trainingRun]: false,
      [UIDS.feedback]: false,
      [UIDS.auditEvent]: false,
    });
  });

  it('titles versions "<slug> v<number>", lists their lifecycle stage, and keeps raw JSON out of the edit form', async () => {
    const config = await configuration(UIDS.version);

    expect(config.settings.mainField).toBe('title');
    expect(config.layouts.list).toEqual(['title', 'stage', 'source', 'createdAt']);
    for (const field of ['signature', 'metrics', 'lineage', 'createdByActor', 'reviewedByActor']) {
      expect(editFields(config)).not.toContain(field);
      expect(config.metadatas[field].edit.visible).toBe(false);
    }
    for (const field of ['title', 'stage', 'number', 'artifactHash'])
      expect(config.metadatas[field].edit.editable).toBe(false);
    expect(config.metadatas.notes.edit.editable).toBe(true);
  });

  it('the list of versions shows each version by title with its real lifecycle stage', async () => {
    const slug = await createModel(app);
    const served = await deploy(app, editor, slug, fresh());
    const approved = await uploadVersion(app, slug, fresh());
    await approve(app, editor, slug, approved);
    const candidate = await uploadVersion(app, slug, fresh());

    const res = await app
      .http()
      .get(`/content-manager/collection-types/${UIDS.version}`)
      .query({
        page: 1,
        pageSize: 100,
        sort: 'id:DESC',
        filters: { title: { $startsWith: `${slug} v` } },
      })
      .set(editor.headers);

    expect(res.status).toBe(200);
    const rows = Object.fromEntries(
      res.body.results.map((r: { title: string; stage: string }) => [r.title, r.stage])
    );
    expect(rows).toEqual({
      [`${slug} v${served}`]: 'production',
      [`${slug} v${approved}`]: 'approved',
      [`${slug} v${candidate}`]: 'candidate',
    });
    // Strapi's own document status is not what the list reports as the version's state
    expect(res.body.results.every((r: { status?: string }) => r.status !== 'production')).toBe(
      true
    );
  });

  it('shows an article’s prediction read-only and its probabilities not as raw JSON', async () => {
    const config = await configuration('api::article.article');

    expect(config.metadatas.predictedLabel.edit.editable).toBe(false);
    expect(config.metadatas.predictedBy.edit.editable).toBe(false);
    expect(editFields(config)).not.toContain('predictedProbabilities');
    expect(config.metadatas.title.edit.editable).toBe(true);
  });

  it('offers no creation of models or versions and no deletion of versions, even to the Super Admin', async () => {
    const res = await app.http().get('/admin/users/me/permissions').set(editor.headers);

    expect(res.status).toBe(200);
    const granted = (subject: string) =>
      res.body.data
        .filter((p: { subject: string | null }) => p.subject === subject)
        .map((p: { action: string }) => p.action.replace('plugin::content-manager.explorer.', ''));
    expect(granted(UIDS.version)).toEqual(expect.arrayContaining(['read', 'update']));
    expect(granted(UIDS.version)).not.toContain('create');
    expect(granted(UIDS.version)).not.toContain('delete');
    expect(granted(UIDS.model)).toEqual(expect.arrayContaining(['read', 'update', 'delete']));
    expect(granted(UIDS.model)).not.toContain('create');
    // the same actions stay on an ordinary content type
    expect(granted('api::article.article')).toEqual(expect.arrayContaining(['create', 'delete']));
  });

  it('keeps a model’s labels and tags out of the edit form and says where they are set', async () => {
    const config = await configuration(UIDS.model);

    for (const field of ['labels', 'tags']) {
      expect(editFields(config)).not.toContain(field);
      expect(config.metadatas[field].edit.visible).toBe(false);
    }
    expect(config.metadatas.description.edit).toMatchObject({
      editable: true,
      description: expect.stringContaining('Model Manager'),
    });
  });

  it('keeps the relations only the plugin changes out of a model’s edit form, and labels fields in words', async () => {
    const config = await configuration(UIDS.model);

    for (const field of ['owner', 'members', 'baseModel', 'versions', 'versionCounter']) {
      expect(editFields(config)).not.toContain(field);
      expect(config.metadatas[field].edit.visible).toBe(false);
    }
    expect(config.metadatas.slug.edit.editable).toBe(false);
    expect(config.metadatas.evaluationDataset.edit.label).toBe('Evaluation set');
    expect(config.metadatas.trainOnReaders.edit.label).toBe('Train on readers’ labels');
    expect(config.metadatas.createdAt.list.label).toBe('Created at');
    const versions = await configuration(UIDS.version);
    expect(versions.metadatas.stage.list.label).toBe('Lifecycle stage');
    expect(versions.metadatas.promotedAt.edit.label).toBe('Promoted at');
  });

  it("lists a subject type's entries with the model's answer beside the app's own columns", async () => {
    const articles = await configuration('api::article.article');

    expect(articles.layouts.list).toContain('predictedLabel');
    expect(articles.layouts.list).toContain('title');
    expect(articles.metadatas.predictedLabel.list.label).toBe("Model's answer");
    expect(articles.metadatas.predictedLabel.edit.editable).toBe(false);
  });
});
