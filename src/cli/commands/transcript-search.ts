import { searchSegments } from '../../storage/repositories/segment-search.js';
import { parseSearchQuery } from '../../storage/search/query-syntax.js';
import { MAX_RANKED_SEGMENTS, SEGMENT_HIT_KEYS } from '../../storage/search/segment-hit.js';
import { markMatches } from '../../storage/search/text-match.js';
import type { CommandContext } from '../context.js';
import type { ListOutputOptions } from '../options.js';
import { recordOutput } from '../output/records.js';

export interface TranscriptSearchOptions extends ListOutputOptions {
  model?: string;
  limit?: number;
}

/**
 * The transcript segments that say the words, best match first; on a terminal the words are marked
 * in the text as grep marks them (bold red). Says on stderr what of the query it ignored, and when
 * more segments match than are ranked.
 */
export async function transcriptSearch(ctx: CommandContext, words: string[], options: TranscriptSearchOptions): Promise<void> {
  const query = parseSearchQuery(words.join(' '));
  for (const ignored of query.ignored) await ctx.info(`note: ignored ${ignored}`);
  const mark = ctx.color.bold.red;
  const output = recordOutput(ctx, SEGMENT_HIT_KEYS, options, ctx.color.level > 0 ? { text: (shown) => markMatches(query, shown, mark) } : undefined);
  const result = await ctx.withEntityManager((em) => searchSegments(em, query, { model: options.model, limit: options.limit }));
  if (result.ranked >= MAX_RANKED_SEGMENTS) {
    await ctx.info(`note: ${MAX_RANKED_SEGMENTS} or more segments match; these are the best of the first ${MAX_RANKED_SEGMENTS} found (add words to narrow the search)`);
  }
  for (const hit of result.hits) await output.write(hit);
  await output.end();
}
