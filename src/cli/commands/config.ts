import type { LoadedSettings } from '../../config/resolve.js';
import { redactedUrl } from '../../config/settings.js';
import type { CommandContext } from '../context.js';
import type { ReportFormat } from '../output/format-names.js';
import { createRecordWriter } from '../output/formats.js';

export interface SettingRow {
  setting: string;
  value: string | number | null;
  origin: string;
}

/**
 * Every setting with where it came from: the source that names the database (flag, env, DB_CONFIG,
 * file), a `PG*` variable or the password file for what it leaves out, else `default`. The password is `***`.
 */
export function settingRows({ settings, origins }: LoadedSettings): SettingRow[] {
  const row = (setting: string, value: string | number | null | undefined, key = setting): SettingRow => ({ setting, value: value ?? null, origin: origins[key] ?? 'default' });
  const rows: SettingRow[] = [row('database', redactedUrl(settings)), row('type', settings.type)];
  if (settings.type === 'sqlite') rows.push(row('path', settings.path));
  else {
    rows.push(
      row('host', settings.host),
      row('port', settings.port),
      row('user', settings.user),
      row('password', settings.password ? '***' : null),
      row('database_name', settings.database, 'dbname'),
      row('sslmode', settings.sslmode ?? 'prefer'),
      row('sslrootcert', settings.sslrootcert),
      row('sslcert', settings.sslcert),
      row('sslkey', settings.sslkey),
      row('application_name', settings.applicationName),
      row('replicas', settings.replicas?.map(redactedUrl).join(' ') || null),
    );
  }
  rows.push(row('pool_size', settings.poolSize), row('query_timeout', settings.queryTimeout), row('connection_timeout', settings.connectionTimeout));
  return rows;
}

/** Prints the resolved settings and the origin of each; the password is `***`. */
export async function configCommand(ctx: CommandContext, options: { format: ReportFormat }): Promise<void> {
  const rows = settingRows(ctx.loadedSettings);
  if (options.format === 'json') {
    const object = Object.fromEntries(rows.map((r) => [r.setting, { value: r.value, origin: r.origin }]));
    await ctx.out.write(`${JSON.stringify(object, null, 2)}\n`);
    return;
  }
  const writer = createRecordWriter('table', ctx.out, ['setting', 'value', 'origin'], ctx.writerOptions);
  for (const r of rows) await writer.write({ ...r });
  await writer.end();
}
