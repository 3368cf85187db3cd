import { onnx } from 'onnx-proto';
import type * as Ort from 'onnxruntime-node';
import { ArtifactError } from './artifact-error';
import { findExternalTensors } from './external-data';
import { deriveServingGraph, type ServingGraph } from './serving-graph';
import { concatFloat32 } from './float32';

/**
 * An ONNX artifact that fits the text-classification contract: one text input `string[N]` (or a
 * single column, `string[N,1]`), probabilities `float[N,C]`, class names in the metadata key
 * `classes` or, for scikit-learn exports, the classifier's attributes. Served through the graph
 * derived in serving-graph.ts (locale, ZipMap). Only tensor outputs are fetched.
 */
export interface TensorInfo {
  name: string;
  type: string;
  shape: Array<string | number>;
}

export interface TextClassifierSignature {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  classLabels: string[];
  metadata: Record<string, string>;
  /** where the probabilities are read (default "probabilities") */
  probabilitiesOutput?: string;
  /** where the class names were found, when not in metadata (e.g. "LinearClassifier classlabels_ints") */
  classesFrom?: string;
  /** the artifact's classes are integers (0, 1, ...), mapped onto the model's labels in order */
  integerClasses?: boolean;
  /** the serving graph, when it differs from the uploaded bytes */
  servingGraph?: { sha256: string; changes: string[] };
}

export interface LoadOptions {
  intraOpNumThreads: number;
  interOpNumThreads: number;
  /** serve a linear graph from its compiled scorer when it agrees with onnxruntime (default true) */
  compiledScorers?: boolean;
  /** texts the compiled scorer must also agree on (the model's evaluation texts) */
  parityTexts?: string[];
}

/**
 * onnxruntime, loaded with the first session: a process whose models all compile (scorer/), their
 * parity checked elsewhere (held-models.ts), never maps its library nor keeps its native heap.
 */
let loaded: typeof Ort | null = null;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = (): typeof Ort => (loaded ??= require('onnxruntime-node') as typeof Ort);

const PROBABILITIES = 'probabilities';
export const SMOKE_TEXTS = ['smoke test: does this model answer?', ''];

function readModelProto(bytes: Uint8Array): onnx.ModelProto {
  let proto: onnx.ModelProto;
  try {
    proto = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new ArtifactError(
      'not_onnx',
      `The file is not an ONNX model (${(error as Error).message}).`
    );
  }
  if (!proto.graph || !proto.graph.node?.length) {
    throw new ArtifactError('not_onnx', 'The file is not an ONNX model: it holds no graph.');
  }
  return proto;
}

function parseClassLabels(raw: string | undefined): string[] | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (
      Array.isArray(parsed) &&
      parsed.every((c) => typeof c === 'string' || typeof c === 'number')
    ) {
      return parsed.map(String);
    }
  } catch {
    // not JSON: fall through to a comma-separated list
  }
  const list = raw
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  return list.length ? list : null;
}

function severalColumns(name: string, columns: number): ArtifactError {
  const names = Array.from({ length: columns }, (_, i) => `${name}[:, ${i}]`).join(', ');
  return new ArtifactError(
    'multiple_text_columns',
    `The model takes ${columns} text columns (${name}: string[N,${columns}]: ${names}); predict sends one text, so only single-column models (string[N] or string[N,1]) are served.`
  );
}

function refuseSeveralColumns(proto: onnx.ModelProto) {
  const initializers = new Set((proto.graph?.initializer ?? []).map((t) => t.name));
  const inputs = (proto.graph?.input ?? []).filter((i) => !initializers.has(i.name));
  const tensor = inputs.length === 1 ? inputs[0].type?.tensorType : null;
  const dims = tensor?.shape?.dim ?? [];
  const columns = Number(dims[1]?.dimValue ?? 0);
  if (tensor?.elemType === onnx.TensorProto.DataType.STRING && dims.length === 2 && columns > 1)
    throw severalColumns(inputs[0].name ?? 'input', columns);
}

/** onnxruntime's words when an allocation fails (under the sandbox's address-space cap, say). */
export const ALLOCATION_FAILURE =
  /bad_alloc|failed to allocate|allocation fail|out of memory|cannot allocate/i;

