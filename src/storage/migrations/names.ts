// Migrations that other code names, apart from index.ts: naming one loads no migration class, so
// no migrator (@mikro-orm/migrations, umzug) on a command that does not migrate.

/** The migration that creates Aana's extended video, transcript and caption tables (adopted where an Aana application created them). */
export const TRANSCRIPTS_MIGRATION = 'Migration20261128140000';

/** The migration that indexes every transcript segment's and caption's text for search. */
export const SEGMENT_SEARCH_MIGRATION = 'Migration20261128150000';

/** The migration that creates the search index: reverting it and everything after rebuilds the index. */
export const SEARCH_MIGRATION = 'Migration20261127120000';

/** The migration that lets a bulk import keep the search index itself, the triggers standing aside. */
export const SEARCH_UPKEEP_MIGRATION = 'Migration20261128120000';

/** The migration that gives SQLite's video search index its keyed, contentless shape. */
export const KEYED_SEARCH_MIGRATION = 'Migration20261128160000';
