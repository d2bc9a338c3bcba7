import { ValidationError } from '../../errors.js';
import { searchTokens } from './fold.js';

/** One search term: a word or a quoted phrase, its last word a prefix when it ended with `*`. */
export interface SearchTerm {
  text: string;
  prefix: boolean;
}

/** Every group must match (a group matches when one of its terms does); no `none` term may. */
export interface SearchQuery {
  all: SearchTerm[][];
  none: SearchTerm[];
  /** What was typed but does not take part, each with why (for a note on stderr). */
  ignored: string[];
}

/** PostgreSQL cannot index a word longer than this many UTF-8 bytes. */
export const MAX_WORD_BYTES = 2047;

interface Item {
  raw: string;
  term?: SearchTerm;
  negated: boolean;
  operator?: 'OR' | 'AND' | 'NOT';
}

function lex(text: string): Item[] {
  const items: Item[] = [];
  const re = /(-?)(?:"([^"]*)("?)(\**)|([^\s"]\S*))/gu;
  const input = text.replace(/\0/g, ' ');
  for (let at = 0; at < input.length; ) {
    const space = /^\s+/u.exec(input.slice(at));
    if (space) {
      at += space[0].length;
      continue;
    }
    re.lastIndex = at;
    const m = re.exec(input);
    if (!m || m.index !== at) throw new Error(`search lexer stuck at ${at}`);
    at += m[0].length;
    const [raw, minus, phrase, closed, phraseStars = '', word] = m;
    const [, bare = '', wordStars = ''] = word === undefined ? [] : (/^(.*?)(\**)$/su.exec(word) ?? []);
    const stars = phrase === undefined ? wordStars : phraseStars;
    if (phrase !== undefined && !closed) throw new ValidationError('words', `${JSON.stringify(raw)}: a quote is not closed`);
    if (!minus && phrase === undefined && !stars && ['OR', 'AND', 'NOT'].includes(bare)) {
      items.push({ raw, negated: false, operator: bare as Item['operator'] });
      continue;
    }
    const body = phrase ?? bare;
    items.push({ raw, negated: minus === '-' && body !== '', term: { text: body, prefix: stars !== '' } });
  }
  return items;
}

/**
 * Reads the search syntax: words (all must match), `"a phrase"`, `word*` (a prefix), `a OR b`
 * (either; OR binds its neighbours only), `-word` or `NOT word` (must not match); `AND` is the
 * default and may be written. Terms without a letter or digit and operators with nothing to join
 * are left out and named in `ignored`.
 */
export function parseSearchQuery(text: string): SearchQuery {
  const query: SearchQuery = { all: [], none: [], ignored: [] };
  let pendingOr: Item | undefined;
  let pendingNot: Item | undefined;
  let last: 'term' | 'none' = 'none';
  const ignore = (item: Item, why: string) => query.ignored.push(`${JSON.stringify(item.raw)} (${why})`);
  for (const item of lex(text)) {
    if (item.operator === 'AND') {
      ignore(item, 'AND is the default');
      continue;
    }
    if (item.operator === 'OR' || item.operator === 'NOT') {
      const pending = item.operator === 'OR' ? pendingOr : pendingNot;
      if (pending) ignore(pending, `${pending.operator} with nothing after it`);
      if (item.operator === 'OR' && last !== 'term') ignore(item, 'OR with nothing before it');
      else if (item.operator === 'OR') pendingOr = item;
      else pendingNot = item;
      continue;
    }
    const term = item.term as SearchTerm;
    const tokens = searchTokens(term.text);
    if (tokens.length === 0) {
      ignore(item, 'no letter or digit');
      continue;
    }
    const long = tokens.find((token) => Buffer.byteLength(token) > MAX_WORD_BYTES);
    if (long) throw new ValidationError('words', `a word may be at most ${MAX_WORD_BYTES} bytes long, got ${Buffer.byteLength(long)}`);
    const negated = item.negated || pendingNot !== undefined;
    pendingNot = undefined;
    if (pendingOr && (negated || last !== 'term')) {
      ignore(pendingOr, negated ? 'OR cannot join an excluded word' : 'OR with nothing before it');
      pendingOr = undefined;
    }
    if (negated) {
      query.none.push(term);
      last = 'none';
    } else if (pendingOr) {
      query.all[query.all.length - 1].push(term);
      last = 'term';
    } else {
      query.all.push([term]);
      last = 'term';
    }
    pendingOr = undefined;
  }
  if (pendingOr) ignore(pendingOr, 'OR with nothing after it');
  if (pendingNot) ignore(pendingNot, 'NOT with nothing after it');
  if (query.all.length === 0) {
    const why = query.none.length > 0 ? 'give at least one word that is not excluded' : 'give at least one word with a letter or digit to search for';
    throw new ValidationError('words', query.ignored.length > 0 ? `${why} (ignored: ${query.ignored.join(', ')})` : why);
  }
  return query;
}
