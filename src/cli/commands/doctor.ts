import { existsSync, statSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import { redactedUrl } from '../../config/settings.js';
import { AanaStoreError } from '../../errors.js';
import { migrationStatus } from '../../storage/migrator.js';
import type { StoreEntityManager } from '../../storage/orm.js';
import { rawQuery } from '../../storage/raw-query.js';
import type { CommandContext } from '../context.js';
import { createRecordWriter } from '../output/formats.js';

export type DoctorReport = Record<string, string | number | null>;

async function scalar(em: StoreEntityManager, sql: string): Promise<string | number | null> {
  try {
    const [row] = await rawQuery<Record<string, string | number | null>>(em, sql, []);
    return row ? Object.values(row)[0] : null;
  } catch {
    // A table that is not there yet (a pending migration) has no rows to count.
    return null;
  }
}

/** What doctor finds, and what is wrong (an empty list when all is well). */
export async function diagnose(orm: MikroORM, ctx: CommandContext): Promise<{ report: DoctorReport; problems: string[] }> {
  const settings = ctx.settings;
  const em = orm.em.fork() as StoreEntityManager;
  const sqlite = settings.type === 'sqlite';
  const status = await migrationStatus(orm);
  const report: DoctorReport = {
    database: redactedUrl(settings),
    driver: sqlite ? 'sqlite' : 'postgresql',
    server_version: await scalar(em, sqlite ? 'select sqlite_version() as v' : 'show server_version'),
    schema_version: status.applied.at(-1)?.name ?? null,
    applied_migrations: status.applied.length,
    pending_migrations: status.pending.map((m) => m.name).join(', ') || null,
    media_rows: await scalar(em, 'select count(*) as n from media'),
    video_rows: await scalar(em, 'select count(*) as n from video'),
    search_index_rows: await scalar(em, 'select count(*) as n from video_fts'),
  };
  for (const key of ['media_rows', 'video_rows', 'search_index_rows']) if (report[key] !== null) report[key] = Number(report[key]);
  if (sqlite) {
    report.file_size = statSync(settings.path).size;
    report.wal_size = existsSync(`${settings.path}-wal`) ? statSync(`${settings.path}-wal`).size : 0;
    report.journal_mode = await scalar(em, 'pragma journal_mode');
  }
  const problems: string[] = [];
  if (status.pending.length > 0) problems.push(`${status.pending.length} pending migration(s); run \`aana-store migrate\``);
  if (report.video_rows !== null && report.search_index_rows !== null && report.video_rows !== report.search_index_rows) {
    problems.push(`the search index has ${report.search_index_rows} rows for ${report.video_rows} videos`);
  }
  if (sqlite && report.journal_mode !== 'wal') problems.push(`journal mode is ${report.journal_mode}, not wal`);
  return { report, problems };
}

/** Connects and reports on the database; exits 1 naming what is wrong. */
export async function doctor(ctx: CommandContext, options: { format: 'text' | 'json' }): Promise<void> {
  const { report, problems } = await ctx.withOrm((orm) => diagnose(orm, ctx), { migrations: true });
  if (options.format === 'json') await ctx.out.write(`${JSON.stringify({ ...report, problems }, null, 2)}\n`);
  else {
    const writer = createRecordWriter('text', ctx.out, Object.keys(report), { color: ctx.color });
    await writer.write(report);
  }
  if (problems.length > 0) throw new AanaStoreError(problems.join('; '));
  await ctx.info(ctx.color.green('ok'));
}
