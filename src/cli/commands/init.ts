import { describeDatabase } from '../../config/settings.js';
import { AanaStoreError } from '../../errors.js';
import { missingSearchObjects, searchIndexText } from '../../storage/diagnostics.js';
import { migrateUp } from '../../storage/migrator.js';
import type { StoreEntityManager } from '../../storage/orm.js';
import type { CommandContext } from '../context.js';
import { adoptedReason } from './migrate.js';

/**
 * Creates the database (the SQLite file and folder; on PostgreSQL, the schema) and applies every
 * migration; a database whose migrations ran but whose search index is damaged is not "up to date".
 */
export async function init(ctx: CommandContext): Promise<void> {
  const where = describeDatabase(ctx.settings);
  const { run, missing } = await ctx.withOrm(
    async (orm) => ({ run: await migrateUp(orm), missing: await missingSearchObjects(orm.em.fork() as StoreEntityManager) }),
    { migrations: true, create: true, write: true },
  );
  for (const name of run.adopted ?? []) await ctx.info(`Adopted ${name}: ${adoptedReason(name)}`);
  if (missing.length > 0) throw new AanaStoreError(`${where}: ${await searchIndexText(missing)}`);
  if (run.migrations.length === 0) await ctx.info(`${where} is up to date`);
  else await ctx.info(`Initialized ${where}: applied ${run.migrations.length} migration(s) (${run.migrations.join(', ')})`);
}
