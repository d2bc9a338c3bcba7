import { ExitCode, SilentExit } from '../../errors.js';
import { parseSearchQuery } from '../../storage/search/query-syntax.js';
import type { CommandContext } from '../context.js';
import { type ListOutputOptions, type VideoFilterOptions, videoFilterOf } from '../options.js';
import { recordOutput } from '../output/records.js';
import { VIDEO_SEARCH_KEYS } from '../../storage/search/matched.js';
import { readVideos } from '../video-reads.js';

/** Prints how many videos match the filters, the number alone. */
export async function videoCount(ctx: CommandContext, options: VideoFilterOptions): Promise<void> {
  const n = await readVideos(ctx, (reads) => reads.count(videoFilterOf(options)));
  await ctx.out.write(`${n}\n`);
}

/** Exits 0 when the video exists and 3 when not, printing nothing (for `if aana-store video exists …`). */
export async function videoExists(ctx: CommandContext, id: string): Promise<void> {
  const found = await readVideos(ctx, (reads) => reads.exists(id));
  if (!found) throw new SilentExit(ExitCode.notFound);
}

export interface VideoSearchOptions extends ListOutputOptions {
  limit?: number;
}

/** Full-text search over title, description, transcripts and captions, best match first, saying where (`matched`); notes on stderr what of the query it ignored. */
export async function videoSearch(ctx: CommandContext, words: string[], options: VideoSearchOptions): Promise<void> {
  const query = parseSearchQuery(words.join(' '));
  for (const ignored of query.ignored) await ctx.info(`note: ignored ${ignored}`);
  const output = recordOutput(ctx, VIDEO_SEARCH_KEYS, options);
  await readVideos(ctx, async (reads) => {
    for (const record of await reads.search(query, { limit: options.limit })) await output.write(record);
  });
  await output.end();
}
