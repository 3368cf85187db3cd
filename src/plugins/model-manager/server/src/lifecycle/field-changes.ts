/**
 * Which of a set of fields an update really changes. The Content Manager sends every field on
 * save, in its own formats (dates as ISO strings, decimals as strings, JSON reparsed), so values
 * are compared after normalising, not as sent.
 */
type FieldKind = 'datetime' | 'number' | 'json' | 'scalar';

const stable = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined
    );
    return `{${entries
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
};

function normalise(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null || value === '') return 'null';
  if (kind === 'datetime') {
    const time = new Date(value as string | number).getTime();
    return Number.isNaN(time) ? `invalid:${String(value)}` : String(time);
  }
  if (kind === 'number') return String(Number(value));
  if (kind === 'json') {
    if (typeof value === 'string') {
      try {
        return stable(JSON.parse(value));
      } catch {
        return stable(value);
      }
    }
    return stable(value);
  }
  return String(value);
}

export function changedFields(
  fields: Record<string, FieldKind>,
  current: Record<string, unknown> | null,
  data: Record<string, unknown>
): string[] {
  return Object.entries(fields)
    .filter(
      ([field, kind]) =>
        field in data && normalise(kind, data[field]) !== normalise(kind, current?.[field])
    )
    .map(([field]) => field);
}

/** A relation payload that changes nothing, as the Content Manager sends on every save. */
export function isNoopRelation(value: unknown): boolean {
  const v = value as { connect?: unknown[]; disconnect?: unknown[]; set?: unknown } | null;
  return (
    !!v &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !v.set &&
    !v.connect?.length &&
    !v.disconnect?.length
  );
}

export type { FieldKind };
