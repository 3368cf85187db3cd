/**
 * The cost of a predict request, known before any work: characters scored, times the variants
 * each text needs. A plain prediction scores each text once; an exact explanation once more (the
 * features); leave-one-out once more per distinct word explained, bounded without tokenizing
 * (a word is at least two characters and a separator) and by `maxExplainedTokens`.
 */
export type ExplainMethod = 'exact' | 'leave-one-out' | null;

export function requestCost(
  texts: string[],
  method: ExplainMethod,
  maxExplainedTokens: number
): number {
  let cost = 0;
  for (const text of texts) {
    let variants = 1;
    if (method === 'exact') variants = 2;
    else if (method === 'leave-one-out')
      variants = 1 + Math.min(maxExplainedTokens, Math.floor((text.length + 1) / 3));
    cost += text.length * variants;
  }
  return cost;
}
