import { TRANSCRIPTS_MIGRATION } from '../../storage/migrations/names.js';
import * as migrator from '../../storage/migrator.js';
import type { CommandContext } from '../context.js';
import type { ReportFormat } from '../output/format-names.js';

/** Why a migration was recorded without running; shared by init and migrate. */
export function adoptedReason(name: string): string {
  const tables = name === TRANSCRIPTS_MIGRATION ? 'extended video, transcript and caption tables already exist (an Aana application created them)' : 'media and video tables already exist (an Aana SDK database)';
  return `its ${tables}, recorded as applied without running it`;
}

export interface DryRunOptions {
  dryRun?: boolean;
}

async function printSql(ctx: CommandContext, migrations: string[], sql: string[], adopted: string[] = []): Promise<void> {
  for (const name of adopted) await ctx.info(`-- would adopt ${name}: ${adoptedReason(name)}`);
  await ctx.info(migrations.length ? `-- would run ${migrations.join(', ')}` : '-- nothing to run');
  for (const statement of sql) await ctx.out.write(`${statement.trim().replace(/;?$/, ';')}\n`);
}

/** Applies pending migrations, or with --dry-run prints their SQL. */
export async function migrateUp(ctx: CommandContext, options: DryRunOptions): Promise<void> {
  const run = await ctx.withOrm((orm) => migrator.migrateUp(orm, options), { migrations: true, write: !options.dryRun });
  if (options.dryRun) return printSql(ctx, run.migrations, run.sql, run.adopted);
  for (const name of run.adopted ?? []) await ctx.info(`Adopted ${name}: ${adoptedReason(name)}`);
  if (run.migrations.length === 0 && !run.adopted?.length) await ctx.info('Already up to date');
  else for (const name of run.migrations) await ctx.info(`Applied ${name}`);
}

/** Reverts the last applied migration. */
export async function migrateDown(ctx: CommandContext, options: DryRunOptions): Promise<void> {
  const run = await ctx.withOrm((orm) => migrator.migrateDown(orm, options), { migrations: true, write: !options.dryRun });
  if (options.dryRun) return printSql(ctx, run.migrations, run.sql);
  if (run.migrations.length === 0) await ctx.info('No migration to revert');
  else for (const name of run.migrations) await ctx.info(`Reverted ${name}`);
}

/** Lists applied and pending migrations. */
export async function migrateStatus(ctx: CommandContext, options: { format: ReportFormat }): Promise<void> {
  const status = await ctx.withOrm((orm) => migrator.migrationStatus(orm), { migrations: true });
  if (options.format === 'json') {
    await ctx.out.write(`${JSON.stringify(status, null, 2)}\n`);
    return;
  }
  for (const row of status.applied) await ctx.out.write(`${ctx.color.green('applied')}  ${row.name}  ${row.executed_at ?? ''}`.trimEnd() + '\n');
  for (const row of status.pending) await ctx.out.write(`${ctx.color.yellow('pending')}  ${row.name}\n`);
}
