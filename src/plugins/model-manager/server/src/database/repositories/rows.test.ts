import type { Core } from '@strapi/strapi';
import { z } from '@strapi/utils';
import { datasetRows, latestTexts } from './feedback';
import { int, nullableNumber, num, parseRow, parseRows } from './rows';
import { lastRunOf } from './training-runs';
import { versionsInStages } from './versions';

/** A Strapi whose query engine answers `rows` to any findMany or findOne, recording the query. */
function answering(rows: unknown[]) {
  const asked: Array<{ uid: string; params: unknown }> = [];
  const strapi = {
    db: {
      query: (uid: string) => ({
        findMany: async (params: unknown) => (asked.push({ uid, params }), rows),
        findOne: async (params: unknown) => (asked.push({ uid, params }), rows[0] ?? null),
      }),
    },
  } as unknown as Core.Strapi;
  return { strapi, asked };
}

describe('rows as the repositories parse them', () => {
  const counted = z.object({ id: int, n: num, share: nullableNumber });

  it('reads the numbers PostgreSQL answers as strings (bigint, count, numeric) as numbers', () => {
    expect(parseRows(counted, [{ id: '7', n: '12', share: '0.25' }])).toEqual([
      { id: 7, n: 12, share: 0.25 },
    ]);
    expect(parseRow(counted, { id: 7, n: 12, share: null })).toEqual({ id: 7, n: 12, share: null });
  });

  it('answers null for no row (knex first() gives undefined, findOne null)', () => {
    expect(parseRow(counted, undefined)).toBeNull();
    expect(parseRow(counted, null)).toBeNull();
  });

  it('refuses a row that is not what the query selects', () => {
    expect(() => parseRows(counted, [{ id: 'seven', n: 1, share: null }])).toThrow();
  });
});

describe('repositories over the query engine', () => {
  it('parse feedback rows and keep the query the service asked for', async () => {
    const row = { id: '3', text: null, label: 'a', subjectKey: 'text:x', groupKey: null };
    const { strapi, asked } = answering([{ ...row, documentId: 'd3' }]);

    expect(await datasetRows(strapi, 1, { dataset: 'feedback' })).toEqual([{ ...row, id: 3 }]);
    expect(asked).toEqual([
      {
        uid: 'plugin::model-manager.feedback',
        params: {
          where: { model: { id: 1 }, dataset: 'feedback' },
          select: ['id', 'text', 'label', 'subjectKey', 'groupKey'],
          orderBy: { id: 'asc' },
        },
      },
    ]);
  });

  it('give a single column as a list of its values', async () => {
    const { strapi } = answering([
      { id: 2, text: 'two' },
      { id: 1, text: null },
    ]);

    expect(await latestTexts(strapi, 1, 10)).toEqual(['two', null]);
  });

  it('read a version and its populated model, refusing a stage a version cannot have', async () => {
    const version = {
      number: 2,
      stage: 'production',
      artifactHash: 'h',
      trafficShare: '0.5',
      signature: { classLabels: ['a', 'b'], inputs: 1 },
      model: { id: 1, slug: 'm', scope: 'global' },
    };
    const parsed = await versionsInStages(answering([version]).strapi, ['production']);

    expect(parsed).toEqual([
      { ...version, trafficShare: 0.5, signature: { classLabels: ['a', 'b'] } },
    ]);
    await expect(
      versionsInStages(answering([{ ...version, stage: 'gone' }]).strapi, ['production'])
    ).rejects.toThrow();
  });

  it('answer null for a model without runs', async () => {
    expect(await lastRunOf(answering([]).strapi, 1)).toBeNull();
  });
});
