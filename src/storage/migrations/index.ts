import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127000000 } from './Migration20261127000000.js';
import { Migration20261127120000 } from './Migration20261127120000.js';
import { Migration20261128000000 } from './Migration20261128000000.js';
import { Migration20261128060000 } from './Migration20261128060000.js';
import { Migration20261128120000 } from './Migration20261128120000.js';
import { Migration20261128140000 } from './Migration20261128140000.js';
import { Migration20261128150000 } from './Migration20261128150000.js';
import { Migration20261128160000 } from './Migration20261128160000.js';

/** Every migration in order. Listed statically so the built CLI needs no file globbing. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261127000000', class: Migration20261127000000 },
  { name: 'Migration20261127120000', class: Migration20261127120000 },
  { name: 'Migration20261128000000', class: Migration20261128000000 },
  { name: 'Migration20261128060000', class: Migration20261128060000 },
  { name: 'Migration20261128120000', class: Migration20261128120000 },
  { name: 'Migration20261128140000', class: Migration20261128140000 },
  { name: 'Migration20261128150000', class: Migration20261128150000 },
  { name: 'Migration20261128160000', class: Migration20261128160000 },
];

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