function explainLoadFailure(message: string): ArtifactError {
  if (ALLOCATION_FAILURE.test(message)) {
    return new ArtifactError(
      'memory_limit',
      `The model ran out of the memory it is allowed while loading: ${message.slice(0, 300)}`
    );
  }
  if (/locale/i.test(message)) {
    return new ArtifactError(
      'locale_missing',
      `The model needs a locale this machine does not have (a StringNormalizer's locale; use locale "C"): ${message}`
    );
  }
  const op =
    /No Op registered for (\S+)/.exec(message) ??
    /(\S+) is not a registered function\/op/.exec(message) ??
    /Could not find an implementation for (\S+)/.exec(message);
  if (op) {
    return new ArtifactError(
      'unsupported_operator',
      `The model uses an operator onnxruntime cannot run here: ${op[1]} (${message.slice(0, 300)})`
    );
  }
  return new ArtifactError('unloadable', `onnxruntime could not load the model: ${message}`);
}

function describe(meta: Ort.InferenceSession.ValueMetadata): TensorInfo {
  if (!meta.isTensor) return { name: meta.name, type: 'non-tensor', shape: [] };
  return {
    name: meta.name,
    type: meta.type,
    shape: meta.shape.map((d) => (typeof d === 'number' ? d : String(d))),
  };
}

export class OnnxTextClassifier {
  private constructor(
    private readonly session: Ort.InferenceSession,
    readonly signature: TextClassifierSignature,
    readonly byteLength: number
  ) {}

  /** Loads and checks an artifact; every refusal is an ArtifactError naming the problem. */
  static async load(bytes: Uint8Array, options: LoadOptions): Promise<OnnxTextClassifier> {
    const proto = readModelProto(bytes);
    const external = findExternalTensors(proto);
    if (external.length) {
      const list = external
        .slice(0, 5)
        .map((e) => (e.location ? `${e.where} -> "${e.location}"` : e.where))
        .join('; ');
      throw new ArtifactError(
        'external_data',
        `The model stores tensors as external data (files outside the model), which is refused: ${list}.`
      );
    }
    const metadata = Object.fromEntries(
      (proto.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])
    );
    refuseSeveralColumns(proto); // known from the declaration: no need to load the graph to say so
    const serving = deriveServingGraph(proto, bytes);

    let session: Ort.InferenceSession;
    try {
      session = await ort().InferenceSession.create(serving.bytes, {
        intraOpNumThreads: options.intraOpNumThreads,
        interOpNumThreads: options.interOpNumThreads,
        graphOptimizationLevel: 'all',
        logSeverityLevel: 4, // load failures are reported to the uploader, not printed
      });
    } catch (error) {
      throw explainLoadFailure((error as Error).message);
    }

