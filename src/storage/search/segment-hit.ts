// What `transcript search` finds, apart from the storage layer, so that the CLI registers its
// options (`--fields`) without loading MikroORM.

/** A transcript segment that says the words: its video, the transcript's model, where it is and what it says. */
export interface SegmentHit {
  /** The video's media id. */
  id: string;
  title: string | null;
  model: string;
  /** The segment's position in the transcript's `segments`, from 0. */
  segment: number;
  /** Seconds from the start of the video. */
  start: number;
  end: number;
  text: string;
}

export const SEGMENT_HIT_KEYS = ['id', 'title', 'model', 'segment', 'start', 'end', 'text'] as const satisfies ReadonlyArray<keyof SegmentHit>;

/**
 * Matching segments a search ranks at most: the first this many that the index yields (in index
 * order: oldest transcript first). With 2,000,000 segments a two-word query of common words matches
 * hundreds of thousands, and ranking every one takes seconds on either database; ranking this many
 * keeps the first hits under 100 ms. Where fewer match, the ranking is over all of them.
 */
export const MAX_RANKED_SEGMENTS = 2_000;
