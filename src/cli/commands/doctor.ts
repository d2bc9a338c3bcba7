import { existsSync, statSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import { redactedUrl } from '../../config/settings.js';
import { AanaStoreError, pendingMigrationsText } from '../../errors.js';
import { fileIntegrityProblems, journalMode as journalModeOf, missingSearchObjects, rowCount, searchIndexText, serverVersion, videoMediaWithoutVideo, videosWithoutSearchKey } from '../../storage/diagnostics.js';
import { migrationStatus } from '../../storage/migrator.js';
import type { StoreEntityManager } from '../../storage/orm.js';
import type { CommandContext } from '../context.js';
import type { ReportFormat } from '../output/format-names.js';
import { createRecordWriter } from '../output/formats.js';

export type DoctorReport = Record<string, string | number | string[] | null>;

/** What doctor finds, and what is wrong (an empty list when all is well). */
export async function diagnose(orm: MikroORM, ctx: CommandContext): Promise<{ report: DoctorReport; problems: string[] }> {
  const settings = ctx.settings;
  const em = orm.em.fork() as StoreEntityManager;
  const sqlite = settings.type === 'sqlite';
  const status = await migrationStatus(orm);
  const integrity = await fileIntegrityProblems(em);
  const [mediaRows, videoRows, searchRows, halfVideos] = [await rowCount(em, 'media'), await rowCount(em, 'video'), await rowCount(em, 'video_fts'), await videoMediaWithoutVideo(em)];
  const journalMode = await journalModeOf(em);
  const report: DoctorReport = {
    database: redactedUrl(settings),
    driver: sqlite ? 'sqlite' : 'postgresql',
    server_version: await serverVersion(em),
    schema_version: status.applied.at(-1)?.name ?? null,
    applied_migrations: status.applied.length,
    pending_migrations: status.pending.map((m) => m.name),
    media_rows: mediaRows,
    video_rows: videoRows,
    video_media_without_video: halfVideos,
    search_index_rows: searchRows,
  };
  if (sqlite) {
    report.integrity = integrity.length === 0 ? 'ok' : integrity[0];
    report.file_size = statSync(settings.path).size;
    report.wal_size = existsSync(`${settings.path}-wal`) ? statSync(`${settings.path}-wal`).size : 0;
    report.journal_mode = journalMode;
  }
  const problems: string[] = [];
  if (integrity.length > 0) problems.push(`the database file is damaged (quick_check: ${integrity.slice(0, 3).join('; ')})`);
  if (status.pending.length > 0) problems.push(pendingMigrationsText(status.pending.map((m) => m.name)));
  const missing = await missingSearchObjects(em);
  if (missing.length > 0) problems.push(await searchIndexText(missing));
  if (halfVideos) problems.push(`${halfVideos} media rows of type video have no video row`);
  if (missing.length === 0 && videoRows !== null && searchRows !== null && videoRows !== searchRows) {
    problems.push(`the search index has ${searchRows} rows for ${videoRows} videos`);
  }
  const unkeyed = missing.length === 0 ? await videosWithoutSearchKey(em) : 0;
  if (unkeyed) problems.push(await searchIndexText([`the keys of ${unkeyed} videos in video_fts_key`]));
  if (sqlite && journalMode !== 'wal') problems.push(`journal mode is ${journalMode ?? 'unknown'}, not wal`);
  return { report, problems };
}

/** Connects and reports on the database; exits 1 naming what is wrong. */
export async function doctor(ctx: CommandContext, options: { format: ReportFormat }): Promise<void> {
  const { report, problems } = await ctx.withOrm((orm) => diagnose(orm, ctx), { migrations: true });
  if (options.format === 'json') await ctx.out.write(`${JSON.stringify({ ...report, problems }, null, 2)}\n`);
  else {
    const writer = createRecordWriter('text', ctx.out, Object.keys(report), { color: ctx.color });
    await writer.write(Object.fromEntries(Object.entries(report).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') || null : value])));
  }
  if (problems.length > 0) throw new AanaStoreError(problems.join('; '));
  await ctx.info(ctx.color.green('ok'));
}
