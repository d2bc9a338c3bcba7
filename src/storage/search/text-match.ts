import { searchTokenSpans, searchTokens, type TokenSpan } from './fold.js';
import type { SearchQuery, SearchTerm } from './query-syntax.js';

/** Where a text says what the query looks for: [start, end) UTF-16 offsets, in text order, not overlapping. */
export type MatchRange = [number, number];

/** Each place `term` occurs among `spans`, as the databases match it (a phrase word for word, a prefix on its last word). */
function occurrences(term: SearchTerm, spans: readonly TokenSpan[]): MatchRange[] {
  const words = searchTokens(term.text);
  const found: MatchRange[] = [];
  if (words.length === 0) return found;
  for (let i = 0; i + words.length <= spans.length; i++) {
    const holds = words.every((word, k) => {
      const token = spans[i + k].word;
      return term.prefix && k === words.length - 1 ? token.startsWith(word) : token === word;
    });
    if (holds) found.push([spans[i].start, spans[i + words.length - 1].end]);
  }
  return found;
}

/**
 * Where `text` says any of the words the query looks for (its excluded words are not marked), for
 * marking a match on a terminal. Words are folded as the search index folds them.
 */
export function matchRanges(query: SearchQuery, text: string): MatchRange[] {
  const spans = searchTokenSpans(text);
  const ranges = query.all.flat().flatMap((term) => occurrences(term, spans));
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: MatchRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** `text` with each match wrapped by `mark` (the rest as it is). */
export function markMatches(query: SearchQuery, text: string, mark: (match: string) => string): string {
  let out = '';
  let at = 0;
  for (const [start, end] of matchRanges(query, text)) {
    out += text.slice(at, start) + mark(text.slice(start, end));
    at = end;
  }
  return out + text.slice(at);
}
