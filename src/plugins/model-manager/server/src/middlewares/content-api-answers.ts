import type { Context, Next } from 'koa';

/**
 * What the content API shows, whoever wrote the answer: actors as kind, id and a display name
 * (never an e-mail address), training logs without instance names (host:pid:tag) or e-mail
 * addresses, and no
 * raw onnxruntime text in upload refusals (the problem code and a plain sentence instead). Admin
 * answers keep the detail. Sits outside Strapi's error middleware, so error bodies pass here too.
 */
const CONTENT_API = /^\/api\/model-manager\//;
const ACTOR_KEYS = new Set(['actor', 'createdByActor', 'reviewedByActor', 'requestedByActor']);

const PLAIN_PROBLEMS: Record<string, string> = {
  not_onnx: 'The file is not an ONNX model.',
  unloadable: 'onnxruntime could not load the model.',
  unsupported_operator: 'The model uses an operator onnxruntime cannot run here.',
  locale_missing:
    'The model needs a locale this machine does not have (a StringNormalizer\'s locale; use locale "C").',
  smoke_test_failed: 'The model failed on a smoke input.',
};

type Json = Record<string, unknown>;

const INSTANCE = /[\w.-]+:\d+:[0-9a-f]{6}\b/g;
const EMAIL = /[^\s@()<>,;:]+@[^\s@()<>,;:]+/g;
const redact = (line: unknown) =>
  typeof line === 'string'
    ? line.replace(INSTANCE, 'an instance').replace(EMAIL, '[e-mail]')
    : line;

function publicActor(actor: unknown): unknown {
  if (!actor || typeof actor !== 'object') return actor;
  const { kind, id, name } = actor as Json;
  const shown =
    typeof name === 'string' && !name.includes('@') ? name : `${String(kind)} #${String(id)}`;
  return { kind, id, name: shown };
}

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6 || !value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out: Json = {};
  for (const [key, item] of Object.entries(value as Json)) {
    if (key === 'logs' && Array.isArray(item)) out[key] = item.map(redact);
    else out[key] = ACTOR_KEYS.has(key) ? publicActor(item) : scrub(item, depth + 1);
  }
  return out;
}

function plainError(body: Json): Json {
  const error = body.error as
    | { message?: string; details?: { problem?: string; errors?: Array<{ message?: string }> } }
    | undefined;
  const plain = error?.details?.problem ? PLAIN_PROBLEMS[error.details.problem] : undefined;
  if (!error || !plain) return body;
  const errors = error.details?.errors?.map((e) => ({ ...e, message: plain }));
  return {
    ...body,
    error: {
      ...error,
      message: plain,
      details: { ...error.details, ...(errors ? { errors } : {}) },
    },
  };
}

export default () => async (ctx: Context, next: Next) => {
  await next();
  if (
    !CONTENT_API.test(ctx.path) ||
    ctx.path.endsWith('/predict') ||
    !ctx.body ||
    typeof ctx.body !== 'object' ||
    Buffer.isBuffer(ctx.body)
  )
    return;
  ctx.body = plainError(scrub(ctx.body) as Json);
};
