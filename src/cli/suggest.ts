import { quoted, ValidationError } from '../errors.js';

/** Words people type for a command that has another name here; suggested only when that name is a candidate. */
const SYNONYMS: Record<string, string> = { rm: 'delete', remove: 'delete', del: 'delete', ls: 'list', show: 'get', new: 'add', create: 'add', edit: 'update', set: 'update', find: 'search' };

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The candidate `value` was most likely meant to be, if one is close enough (as commander judges it for commands). */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  const word = value.toLowerCase();
  const synonym = SYNONYMS[word];
  if (synonym !== undefined && candidates.includes(synonym)) return synonym;
  if (word.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate.toLowerCase());
    const length = Math.max(word.length, candidate.length);
    if ((length - distance) / length > 0.4 && distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** `--sort: unknown field "titel"; did you mean "title"?`, or the whole list when nothing is close. */
export function unknownValue(field: string, noun: string, value: string, candidates: readonly string[]): ValidationError {
  const guess = didYouMean(value, candidates);
  const hint = guess === undefined ? ` (one of ${candidates.join(', ')})` : `; did you mean ${quoted(guess)}?`;
  return new ValidationError(field, `unknown ${noun} ${quoted(value)}${hint}`);
}

/** `unknown command 'rm'; did you mean delete?`, in commander's words, for a name none of `command`'s subcommands has. */
export function unknownCommandMessage(name: string, candidates: readonly string[]): string {
  const guess = didYouMean(name, candidates);
  return `unknown command '${name}'${guess === undefined ? '' : `; did you mean ${guess}?`}`;
}
