import type { TrainingRunStatus } from '../../../shared/constants';
import type { TrainingRunSummary, TrainingSources } from '../../../shared/contracts/training';

/**
 * A training run as toRunSummary reads it: a RunDocument (types/documents), or a knex row of
 * mm_training_runs, whose numbers may come as strings, JSON columns as text and datetimes as epoch ms.
 */
export interface RunRow {
  documentId: string;
  model?: { slug?: string | null } | null;
  status?: string | null;
  progress?: number | string | null;
  phase?: string | null;
  parameters?: unknown;
  datasetSize?: number | null;
  datasetHash?: string | null;
  sources?: unknown;
  logs?: unknown;
  lossCurve?: unknown;
  requestedByActor?: unknown;
  createdAt?: unknown;
  startedAt?: unknown;
  finishedAt?: unknown;
  resultVersion?: number | string | null;
  error?: string | null;
}

/** Datetimes arrive as Date (PostgreSQL), epoch ms (SQLite via knex) or ISO strings (document service). */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date =
    value instanceof Date
      ? value
      : new Date(
          typeof value === 'string' && /^\d+$/.test(value)
            ? Number(value)
            : (value as string | number)
        );
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** JSON columns come back parsed through the document service, as text from knex on SQLite. */
export function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

export function toRunSummary(run: RunRow): TrainingRunSummary {
  const summary: TrainingRunSummary = {
    documentId: run.documentId,
    model: run.model?.slug ?? null,
    status: run.status as TrainingRunStatus,
    progress: Number(run.progress ?? 0),
    phase: run.phase ?? null,
    parameters: parseJson<Record<string, unknown> | null>(run.parameters, null),
    datasetSize: run.datasetSize ?? null,
    datasetHash: run.datasetHash ?? null,
    sources: parseJson<TrainingSources | null>(run.sources, null),
    logs: parseJson<string[]>(run.logs, []),
    lossCurve: parseJson<Array<[number, number]>>(run.lossCurve, []),
    requestedBy: parseJson<{ name?: string } | null>(run.requestedByActor, null)?.name ?? null,
    createdAt: toIso(run.createdAt) as string,
    startedAt: toIso(run.startedAt),
    finishedAt: toIso(run.finishedAt),
  };
  if (run.resultVersion !== null && run.resultVersion !== undefined)
    summary.version = Number(run.resultVersion);
  if (run.error) summary.error = run.error;
  return summary;
}

/** A run's log: timestamped lines, the newest `limit` kept. */
export class RunLog {
  readonly lines: string[];

  constructor(
    existing: unknown = [],
    private readonly limit = 200
  ) {
    this.lines = parseJson<unknown[]>(existing, []).map(String);
  }

  add(line: string, at = new Date()): this {
    this.lines.push(`${at.toISOString()} ${line}`);
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
    return this;
  }

  toJSON(): string {
    return JSON.stringify(this.lines);
  }
}

/** Keeps a loss curve at most `max` points long: when full, every other point goes (the first and the newest stay). */
export function thinCurve(
  curve: Array<[number, number]>,
  point: [number, number],
  max = 240
): Array<[number, number]> {
  curve.push(point);
  if (curve.length <= max) return curve;
  return curve.filter((_, i) => i % 2 === 0 || i === curve.length - 1);
}
