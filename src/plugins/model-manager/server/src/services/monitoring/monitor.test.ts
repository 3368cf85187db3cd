import type { Core } from '@strapi/strapi';
import type { DayCounts } from '../../database/repositories/monitoring';
import { OTHER } from '../../ml/drift';
import createMonitorService from './monitor';

// The day's row as the repository would be asked to save it (no database at unit level).
const saved: DayCounts[] = [];
jest.mock('../../database/repositories/monitoring', () => ({
  instanceDay: async () => null,
  saveInstanceDay: async (_db: unknown, _where: unknown, _id: unknown, counts: DayCounts) => {
    saved.push(counts);
  },
}));

const monitorWith = (monitoring: Record<string, unknown>) => {
  const config = {
    monitoring: { enabled: true, sampleRate: 1, flushMs: 3_600_000, ...monitoring },
  };
  const strapi = {
    config: { get: () => config },
    db: { connection: {} },
    log: { warn: jest.fn() },
  } as unknown as Core.Strapi;
  return createMonitorService({ strapi });
};

describe('monitor', () => {
  beforeEach(() => (saved.length = 0));

  it("counts a sampled text's words into the day, and past maxTokens distinct words into the other bucket", async () => {
    const monitor = monitorWith({ maxTokens: 3 });
    monitor.observe(1, 'champion', ['The wall, the WALL and a border'], [{ label: 'red' }]);
    monitor.observe(1, 'champion', ['wall street taxes'], [{ label: 'blue' }]);
    await monitor.stop();

    expect(saved).toHaveLength(1);
    const [day] = saved;
    expect(day.served).toBe(2);
    expect(day.sampled).toBe(2);
    expect(day.labels).toEqual({ red: 1, blue: 1 });
    // "a" is one letter (not a word); the first three distinct words are kept, the rest counted as other
    expect(day.tokens).toEqual({ the: 2, wall: 3, and: 1, [OTHER]: 3 });
  });

  it('counts no words when the text is not sampled', async () => {
    const monitor = monitorWith({ maxTokens: 10, sampleRate: 0 });
    monitor.observe(1, 'champion', ['The wall'], [{ label: 'red' }]);
    await monitor.stop();
    expect(saved[0]).toMatchObject({ served: 1, sampled: 0, tokens: {} });
  });
});
