/**
 * Word tokenization with character offsets.
 *
 * A token is a maximal run of two or more letters, digits or underscores: the rule of
 * scikit-learn's `(?u)\b\w\w+\b` and of the com.microsoft Tokenizer regex used in the ONNX
 * export, so the trainer and the exported graph see the same tokens.
 */

export interface Token {
  /** Lowercased (and optionally stemmed) token text. */
  text: string;
  /** Offset of the first UTF-16 code unit in the original string. */
  start: number;
  /** Offset one past the last UTF-16 code unit in the original string. */
  end: number;
}

export interface TokenizeOptions {
  /** Apply the Porter stemmer (English). An ONNX graph cannot stem, so exports refuse it. */
  stem?: boolean;
}

/** Regex source given to the com.microsoft Tokenizer (RE2 syntax). */
export const ONNX_TOKEN_REGEX = '[\\p{L}\\p{N}_][\\p{L}\\p{N}_]+';
/** The scikit-learn token_pattern this rule reproduces. */
export const SKLEARN_TOKEN_PATTERN = '(?u)\\b\\w\\w+\\b';

const TOKEN_RE = /[\p{L}\p{N}_]{2,}/gu;
// Matches any code point that has an uppercase form worth mapping (cheap pre-check).
const HAS_UPPER_RE = /[^\p{Ll}\p{N}_]/u;
const ASCII_RE = /^\p{ASCII}*$/u;

/**
 * Lowercase one code point at a time, keeping a code point whose lowercase is not a single
 * code point (e.g. "İ"). A 1:1 mapping keeps offsets aligned and has a finite inverse, which the
 * ONNX export needs to emulate it (its StringNormalizer only lowercases ASCII in locale C).
 */
export function lowerCodePoints(text: string): string {
  if (!HAS_UPPER_RE.test(text)) return text;
  if (ASCII_RE.test(text)) return text.toLowerCase(); // every ASCII letter lowercases to one code point
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    out += lower !== ch && isSingleCodePoint(lower) ? lower : ch;
  }
  return out;
}

function isSingleCodePoint(s: string): boolean {
  const cp = s.codePointAt(0);
  return cp !== undefined && s.length === (cp > 0xffff ? 2 : 1);
}

type StemFn = (token: string) => string;
let porterStem: StemFn | undefined;

/** Deep import, loaded on first use: `import 'natural'` pulls database drivers. */
function loadPorterStemmer(): StemFn {
  if (!porterStem) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stemmer = require('natural/lib/natural/stemmers/porter_stemmer') as {
      stem(token: string): string;
    };
    porterStem = (token) => stemmer.stem(token);
  }
  return porterStem;
}

/** A matched run as a token's text: lowercased, then stemmed when asked. */
function tokenTextOf(options: TokenizeOptions): (word: string) => string {
  const stem = options.stem ? loadPorterStemmer() : undefined;
  return stem ? (word) => stem(lowerCodePoints(word)) : lowerCodePoints;
}

/** Split `text` into tokens; offsets index into `text` itself. */
export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const textOf = tokenTextOf(options);
  const tokens: Token[] = [];
  // Case mapping never moves a code point between letter/number/other, so matching on the
  // original string finds the same runs as matching on the lowercased one.
  for (const match of text.matchAll(TOKEN_RE)) {
    const start = match.index ?? 0;
    tokens.push({ text: textOf(match[0]), start, end: start + match[0].length });
  }
  return tokens;
}

/** Token texts only: what the vectorizer consumes. */
export function tokenTexts(text: string, options: TokenizeOptions = {}): string[] {
  // tokenize() without the offsets: a personal model weighs a reader's every predicted text this way
  return (text.match(TOKEN_RE) ?? []).map(tokenTextOf(options));
}
