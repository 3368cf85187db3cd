/**
 * The com.microsoft Tokenizer's `tokenexp` (RE2) as a JavaScript scan, for the patterns text
 * exports use: one character class repeated, at least m times (`[a-z0-9-]+`, `\b\w\w+\b`,
 * `[\p{L}\p{N}_][\p{L}\p{N}_]+`). Their leftmost-longest matches are the maximal runs of that class
 * of length >= m, which a linear scan finds. Anything else (groups, alternation, other atoms) is
 * refused: a JavaScript regex backtracks where RE2 does not, so an uploaded pattern is never run
 * as a regex.
 */
export interface TokenRule {
  /** one code point of the class (a `u` regex matching exactly one code point) */
  charClass: RegExp;
  /** a run of `charClass` this long or longer is a token (code points) */
  minLength: number;
  /** the run finder: /(?:class){m,}/gu */
  runs: RegExp;
}

const ATOM =
  /^(\[(?:\\.|[^\]\\])+\]|\\[wd]|\\p\{[A-Za-z_]+\}|\\p[A-Za-z])(\+|\*|\{(\d+)\}|\{(\d+),\})?/;
const WORD = '[A-Za-z0-9_]';

/** What RE2 accepts inside a class that JavaScript reads the same way under the `u` flag. */
function classToJs(atom: string): string | null {
  if (atom === '\\w') return WORD;
  if (atom === '\\d') return '[0-9]';
  if (atom.startsWith('\\p')) return `[${atom.length === 3 ? `\\p{${atom[2]}}` : atom}]`;
  const body = atom.slice(1, -1);
  // \s \S \W \D, POSIX classes and case-folding differ between RE2 and JavaScript: not modelled
  if (/\\[sSWDbBPQE]|\[:/.test(body)) return null;
  const js = body.replace(/\\p([A-Za-z])(?!\{)/g, '\\p{$1}');
  try {
    new RegExp(`[${js}]`, 'u');
  } catch {
    return null;
  }
  return `[${js}]`;
}

export function parseTokenPattern(
  source: string,
  mincharnum: number
): TokenRule | { refused: string } {
  let rest = source;
  const bounded = rest.startsWith('\\b') && rest.endsWith('\\b');
  if (bounded) rest = rest.slice(2, -2);
  const atoms: string[] = [];
  let minLength = 0;
  let unbounded = false;
  while (rest.length) {
    const m = ATOM.exec(rest);
    if (!m) return { refused: `the token pattern "${source}" is not a repeated character class` };
    atoms.push(m[1]);
    const q = m[2] ?? '';
    if (q === '+' || q === '*' || m[4] !== undefined) unbounded = true;
    minLength += q === '' || q === '+' ? 1 : q === '*' ? 0 : Number(m[3] ?? m[4]);
    rest = rest.slice(m[0].length);
  }
  if (!atoms.length || atoms.some((a) => a !== atoms[0]))
    return { refused: `the token pattern "${source}" mixes character classes` };
  if (!unbounded || minLength < 1)
    return { refused: `the token pattern "${source}" does not match runs of one class` };
  // \b...\b around word characters: the runs are already maximal; around anything else it is not a run
  if (bounded && atoms[0] !== '\\w')
    return {
      refused: `the token pattern "${source}" has word boundaries around non-word characters`,
    };
  const cls = classToJs(atoms[0]);
  if (!cls)
    return {
      refused: `the token pattern "${source}" uses a class RE2 and JavaScript read differently`,
    };
  const min = Math.max(minLength, mincharnum, 1);
  return {
    charClass: new RegExp(cls, 'u'),
    minLength: min,
    runs: new RegExp(`${cls}{${min},}`, 'gu'),
  };
}

/** Tokens of `text` with their UTF-16 spans (start, end) in `text`. */
export function scanTokens(rule: TokenRule, text: string): { tokens: string[]; spans: number[] } {
  const tokens: string[] = [];
  const spans: number[] = [];
  rule.runs.lastIndex = 0;
  for (let m = rule.runs.exec(text); m; m = rule.runs.exec(text)) {
    tokens.push(m[0]);
    spans.push(m.index, m.index + m[0].length);
  }
  return { tokens, spans };
}
