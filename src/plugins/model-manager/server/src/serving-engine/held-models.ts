/**
 * The models one thread holds, keyed by artifact hash: loading (with the linear serving graph
 * derived for our own exports), runs and exact explanations. Used by an inference worker thread
 * (pool/inference-worker.ts) and, for artifacts cheap enough to run on the event loop, by the
 * serving thread itself (local-model.ts). No worker_threads or Strapi here.
 *
 * A linear text graph is compiled (scorer/) at load and serves from the compiled scorer only when
 * it agrees with onnxruntime within 1e-6 on the parity texts. onnxruntime answers them where the
 * owner says (parity-reference.ts: this thread by default; the serving thread's owner uses a child
 * process, so a process whose models all compile never loads onnxruntime); the session is then
 * released and the artifact's bytes are not kept. If a batch ever needs onnxruntime again (a step
 * the scorer cannot take), the artifact is fetched again from the caller's source, checked against
 * the bytes loaded, and onnxruntime is created from it.
 */
import { createHash } from 'crypto';
import { onnx } from 'onnx-proto';
import { exactExplanation, type ExactExplanation } from './exact-explain';
import {
  deriveLinearServing,
  exportTerms,
  type LinearModel,
  type LinearTerms,
} from './linear-graph';
import { ArtifactError } from './artifact-error';
import {
  OnnxTextClassifier,
  SMOKE_TEXTS,
  type LoadOptions,
  type TextClassifierSignature,
} from './onnx-text-classifier';
import { referenceHere, type Reference, type ReferenceLoader } from './parity-reference';
import { probabilitiesOutputOf } from './serving-graph';
import type { EngineInfo, LoadedInfo, RunResult } from './pool/messages';
import { ScorerRefusal } from './scorer/compile';
import { CompiledScorer, type ClassSlope } from './scorer/compiled-scorer';
import { compareScorer, fitExplanation, parityTexts, PARITY_TOLERANCE } from './scorer/parity';

/**
 * Where a thread fetches an artifact again, as its first load fetched it (the artifact store checks
 * the bytes against their hash), for a compiled model that needs onnxruntime after all.
 */
export type ArtifactSource = (hash: string) => Promise<Uint8Array>;

export const noSource: ArtifactSource = async (hash) => {
  throw new Error(
    `artifact ${hash.slice(0, 12)} cannot be fetched again here (no artifact source)`
  );
};

interface Held {
  /** onnxruntime: the session that serves, or a compiled model's, created again when a batch needed it */
  classifier: Promise<OnnxTextClassifier> | null;
  scorer: CompiledScorer | null;
  /** our own export: its features and evidence outputs */
  linear: LinearModel | null;
  /** what our export's exact explanations read: the compiled scorer's tables when they agree */
  terms: LinearTerms | null;
  /** a compiled foreign graph's exact explanations, per class */
  fits: ClassSlope[] | null;
  /** sha256 of the bytes loaded (compiled models): an artifact fetched again must match it */
  digest: string | null;
  /** to create onnxruntime again (the parity texts are not kept) */
  options: LoadOptions;
  probabilitiesOutput: string;
}

/** What the load check decided: the scorer, or why onnxruntime serves (with the reference's session if it can). */
interface Checked {
  scorer: CompiledScorer | null;
  fits: ClassSlope[] | null;
  engine: EngineInfo;
  signature?: TextClassifierSignature;
  local?: OnnxTextClassifier;
}

const onOnnxruntime = (reason: string): Checked => ({
  scorer: null,
  fits: null,
  engine: { kind: 'onnxruntime', reason },
});

/** Compiles a graph for the given outputs (tests substitute one to tamper with the result). */
export type ScorerCompiler = (
  model: onnx.ModelProto,
  probabilitiesOutput: string,
  extra: string[]
) => CompiledScorer;

export interface HeldModelsOptions {
  /** where a compiled model's artifact is fetched again from, should onnxruntime have to answer */
  source?: ArtifactSource;
  compile?: ScorerCompiler;
  /** where the parity check's onnxruntime runs (default: this thread) */
  reference?: ReferenceLoader;
}

const digestOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A view that owns its whole buffer (so it can be transferred), copying only when it does not. */
function own(array: Float32Array): Float32Array {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength
    ? array
    : array.slice();
}

