import { AanaStoreError } from '../../errors.js';
import { migrationStatus } from '../../storage/migrator.js';
import type { CommandContext } from '../context.js';

/**
 * For CI: exits 1 when migrations are pending, or when the entities differ from the schema the
 * migrations built (MikroORM's schema comparator finds a difference); the difference is printed as SQL.
 */
export async function migrateCheck(ctx: CommandContext): Promise<void> {
  const diff = await ctx.withOrm(
    async (orm) => {
      const status = await migrationStatus(orm);
      if (status.pending.length > 0) {
        throw new AanaStoreError(`${status.pending.length} pending migration(s): ${status.pending.map((m) => m.name).join(', ')}; run \`aana-store migrate\``);
      }
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
