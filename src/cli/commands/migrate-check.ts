import { AanaStoreError, pendingMigrationsText } from '../../errors.js';
import { missingSearchObjects, searchIndexText } from '../../storage/diagnostics.js';
import { migrationStatus } from '../../storage/migrator.js';
import type { StoreEntityManager } from '../../storage/orm.js';
import type { CommandContext } from '../context.js';

/**
 * For CI: exits 1 when migrations are pending, when the search index the migrations built is
 * damaged, or when the entities differ from the schema the migrations built (MikroORM's schema
 * comparator finds a difference); the difference is printed as SQL.
 */
export async function migrateCheck(ctx: CommandContext): Promise<void> {
  const diff = await ctx.withOrm(
    async (orm) => {
      const status = await migrationStatus(orm);
      if (status.pending.length > 0) throw new AanaStoreError(pendingMigrationsText(status.pending.map((m) => m.name)));
      const missing = await missingSearchObjects(orm.em.fork() as StoreEntityManager);
      if (missing.length > 0) throw new AanaStoreError(await searchIndexText(missing));
      return orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    },
    { migrations: true },
  );
  if (diff.trim() !== '') {
    await ctx.out.write(diff.endsWith('\n') ? diff : `${diff}\n`);
    throw new AanaStoreError('the entities differ from the migrations (above, the SQL that would close the gap); write a migration');
  }
  await ctx.info('Migrations are applied and match the entities');
}
