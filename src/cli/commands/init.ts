import { describeDatabase } from '../../config/settings.js';
import { migrateUp } from '../../storage/migrator.js';
import type { CommandContext } from '../context.js';
import { ADOPTED_REASON } from './migrate.js';

/** Creates the database (the SQLite file and folder; on PostgreSQL, the schema) and applies every migration. */
export async function init(ctx: CommandContext): Promise<void> {
  const where = describeDatabase(ctx.settings);
  const run = await ctx.withOrm((orm) => migrateUp(orm), { migrations: true, create: true, write: true });
  for (const name of run.adopted ?? []) await ctx.info(`Adopted ${name}: ${ADOPTED_REASON}`);
  if (run.migrations.length === 0) await ctx.info(`${where} is up to date`);
  else await ctx.info(`Initialized ${where}: applied ${run.migrations.length} migration(s) (${run.migrations.join(', ')})`);
}
