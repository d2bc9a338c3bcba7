import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127000000 } from './Migration20261127000000.js';
import { Migration20261127120000 } from './Migration20261127120000.js';
import { Migration20261128000000 } from './Migration20261128000000.js';
import { Migration20261128060000 } from './Migration20261128060000.js';
import { Migration20261128120000 } from './Migration20261128120000.js';
import { Migration20261128140000 } from './Migration20261128140000.js';
import { Migration20261128150000 } from './Migration20261128150000.js';
import { Migration20261128160000 } from './Migration20261128160000.js';
import { Migration20261128180000 } from './Migration20261128180000.js';

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
  { name: 'Migration20261128180000', class: Migration20261128180000 },
];
