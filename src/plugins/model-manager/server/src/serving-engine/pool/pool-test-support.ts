import type { EndpointEvents, SpawnEndpoint } from './endpoints';
import type { WorkerRequest } from './messages';

export const signature = {
  inputName: 'text',
  probabilitiesName: 'probabilities',
  classLabels: ['blue', 'red'],
} as never;

/**
 * Endpoints that load at once and answer a run unless its first text is "hang", and a parity
 * reference with even probabilities; each endpoint and each request is recorded.
 */
export function fakeEndpoints() {
  const spawned: Array<{ killed: boolean; events: EndpointEvents }> = [];
  const requests: WorkerRequest[] = [];
  const spawn: SpawnEndpoint = (events) => {
    const endpoint = { killed: false, events };
    spawned.push(endpoint);
    return {
      kind: 'process',
      kill: async () => {
        endpoint.killed = true;
      },
      post: (request: WorkerRequest) => {
        requests.push(request);
        if (request.op === 'load')
          events.message({
            id: request.id,
            ok: true,
            loaded: {
              signature,
              memoryBytes: 1,
              linear: false,
              engine: { kind: 'onnxruntime', reason: 'a test double' },
            },
          });
        if (request.op === 'reference')
          events.message({
            id: request.id,
            ok: true,
            answered: {
              signature,
              probabilities: new Float32Array(request.texts.flatMap(() => [0.5, 0.5])),
              evidence: null,
            },
          });
        if (request.op === 'run' && request.texts[0] !== 'hang')
          events.message({
            id: request.id,
            ok: true,
            run: { probabilities: new Float32Array([0.5, 0.5]), evidence: null },
          });
      },
    };
  };
  return { spawn, spawned, requests };
}
