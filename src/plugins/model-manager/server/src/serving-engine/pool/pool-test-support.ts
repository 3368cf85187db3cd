import type { EndpointEvents, SpawnEndpoint } from './endpoints';
import type { WorkerRequest } from './messages';

export const signature = {
  inputName: 'text',
  probabilitiesName: 'probabilities',
  classLabels: ['blue', 'red'],
} as never;

/** Endpoints that load and release at once and answer a run unless its first text is "hang"; each is recorded. */
export function fakeEndpoints() {
  const spawned: Array<{ killed: boolean; events: EndpointEvents }> = [];
  const spawn: SpawnEndpoint = (events) => {
    const endpoint = { killed: false, events };
    spawned.push(endpoint);
    return {
      kind: 'process',
      kill: async () => {
        endpoint.killed = true;
      },
      post: (request: WorkerRequest) => {
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
        if (request.op === 'release') events.message({ id: request.id, ok: true });
        if (request.op === 'run' && request.texts[0] !== 'hang')
          events.message({
            id: request.id,
            ok: true,
            run: { probabilities: new Float32Array([0.5, 0.5]), evidence: null },
          });
      },
    };
  };
  return { spawn, spawned };
}