/**
 * A compiled model's JavaScript objects beyond the bytes its tables count (steps and their
 * closures, value names, small arrays): 20.6 KiB a version measured in-process with 100 of our
 * exports held, heap and external memory after forced collections, against `approximateBytes`.
 */
const COMPILED_OBJECT_BYTES = 21 * 1024;

export class HeldModels {
  private readonly held = new Map<string, Held>();
  /** batches the compiled scorer handed to onnxruntime (a step it could not take) */
  fallbacks = 0;

  private readonly source: ArtifactSource;
  private readonly compile: ScorerCompiler;
  private readonly reference: ReferenceLoader;

  constructor({
    source = noSource,
    compile = CompiledScorer.compile,
    reference = referenceHere,
  }: HeldModelsOptions = {}) {
    this.source = source;
    this.compile = compile;
    this.reference = reference;
  }

  /** the artifacts held, by hash */
  hashes(): string[] {
    return [...this.held.keys()];
  }

  private get(hash: string): Held {
    const entry = this.held.get(hash);
    if (!entry) throw new Error(`artifact ${hash.slice(0, 12)} is not loaded in this thread`);
    return entry;
  }

  /** `proto`: the bytes already decoded, when the caller has them. */
  async load(
    hash: string,
    bytes: Uint8Array,
    options: LoadOptions,
    proto: onnx.ModelProto = onnx.ModelProto.decode(bytes)
  ): Promise<LoadedInfo> {
    const before = process.memoryUsage.rss();
    const derived = deriveLinearServing(proto);
    const servingBytes = derived?.bytes ?? bytes;
    const compiling = options.compiledScorers !== false;
    const servingProto = derived?.proto ?? proto;
    const probabilitiesOutput = probabilitiesOutputOf(servingProto);
    const linear = derived?.linear ?? null;
    const compiled = !compiling
      ? onOnnxruntime('compiled scorers are turned off (inference.compiledScorers)')
      : await this.compileChecked(servingProto, servingBytes, probabilitiesOutput, linear, options);
    const { scorer } = compiled;
    const classifier = scorer
      ? null
      : (compiled.local ?? (await OnnxTextClassifier.load(servingBytes, options)));
    const terms = derived
      ? (scorer?.sharedTerms(derived.linear, derived.weights) ?? exportTerms(proto))
      : null;
    await this.release(hash);
    this.held.set(hash, {
      classifier: classifier ? Promise.resolve(classifier) : null,
      scorer,
      linear,
      terms,
      fits: compiled.fits,
      digest: scorer ? digestOf(bytes) : null,
      options: { ...options, parityTexts: undefined },
      probabilitiesOutput,
    });
    const grown = process.memoryUsage.rss() - before;
    return {
      signature: classifier?.signature ?? compiled.signature!,
      // a compiled model holds its tables and weights (and our export's terms unless it shares
      // them) and its objects: no session, no artifact bytes
      memoryBytes: scorer
        ? scorer.approximateBytes + (terms?.bytes ?? 0) + COMPILED_OBJECT_BYTES
        : Math.max(bytes.byteLength, grown),
      linear: !!linear || !!compiled.fits,
      engine: compiled.engine,
    };
  }

