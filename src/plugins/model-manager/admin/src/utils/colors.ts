/** RGB triples; explained tokens and class bars mix them with an alpha of their own. */
const BLUE = [37, 99, 235] as const;
const RED = [220, 38, 38] as const;
const OTHERS = [
  [22, 163, 74],
  [234, 88, 12],
  [147, 51, 234],
  [13, 148, 136],
  [202, 138, 4],
] as const;
const NEUTRAL = [100, 116, 139] as const;

export type Rgb = readonly [number, number, number];

/**
 * The colour of a class: "red" and "blue" are themselves (two-party models); otherwise the
 * first class is blue-ish, the second red-ish, and further classes take distinct hues.
 */
export function classRgb(label: string | null, labels: string[]): Rgb {
  if (label === null) return NEUTRAL;
  const name = label.toLowerCase();
  if (name === 'red') return RED;
  if (name === 'blue') return BLUE;
  const index = labels.indexOf(label);
  if (index === 0) return BLUE;
  if (index === 1) return RED;
  return index > 1 ? OTHERS[(index - 2) % OTHERS.length] : NEUTRAL;
}

export const rgba = ([r, g, b]: Rgb, alpha: number) =>
  `rgba(${r}, ${g}, ${b}, ${Math.round(alpha * 1000) / 1000})`;

/**
 * The class an explained token pushes toward: a positive weight pushes toward the predicted label;
 * a negative one toward the other class of a binary model (for more classes: away, i.e. no class).
 */
export function pushedClass(weight: number, predicted: string, labels: string[]): string | null {
  if (weight >= 0) return predicted;
  const others = labels.filter((label) => label !== predicted);
  return others.length === 1 ? others[0] : null;
}
