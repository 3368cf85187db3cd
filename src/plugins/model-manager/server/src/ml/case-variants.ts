/**
 * Spellings under which an ONNX graph sees a vocabulary token.
 *
 * The trainer lowercases every code point (tokenize.ts), but onnxruntime's StringNormalizer in
 * locale C lowercases ASCII only, so "École" reaches the graph's TfIdfVectorizer as "École",
 * not "école". The export therefore also lists, for every token with non-ASCII letters, its
 * Capitalised and UPPERCASE spellings as the graph sees them (ASCII letters lowered), all
 * mapped to the same column. Other mixed-case spellings of non-ASCII letters are not covered.
 */
import { lowerCodePoints } from './tokenize';

// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** What StringNormalizer(LOWER, locale C) produces: ASCII A-Z lowered, nothing else. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** Uppercase of one code point if it maps back to it under lowerCodePoints, else itself. */
function upperChar(ch: string): string {
  const upper = ch.toUpperCase();
  return [...upper].length === 1 && lowerCodePoints(upper) === ch ? upper : ch;
}

/** Distinct graph-side spellings of one lowercased token, the token itself first. */
export function tokenVariants(token: string): string[] {
  if (ASCII_ONLY.test(token)) return [token];
  const chars = [...token];
  const capitalised = upperChar(chars[0]) + chars.slice(1).join('');
  const upper = chars.map(upperChar).join('');
  return [...new Set([token, asciiLower(capitalised), asciiLower(upper)])];
}

/** Every combination of token variants of a space-joined n-gram, as token arrays. */
export function ngramVariants(term: string): string[][] {
  let combos: string[][] = [[]];
  for (const token of term.split(' ')) {
    const variants = tokenVariants(token);
    combos = combos.flatMap((prefix) => variants.map((v) => [...prefix, v]));
  }
  return combos;
}