    try {
      const signature = OnnxTextClassifier.checkSignature(session, metadata, serving);
      const classifier = new OnnxTextClassifier(session, signature, bytes.byteLength);
      await classifier.smokeTest();
      return classifier;
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  private static checkSignature(
    session: Ort.InferenceSession,
    metadata: Record<string, string>,
    serving: ServingGraph
  ): TextClassifierSignature {
    const inputs = session.inputMetadata.map(describe);
    const outputs = session.outputMetadata.map(describe);
    const input = inputs[0];
    const columns = input?.shape.length === 2 ? input.shape[1] : 1;
    if (
      inputs.length === 1 &&
      input.type === 'string' &&
      typeof columns === 'number' &&
      columns > 1
    ) {
      throw severalColumns(input.name, columns);
    }
    if (
      inputs.length !== 1 ||
      input.type !== 'string' ||
      input.shape.length < 1 ||
      input.shape.length > 2
    ) {
      const seen = inputs.map((i) => `${i.name}: ${i.type}[${i.shape.join(',')}]`).join(', ');
      throw new ArtifactError(
        'wrong_signature',
        `Expected one input of type string[N] or string[N,1]; the model has ${seen || 'none'}.`
      );
    }
    const probabilities = outputs.find((o) => o.name === serving.probabilitiesOutput);
    if (!probabilities || probabilities.type !== 'float32' || probabilities.shape.length !== 2) {
      const zipMap = outputs.some((o) => o.type === 'non-tensor');
      const hint = zipMap
        ? ' Its probabilities are a non-tensor (ZipMap) output: export without ZipMap.'
        : '';
      const seen = outputs.map((o) => `${o.name}: ${o.type}[${o.shape.join(',')}]`).join(', ');
      throw new ArtifactError(
        'wrong_signature',
        `Expected an output "probabilities: float[N,C]"; the model has ${seen}.${hint}`
      );
    }
    const fromMetadata = parseClassLabels(
      metadata.classes ?? metadata.class_labels ?? metadata.labels
    );
    const classLabels = fromMetadata ?? serving.graphClasses?.labels ?? null;
    if (!classLabels) {
      throw new ArtifactError(
        'class_names_missing',
        'The model has no class names: add a metadata property "classes" (a JSON array, in output order).'
      );
    }
    const width = probabilities.shape[1];
    if (typeof width === 'number' && width !== classLabels.length) {
      throw new ArtifactError(
        'class_names_mismatch',
        `The model outputs ${width} probabilities but names ${classLabels.length} classes.`
      );
    }
    const signature: TextClassifierSignature = {
      inputs,
      outputs,
      classLabels,
      metadata,
      probabilitiesOutput: serving.probabilitiesOutput,
    };
    if (!fromMetadata && serving.graphClasses) {
      signature.classesFrom = serving.graphClasses.from;
      signature.integerClasses = serving.graphClasses.integer;
    }
    if (serving.derivedSha256)
      signature.servingGraph = { sha256: serving.derivedSha256, changes: serving.changes };
    return signature;
  }

  private async smokeTest() {
    let rows: number[][];
    try {
      rows = await this.predictProba(SMOKE_TEXTS, SMOKE_TEXTS.length);
    } catch (error) {
      const message = (error as Error).message;
      if (ALLOCATION_FAILURE.test(message)) {
        throw new ArtifactError(
          'memory_limit',
          `The model ran out of the memory it is allowed on a smoke input: ${message.slice(0, 300)}`
        );
      }
      throw new ArtifactError('smoke_test_failed', `The model failed on a smoke input: ${message}`);
    }
    const width = this.signature.classLabels.length;
    if (rows.some((row) => row.some((p) => !Number.isFinite(p)))) {
      throw new ArtifactError(
        'non_finite_output',
        'The model answered a smoke input with non-finite probabilities (NaN or infinity).'
      );
    }
    const bad = rows.find(
      (row) => row.length !== width || row.some((p) => p < -1e-6 || p > 1 + 1e-6)
    );
    if (rows.length !== SMOKE_TEXTS.length || bad) {
      throw new ArtifactError(
        'smoke_test_failed',
        `The model's smoke output is not ${SMOKE_TEXTS.length} rows of ${width} probabilities.`
      );
    }
  }

  /** Probabilities per text, in `classLabels` order; runs in chunks to bound peak memory. */
  async predictProba(texts: string[], chunkSize: number): Promise<number[][]> {
    const width = this.signature.classLabels.length;
    const { probabilities } = await this.runFlat(texts, chunkSize);
    const rows: number[][] = [];
    for (let i = 0; i < texts.length; i += 1)
      rows.push(Array.from(probabilities.subarray(i * width, (i + 1) * width)));
    return rows;
  }

  /**
   * Row-major probabilities (N x C) and any extra float outputs asked for (each N x its width),
   * chunk by chunk: what a worker thread hands back without copying into arrays of numbers.
   */
  async runFlat(
    texts: string[],
    chunkSize: number,
    extraOutputs: string[] = []
  ): Promise<{ probabilities: Float32Array; extras: Record<string, Float32Array> }> {
    const output = this.signature.probabilitiesOutput ?? PROBABILITIES;
    const names = [output, ...extraOutputs];
    const rank2 = this.signature.inputs[0].shape.length === 2;
    const parts: Record<string, Float32Array[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let start = 0; start < texts.length; start += chunkSize) {
      // between chunks, let the thread's other work (another session's request) in
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const chunk = texts.slice(start, start + chunkSize);
      const feeds = {
        [this.signature.inputs[0].name]: new (ort().Tensor)(
          'string',
          chunk,
          rank2 ? [chunk.length, 1] : [chunk.length]
        ),
      };
      const result = await this.session.run(feeds, names);
      for (const name of names) parts[name].push(result[name].data as Float32Array);
    }
    const joined = Object.fromEntries(names.map((n) => [n, concatFloat32(parts[n])]));
    const { [output]: probabilities, ...extras } = joined;
    return { probabilities, extras };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
