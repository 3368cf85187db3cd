import fs from 'fs';
import os from 'os';
import path from 'path';
import type { AdminSession } from './admin';
import { ARTICLE_UID, scoreArticlesWith } from './articles';
import { approve, createModel, uploadVersion } from './models';
import { registerReader } from './readers';
import { freshClassifiers, SPAM_CLASSIFIER } from './onnx-fixtures';
import { unique, type TestApp } from './strapi';

/** The labels of the matrix's models, a word that means each (in the rows it imports), and its classifiers. */
export interface Vocabulary {
  labels: [string, string];
  words: [string, string];
  /** classifiers over these labels that differ byte for byte, from strength `from` on */
  classifiers: (from: number) => () => Buffer;
}

/** The main app's: care (blue) and wall (red). */
export const PARTISAN_VOCABULARY: Vocabulary = {
  labels: ['blue', 'red'],
  words: ['care', 'wall'],
  classifiers: (from) => freshClassifiers(from),
};

/** A spam filter's (tests/apps/comments). */
export const SPAM_VOCABULARY: Vocabulary = {
  labels: ['ham', 'spam'],
  words: ['meeting', 'casino'],
  classifiers: (from) => freshClassifiers(from, SPAM_CLASSIFIER),
};

/**
 * Targets for the permission matrix: a caller expected to succeed gets its own fresh target
 * wherever the call changes state (a version to approve, a model to roll back), so every
 * allowed cell can answer its success status whatever ran before it.
 */
export class MatrixFixtures {
  slug = '';
  production = 0;
  runId = '';
  /** the entry the side panel's row reads (`addArticle`) */
  subject = { type: '', documentId: '' };
  collective = '';

  constructor(
    private readonly app: TestApp,
    /** submits and approves on behalf of the fixtures: never one of the principals under test */
    private readonly clerk: AdminSession,
    readonly vocabulary: Vocabulary = PARTISAN_VOCABULARY
  ) {
    this.fresh = vocabulary.classifiers(40);
  }

  /** One model with a production version, labelled rows, an evaluation set, a run and a collective model over it. */
  async setUp() {
    this.slug = unique('matrix');
    const res = await this.app
      .http()
      .post('/api/model-manager/models')
      .set(this.app.fullAccess)
      .send({
        data: {
          name: this.slug,
          slug: this.slug,
          labels: this.vocabulary.labels,
          evaluationDataset: 'holdout',
        },
      });
    if (res.status !== 201) throw new Error(`model create: ${res.status}`);
    await this.importRows('holdout');
    await this.importRows('feedback');
    this.production = await this.approved(this.slug);
    await this.app
      .http()
      .post(`/api/model-manager/models/${this.slug}/versions/${this.production}/promote`)
      .set(this.app.fullAccess)
      .send({ data: {} });
    const run = await this.app
      .http()
      .post(`/api/model-manager/models/${this.slug}/training-runs`)
      .set(this.app.fullAccess)
      .send({ data: {} });
    this.runId = run.body.data.documentId;
    const members = await this.members();
    const collective = await this.app
      .http()
      .post('/model-manager/collective-models')
      .set(this.clerk.headers)
      .send({ data: { name: unique('matrix-experts'), baseModel: this.slug, members } });
    if (collective.status !== 201)
      throw new Error(`collective create: ${collective.status} ${JSON.stringify(collective.body)}`);
    this.collective = collective.body.data.slug;
  }

  /** An article of the main app's demo type, scored by the matrix model: the side panel's target. */
  async addArticle() {
    scoreArticlesWith(this.app, this.slug);
    const article = await this.app.strapi.documents(ARTICLE_UID as never).create({
      data: { title: 'Matrix', body: 'Build the wall and care for families.' } as never,
    });
    this.subject = {
      type: ARTICLE_UID,
      documentId: (article as unknown as { documentId: string }).documentId,
    };
  }

  /** A text holding both words, e.g. "the wall and care t-…", and a label for one. */
  text = () => ({
    text: `the ${this.vocabulary.words[1]} and ${this.vocabulary.words[0]} ${unique('t')}`,
  });

  feedbackBody = () => ({ data: { ...this.text(), label: this.vocabulary.labels[1] } });

  newModel = () => ({
    body: { data: { name: unique('matrix-new'), labels: this.vocabulary.labels } },
  });

  private async importRows(dataset: string) {
    const { labels, words } = this.vocabulary;
    const pairs = [
      [words[1], labels[1]],
      [words[0], labels[0]],
    ];
    const rows = Array.from({ length: 24 }, (_, i) => ({
      text: `${pairs[i % 2][0]} number ${i} ${dataset}`,
      label: pairs[i % 2][1],
    }));
    const file = path.join(os.tmpdir(), `${unique('matrix-rows')}.jsonl`);
    fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    try {
      await this.app.strapi
        .plugin('model-manager')
        .service('datasets')
        .importJsonl(this.slug, { dataset, file });
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /** Two experts who signed up (a collective model's members). */
  async members(): Promise<number[]> {
    return [(await registerReader(this.app)).id, (await registerReader(this.app)).id];
  }

  /** A users-permissions role of its own, to give a default collective model. */
  async readerRole(): Promise<number> {
    const name = unique('matrix-role');
    const role = await this.app.strapi.db
      .query('plugin::users-permissions.role')
      .create({ data: { name, description: 'matrix role', type: name } });
    return role.id;
  }

  /** A label given through the content API: something to relabel or delete. */
  async feedbackEntry(): Promise<string> {
    const res = await this.app
      .http()
      .post(`/api/model-manager/models/${this.slug}/feedback`)
      .set(this.app.fullAccess)
      .send({
        data: {
          text: `the ${this.vocabulary.words[1]} ${unique('entry')}`,
          label: this.vocabulary.labels[1],
        },
      });
    if (res.status !== 201) throw new Error(`feedback: ${res.status}`);
    return res.body.data.documentId;
  }

  /** a new artifact at each call */
  readonly fresh: () => Buffer;

  upload = (slug = this.slug) => uploadVersion(this.app, slug, this.fresh());

  async inReview(slug = this.slug): Promise<number> {
    const number = await this.upload(slug);
    const res = await this.app
      .http()
      .post(`/model-manager/models/${slug}/versions/${number}/submit`)
      .set(this.clerk.headers)
      .send({ data: {} });
    if (res.status !== 200) throw new Error(`submit: ${res.status}`);
    return number;
  }

  async approved(slug = this.slug): Promise<number> {
    const number = await this.upload(slug);
    await approve(this.app, this.clerk, slug, number);
    return number;
  }

  /** A model that served two versions, so a rollback has somewhere to go. */
  async withHistory(): Promise<string> {
    const slug = await createModel(this.app, this.vocabulary.labels);
    for (let i = 0; i < 2; i += 1) {
      const number = await this.approved(slug);
      await this.app
        .http()
        .post(`/api/model-manager/models/${slug}/versions/${number}/promote`)
        .set(this.app.fullAccess)
        .send({ data: {} });
    }
    return slug;
  }
}
