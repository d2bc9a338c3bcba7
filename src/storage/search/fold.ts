import { FOLDS, SEPARATOR_RANGES } from './fold-table.js';

/**
 * Search folds text the way SQLite's FTS5 tokenizer does (see fold-table.ts): letters to lower case
 * without diacritics, every separator to a space. PostgreSQL runs the same fold in SQL (video_fts_fold),
 * and this copy tells which query terms hold a word at all.
 */
const FOLD_MAP = new Map<number, number>(FOLDS);

function isSeparator(cp: number): boolean {
  let lo = 0;
  let hi = SEPARATOR_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last] = SEPARATOR_RANGES[mid];
    if (cp < first) hi = mid - 1;
    else if (cp > last) lo = mid + 1;
    else return true;
  }
  return false;
}

/** A word of a text as both databases index it, with where it stands in the text (UTF-16 offsets, end exclusive). */
export interface TokenSpan {
  word: string;
  start: number;
  end: number;
}

/** The words of `text` as both databases index them, each with its place in `text`. */
export function searchTokenSpans(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let word = '';
  let start = 0;
  let at = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0 || isSeparator(cp)) {
      if (word) spans.push({ word, start, end: at });
      word = '';
    } else {
      if (!word) start = at;
      const folded = FOLD_MAP.get(cp);
      if (folded === undefined) word += ch;
      else if (folded !== 0) word += String.fromCodePoint(folded);
    }
    at += ch.length;
  }
  if (word) spans.push({ word, start, end: at });
  return spans;
}

/** The words of `text` as both databases index them. */
export function searchTokens(text: string): string[] {
  return searchTokenSpans(text).map((span) => span.word);
}

/** A code point in a PostgreSQL U& string literal. */
const unicodeEscape = (cp: number) => (cp > 0xffff ? `\\+${cp.toString(16).padStart(6, '0')}` : `\\${cp.toString(16).padStart(4, '0')}`);
/** A code point in a PostgreSQL regular expression. */
const regexEscape = (cp: number) => (cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`);

const literal = (cps: number[]) => `U&'${cps.map(unicodeEscape).join('')}'`;
const classOf = (ranges: ReadonlyArray<readonly [number, number]>) =>
  `'[${ranges.map(([a, b]) => (a === b ? regexEscape(a) : `${regexEscape(a)}-${regexEscape(b)}`)).join('')}]'`;

/** Folds per group: PostgreSQL's translate() looks each character up in its whole list, so lists stay short. */
const GROUP = 96;

/**
 * The body of PostgreSQL's `video_fts_fold(doc text)` in PL/pgSQL: the fold above, words joined by
 * single spaces. Each group of folds runs only when the text holds a character in its range, so
 * ASCII text costs lower() and two regular expressions (PostgreSQL caches 32).
 */
export function pgFoldBody(): string {
  const wide = FOLDS.filter(([cp, to]) => cp >= 0x80 && to !== 0);
  const dropped = FOLDS.filter(([, to]) => to === 0).map(([cp]) => cp);
  // lower() under the C collation changes A-Z alone, whatever the database's locale.
  const steps = ['t := lower(t collate "C");', 'if t ~ \'[^\\u0001-\\u007f]\' then'];
  steps.push(`if t ~ ${classOf(dropped.map((cp) => [cp, cp] as const))} then t := translate(t, ${literal(dropped)}, ''); end if;`);
  for (let i = 0; i < wide.length; i += GROUP) {
    const group = wide.slice(i, i + GROUP);
    const range = [[group[0][0], group[group.length - 1][0]] as const];
    steps.push(`if t ~ ${classOf(range)} then t := translate(t, ${literal(group.map(([cp]) => cp))}, ${literal(group.map(([, to]) => to))}); end if;`);
  }
  steps.push('end if;', `return btrim(regexp_replace(t, ${classOf(SEPARATOR_RANGES)} || '+', ' ', 'g'), ' ');`);
  return `declare t text := doc; begin ${steps.join(' ')} end`;
}
