import { errors } from '@strapi/utils';
import type {
  Actor,
  ModelDetail,
  ModelSummary,
  VersionSummary,
} from '../../../shared/contracts/models';
import type { TrainingRunSummary } from '../../../shared/contracts/training';

/**
 * What the content API shows (API tokens, readers, the public), where the admin API shows the
 * detail: actors as kind, id and a display name (never an e-mail address, nor how an admin
 * signed in), training logs without instance names (host:pid:tag) or e-mail addresses, and no raw
 * onnxruntime text in upload refusals (the problem code and a plain sentence instead). The
 * content-API controllers call these on their answers; the admin controllers answer as is.
 */
type Envelope<D, M = Record<string, never>> = { data: D; meta: M };

const INSTANCE = /[\w.-]+:\d+:[0-9a-f]{6}\b/g;
const EMAIL = /[^\s@()<>,;:]+@[^\s@()<>,;:]+/g;

export const publicLogLine = (line: string) =>
  line.replace(INSTANCE, 'an instance').replace(EMAIL, '[e-mail]');

export function publicActor(actor: Actor | null): Actor | null {
  if (!actor) return actor;
  const { kind, id, name } = actor;
  // stored JSON: an old row may lack a name
  const shown = typeof name === 'string' && !name.includes('@') ? name : `${kind} #${String(id)}`;
  return { kind, id, name: shown };
}

export const publicVersion = (version: VersionSummary): VersionSummary => ({
  ...version,
  createdByActor: publicActor(version.createdByActor),
  reviewedByActor: publicActor(version.reviewedByActor),
});

export const publicModel = <M extends ModelSummary | ModelDetail>(model: M): M => ({
  ...model,
  production: model.production && publicVersion(model.production),
  ...('versions' in model ? { versions: model.versions.map(publicVersion) } : {}),
});

export const publicRun = (run: TrainingRunSummary): TrainingRunSummary => ({
  ...run,
  logs: run.logs.map(publicLogLine),
});

/** Shapes the `data` of an answer, item by item for a list, and keeps its `meta`. */
export const eachData =
  <T>(shape: (item: T) => T) =>
  <M>({ data, meta }: Envelope<T[], M>) => ({ data: data.map(shape), meta });
export const theData =
  <T>(shape: (item: T) => T) =>
  <M>({ data, meta }: Envelope<T, M>) => ({ data: shape(data), meta });

/** Answers with nothing only an admin may see (a prediction, a reader's own state...). */
export const asIs = <B>(body: B) => body;

const PLAIN_PROBLEMS: Record<string, string> = {
  not_onnx: 'The file is not an ONNX model.',
  unloadable: 'onnxruntime could not load the model.',
  unsupported_operator: 'The model uses an operator onnxruntime cannot run here.',
  locale_missing:
    'The model needs a locale this machine does not have (a StringNormalizer\'s locale; use locale "C").',
  smoke_test_failed: 'The model failed on a smoke input.',
};

type RefusalDetails = { problem?: string; errors?: Array<{ message?: string }> };

/** An upload refusal in plain words: the same 400, problem code and field, without onnxruntime's text. */
export function publicRefusal(error: unknown): unknown {
  if (!(error instanceof errors.ValidationError)) return error;
  const details = (error.details ?? {}) as RefusalDetails;
  const plain = details.problem ? PLAIN_PROBLEMS[details.problem] : undefined;
  if (!plain) return error;
  const refused = details.errors?.map((e) => ({ ...e, message: plain }));
  return new errors.ValidationError(plain, { ...details, ...(refused ? { errors: refused } : {}) });
}
