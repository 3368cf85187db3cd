import type { Context } from 'koa';
import contentApiAnswers from './content-api-answers';

const answer = async (path: string, body: unknown) => {
  const ctx = { path, body } as unknown as Context;
  await contentApiAnswers()(ctx, async () => undefined);
  return ctx.body as any;
};

describe('what content-API answers may show', () => {
  it('shows actors as kind, id and a name, never an e-mail address', async () => {
    const body = {
      data: [
        {
          createdByActor: { kind: 'admin', id: 3, name: 'ann@example.test', extra: 'x' },
          reviewedByActor: { kind: 'admin', id: 4, name: 'Bo Reviewer' },
        },
      ],
    };

    const shown = await answer('/api/model-manager/models/m/versions', body);

    expect(shown.data[0].createdByActor).toEqual({ kind: 'admin', id: 3, name: 'admin #3' });
    expect(shown.data[0].reviewedByActor).toEqual({ kind: 'admin', id: 4, name: 'Bo Reviewer' });
  });

  it('removes instance names and e-mail addresses from training logs', async () => {
    const body = {
      data: {
        logs: [
          'queued by admin ann@example.test',
          'claimed by build-host.local:4242:a1b2c3',
          'stored as version 1',
        ],
      },
    };

    const shown = await answer('/api/model-manager/training-runs/abc', body);

    expect(shown.data.logs).toEqual([
      'queued by admin [e-mail]',
      'claimed by an instance',
      'stored as version 1',
    ]);
  });

  it('replaces raw onnxruntime text in upload refusals with a plain sentence, keeping the problem code', async () => {
    const raw =
      'onnxruntime could not load the model: [ONNXRuntimeError] : 10 : INVALID_GRAPH : Load model from /tmp/x failed';
    const body = {
      data: null,
      error: {
        status: 400,
        name: 'ValidationError',
        message: raw,
        details: { problem: 'unloadable', errors: [{ path: ['file'], message: raw }] },
      },
    };

    const shown = await answer('/api/model-manager/models/m/versions', body);

    expect(shown.error).toMatchObject({
      status: 400,
      message: 'onnxruntime could not load the model.',
      details: {
        problem: 'unloadable',
        errors: [{ path: ['file'], message: 'onnxruntime could not load the model.' }],
      },
    });
  });

  it('leaves admin answers and predictions alone', async () => {
    const actor = { kind: 'admin', id: 3, name: 'ann@example.test' };

    expect(
      (await answer('/model-manager/models/m/versions', { data: { createdByActor: actor } })).data
        .createdByActor
    ).toBe(actor);
    expect(
      (await answer('/api/model-manager/models/m/predict', { data: { actor } })).data.actor
    ).toBe(actor);
  });
});
