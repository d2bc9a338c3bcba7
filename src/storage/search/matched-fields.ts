import type { VideoRecord } from '../records.js';
import type { MatchedField } from './matched.js';
import { MATCHED_FIELDS } from './matched.js';
import type { SearchQuery } from './query-syntax.js';
import { matchRanges } from './text-match.js';

/** Which of title, description, transcript and caption the database found the query in. */
export interface MatchSources {
  /** Title and description together (one document, as the index holds them). */
  document: boolean;
  transcript: boolean;
  caption: boolean;
}

/**
 * `matched` of a video found: transcript and caption as the database said; for the title and
 * description, which of the two say any of the query's words (the index matches them as one
 * document, so the words may be spread over both: then both are named).
 */
export function matchedFields(query: SearchQuery, record: VideoRecord, sources: MatchSources): string {
  const fields = new Set<MatchedField>();
  if (sources.document) {
    for (const field of ['title', 'description'] as const) if (matchRanges(query, record[field] ?? '').length > 0) fields.add(field);
    if (fields.size === 0) {
      fields.add('title');
      fields.add('description');
    }
  }
  if (sources.transcript) fields.add('transcript');
  if (sources.caption) fields.add('caption');
  return MATCHED_FIELDS.filter((field) => fields.has(field)).join(',');
}
