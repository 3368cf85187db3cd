import type { onnx } from 'onnx-proto';
import type { ExactExplanation } from '../exact-explain';
import { shareAmongTokens } from '../exact-explain';
import type { LinearModel, LinearTerms } from '../linear-graph';
import { compileGraph, type CompiledGraph, type Trace } from './compile';
import { NgramCounter } from './ngrams';
import type { Column, SparseRow } from './values';

/**
 * A linear text classifier compiled from its ONNX graph (compile.ts): probabilities, and any
 * other output asked for at compile time, computed in TypeScript from the graph's own weights in
 * time proportional to the text, with no onnxruntime session. It answers only for what the
 * parity check (parity.ts) found it agrees with onnxruntime on.
 */
export interface ClassSlope {
  /** log p_k - mean of log p_c over the other classes = slope * (x . delta_k) + offset */
  slope: number;
  offset: number;
}

export class CompiledScorer {
  private constructor(
    private readonly graph: CompiledGraph,
    readonly probabilitiesOutput: string,
    readonly width: number
  ) {}

  /** Throws ScorerRefusal (with the reason) for a graph it does not model. */
  static compile(model: onnx.ModelProto, probabilitiesOutput: string, extra: string[] = []) {
    const graph = compileGraph(model, [probabilitiesOutput, ...extra]);
    const kind = graph.outputs.get(probabilitiesOutput)!;
    if (kind.kind !== 'dense' || kind.rank !== 2)
      throw new Error(`"${probabilitiesOutput}" is not a row of probabilities`);
    return new CompiledScorer(graph, probabilitiesOutput, kind.width);
  }

  get head() {
    return this.graph.head;
  }

  /**
   * Bytes of the data the scorer holds: packed vocabularies, weights, the constants its steps read
   * (its JavaScript objects add some tens of KiB).
   */
  get approximateBytes(): number {
    return this.graph.bytes;
  }

  /** Named values for the texts, one entry per text. */
  evaluate(texts: string[], names: string[], trace?: Trace): Column[] {
    const env = new Map<string, Column>([[this.graph.input, texts]]);
    for (const step of this.graph.steps) step(env, trace);
    return names.map((n) => env.get(n)!);
  }

  /** An output as a row-major float32 matrix (a sparse one written out at its full width). */
  run(texts: string[], names: string[]): Float32Array[] {
    return this.evaluate(texts, names).map((rows, k) => {
      const kind = this.graph.outputs.get(names[k])!;
      const width = kind.kind === 'dense' || kind.kind === 'sparse' ? kind.width : 0;
      const out = new Float32Array(texts.length * width);
      (rows as Array<Float64Array | SparseRow>).forEach((row, i) => {
        if (row instanceof Float64Array) out.set(row, i * width);
        else {
          if (row.bg !== 0) out.fill(row.bg, i * width, (i + 1) * width);
          row.cols.forEach((c, j) => (out[i * width + c] = row.vals[j]));
        }
      });
      return out;
    });
  }

  probabilities(texts: string[]): Float32Array {
    return this.run(texts, [this.probabilitiesOutput])[0];
  }

  /**
   * Per class k: delta_k of each feature column (its weight toward k minus the mean toward the
   * others; for onnxruntime's one-score binary classifier, +w toward the second class, -w the first).
   */
  delta(column: number, k: number): number {
    const { weights, classes } = this.graph.head!;
    if (classes === 1) return (k === 1 ? 1 : -1) * weights[column];
    let others = 0;
    for (let c = 0; c < classes; c += 1) if (c !== k) others += weights[column * classes + c];
    return weights[column * classes + k] - others / (classes - 1);
  }

  /**
   * The head's weights and n-gram table as the exact explanations of one of our exports read
   * them, when the head is that export's linear layer (same features, the same weights, which
   * `weights` gives as the export holds them): its vocabulary and weights are then held once.
   */
  sharedTerms(linear: LinearModel, weights: Float32Array): LinearTerms | null {
    const head = this.graph.head;
    if (
      !head ||
      head.features !== linear.featuresOutput ||
      head.classes !== linear.classes ||
      head.weights.length !== weights.length
    )
      return null;
    for (let i = 0; i < weights.length; i += 1) if (head.weights[i] !== weights[i]) return null;
    const counter = new NgramCounter(head.table);
    return {
      weights: head.weights,
      ngrams: (tokens, found) => void counter.count(tokens, found),
      bytes: 0,
    };
  }

  /** The head's features row of each text (sparse). */
  features(texts: string[]): SparseRow[] {
    return this.evaluate(texts, [this.graph.head!.features])[0] as SparseRow[];
  }

  /** Each token's exact share of class k's log-odds, from the fitted slope and offset. */
  explain(text: string, k: number, fit: ClassSlope): ExactExplanation {
    const trace: Trace = {};
    const [rows] = this.evaluate([text], [this.graph.head!.features], trace);
    const row = (rows as SparseRow[])[0];
    const spans = trace.spans ?? [];
    const byColumn = new Map<number, number>();
    row.cols.forEach((c, i) => byColumn.set(c, fit.slope * row.vals[i] * this.delta(c, k)));
    const tokens = shareAmongTokens(
      text,
      spans,
      trace.occurrences ?? [],
      (column) => byColumn.get(column) ?? 0
    );
    return { tokens, bias: fit.offset };
  }
}
