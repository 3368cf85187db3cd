import { errors } from '@strapi/utils';
import type { Actor, ModelDetail, VersionSummary } from '../../../shared/contracts/models';
import type { TrainingRunSummary } from '../../../shared/contracts/training';
import { fieldError } from '../utils/validate';
import {
  eachData,
  publicModel,
  publicRefusal,
  publicRun,
  publicVersion,
  theData,
} from './content-api';

const version = (createdByActor: Actor | null, reviewedByActor: Actor | null): VersionSummary => ({
  documentId: 'v1',
  number: 1,
  status: 'production',
  source: 'upload',
  artifactHash: 'abc',
  artifactSize: 10,
  metrics: null,
  notes: null,
  createdByActor,
  reviewedByActor,
  reviewedAt: null,
  reviewedGate: null,
  trafficShare: null,
  promotedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('what content-API answers may show', () => {
  it('shows actors as kind, id and a name, never an e-mail address nor how an admin signed in', () => {
    const ann: Actor = { kind: 'admin', id: 3, name: 'ann@example.test', via: 'admin-token' };
    const bo: Actor = { kind: 'admin', id: 4, name: 'Bo Reviewer' };

    const shown = eachData(publicVersion)({ data: [version(ann, bo)], meta: {} });

    expect(shown.data[0].createdByActor).toEqual({ kind: 'admin', id: 3, name: 'admin #3' });
    expect(shown.data[0].reviewedByActor).toEqual({ kind: 'admin', id: 4, name: 'Bo Reviewer' });
  });

  it("shows a model's champion and versions the same way, keeping the order of the keys", () => {
    const ann: Actor = { kind: 'user', id: 7, name: 'ann@example.test' };
    const detail = {
      documentId: 'm1',
      production: version(ann, null),
      versions: [version(ann, null), version(null, null)],
    };

    // only the keys the serializer touches matter here
    const data = detail as unknown as ModelDetail;

    const shown = theData(publicModel<ModelDetail>)({ data, meta: {} })
      .data as unknown as typeof detail;

    expect(shown.production.createdByActor?.name).toBe('user #7');
    expect(shown.versions.map((v) => v.createdByActor?.name ?? null)).toEqual(['user #7', null]);
    expect(JSON.stringify(Object.keys(shown))).toBe(JSON.stringify(Object.keys(detail)));
  });

  it('removes instance names and e-mail addresses from training logs', () => {
    const run = {
      logs: [
        'queued by admin ann@example.test',
        'claimed by build-host.local:4242:a1b2c3',
        'stored as version 1',
      ],
    } as TrainingRunSummary;

    expect(publicRun(run).logs).toEqual([
      'queued by admin [e-mail]',
      'claimed by an instance',
      'stored as version 1',
    ]);
  });

  it('replaces raw onnxruntime text in upload refusals with a plain sentence, keeping the problem code', () => {
    const raw =
      'onnxruntime could not load the model: [ONNXRuntimeError] : 10 : INVALID_GRAPH : Load model from /tmp/x failed';
    const refused = fieldError(['file'], raw, { problem: 'unloadable' }, raw);

    const shown = publicRefusal(refused) as InstanceType<typeof errors.ValidationError>;

    expect(shown).toBeInstanceOf(errors.ValidationError);
    expect(shown.message).toBe('onnxruntime could not load the model.');
    expect(shown.details).toEqual({
      problem: 'unloadable',
      errors: [
        {
          path: ['file'],
          message: 'onnxruntime could not load the model.',
          name: 'ValidationError',
        },
      ],
    });
  });

  it('leaves refusals without a known problem, and other errors, as they are', () => {
    const mismatch = fieldError(['file'], 'classes differ', { problem: 'class_names_mismatch' });
    const missing = new errors.NotFoundError('no such model');

    expect(publicRefusal(mismatch)).toBe(mismatch);
    expect(publicRefusal(missing)).toBe(missing);
  });
});
