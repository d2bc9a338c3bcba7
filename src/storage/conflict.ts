/**
 * What a write does with an id that is already stored: the one vocabulary of `video add` and
 * `video import` (and of `importVideos`). `error` fails with exit 4, `skip` keeps the stored video,
 * `update` changes it.
 */
export const CONFLICT_MODES = ['error', 'skip', 'update'] as const;
export type ConflictMode = (typeof CONFLICT_MODES)[number];

/** Older words still accepted, each for a mode. */
export const CONFLICT_ALIASES: Readonly<Record<string, ConflictMode>> = { ignore: 'skip' };

/** The mode a word names, canonical or alias; undefined for an unknown word. */
export function conflictModeOf(word: string): ConflictMode | undefined {
  if ((CONFLICT_MODES as readonly string[]).includes(word)) return word as ConflictMode;
  return Object.hasOwn(CONFLICT_ALIASES, word) ? CONFLICT_ALIASES[word] : undefined;
}