  /**
   * The compiled scorer, if the graph compiles and agrees with onnxruntime (the reference: here or
   * in another process) on the parity texts; else why not, and the reference's session when it ran here.
   */
  private async compileChecked(
    model: onnx.ModelProto,
    serving: Uint8Array,
    probabilitiesOutput: string,
    linear: LinearModel | null,
    options: LoadOptions
  ): Promise<Checked> {
    let scorer: CompiledScorer;
    let texts: string[];
    try {
      const extra = linear ? [linear.evidenceOutput, linear.featuresOutput] : [];
      scorer = this.compile(model, probabilitiesOutput, extra);
      texts = parityTexts(scorer, options.parityTexts ?? [], SMOKE_TEXTS);
    } catch (error) {
      const why = (error as Error).message;
      return onOnnxruntime(
        error instanceof ScorerRefusal
          ? `not compiled: ${why}`
          : `not compiled: the compiler failed (${why})`
      );
    }
    const evidence = linear?.evidenceOutput ?? null;
    let ort: Reference;
    try {
      ort = await this.reference(serving, options, texts, evidence);
    } catch (error) {
      if (error instanceof ArtifactError) throw error; // onnxruntime refuses the artifact itself
      return onOnnxruntime(`the parity check could not run (${(error as Error).message})`);
    }
    const { signature, local } = ort;
    try {
      const parity = compareScorer(
        scorer,
        texts,
        [probabilitiesOutput, ...(evidence ? [evidence] : [])],
        [ort.probabilities, ...(evidence ? [ort.evidence ?? new Float32Array(0)] : [])]
      );
      if (!parity.ok) {
        const at = parity.worst?.index ?? -1;
        return {
          ...onOnnxruntime(
            `the compiled scorer disagreed with onnxruntime by ${parity.maxDiff.toExponential(2)} (tolerance ${PARITY_TOLERANCE}) on parity text ${at} of ${texts.length}`
          ),
          signature,
          local,
        };
      }
      const fits = linear ? null : fitExplanation(scorer, texts);
      await local?.dispose();
      return {
        scorer,
        fits,
        signature,
        engine: {
          kind: 'compiled',
          reason: `agrees with onnxruntime within ${parity.maxDiff.toExponential(1)} on ${texts.length} texts${linear || fits ? '' : '; its probabilities are not log-linear in its weights, so explanations stay leave-one-out'}`,
          parity: { texts: texts.length, maxDiff: parity.maxDiff },
        },
      };
    } catch (error) {
      const why = `the compiled scorer failed on the parity texts (${(error as Error).message})`;
      return { ...onOnnxruntime(why), signature, local };
    }
  }

  /** onnxruntime for this model; a compiled model's is created (once) from its artifact fetched again. */
  private onnxruntime(hash: string, held: Held): Promise<OnnxTextClassifier> {
    held.classifier ??= this.recreate(hash, held).catch((error: unknown) => {
      held.classifier = null; // the next batch that needs it tries again
      throw error;
    });
    return held.classifier;
  }

  private async recreate(hash: string, held: Held): Promise<OnnxTextClassifier> {
    const bytes = await this.source(hash);
    if (digestOf(bytes) !== held.digest)
      throw new Error(
        `artifact ${hash.slice(0, 12)} was fetched again with other bytes than the ones loaded`
      );
    const proto = onnx.ModelProto.decode(bytes);
    return OnnxTextClassifier.load(deriveLinearServing(proto)?.bytes ?? bytes, held.options);
  }

  async run(hash: string, texts: string[], chunkSize: number): Promise<RunResult> {
    const held = this.get(hash);
    const { linear, scorer } = held;
    const extra = linear ? [linear.evidenceOutput] : [];
    if (scorer) {
      try {
        const [probabilities, evidence] = scorer.run(texts, [held.probabilitiesOutput, ...extra]);
        return { probabilities, evidence: linear ? evidence : null };
      } catch {
        this.fallbacks += 1; // a step it cannot take on this batch (a densified row): onnxruntime answers
      }
    }
    const classifier = await this.onnxruntime(hash, held);
    const { probabilities, extras } = await classifier.runFlat(texts, chunkSize, extra);
    return {
      probabilities: own(probabilities),
      evidence: linear ? own(extras[linear.evidenceOutput]) : null,
    };
  }

  async explain(
    hash: string,
    texts: string[],
    predicted: number[],
    chunkSize: number
  ): Promise<ExactExplanation[]> {
    const held = this.get(hash);
    const { linear, terms, scorer, fits } = held;
    if (!linear && scorer && fits)
      return texts.map((text, i) => scorer.explain(text, predicted[i], fits[predicted[i]]));
    if (!linear || !terms) throw new Error('exact explanations need a linear graph');
    let features: Float32Array;
    try {
      if (!scorer) throw new Error('on onnxruntime');
      features = scorer.run(texts, [linear.featuresOutput])[0];
    } catch {
      const classifier = await this.onnxruntime(hash, held);
      features = (await classifier.runFlat(texts, chunkSize, [linear.featuresOutput])).extras[
        linear.featuresOutput
      ];
    }
    return texts.map((text, i) =>
      exactExplanation(
        text,
        features.subarray(i * linear.features, (i + 1) * linear.features),
        linear,
        terms,
        predicted[i]
      )
    );
  }

  async release(hash: string): Promise<void> {
    const held = this.held.get(hash);
    this.held.delete(hash);
    const classifier = await held?.classifier?.catch(() => null);
    await classifier?.dispose();
  }
}
