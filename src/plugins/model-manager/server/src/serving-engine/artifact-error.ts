/** Why an uploaded artifact was refused; each becomes a 400 that names it. */
export type ArtifactProblem =
  | 'not_onnx'
  | 'unloadable'
  | 'unsupported_operator'
  | 'locale_missing'
  | 'wrong_signature'
  | 'class_names_missing'
  | 'class_names_mismatch'
  | 'smoke_test_failed'
  | 'external_data'
  | 'data_sized_graph'
  | 'non_finite_output'
  | 'timeout'
  | 'memory_limit'
  | 'sandbox_crashed'
  | 'multiple_text_columns';

export class ArtifactError extends Error {
  constructor(
    readonly problem: ArtifactProblem,
    message: string
  ) {
    super(message);
    this.name = 'ArtifactError';
  }
}
