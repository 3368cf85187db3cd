/** Pages to show: the first and last, the active one with its neighbours, dots for each gap. */
export function pageItems(page: number, pageCount: number): Array<number | 'dots'> {
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])]
    .filter((n) => n >= 1 && n <= pageCount)
    .sort((a, b) => a - b);
  return shown.flatMap((n, i) => (i > 0 && n - shown[i - 1] > 1 ? (['dots', n] as const) : [n]));
}
