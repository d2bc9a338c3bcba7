import { readFileSync } from 'node:fs';
import type { ResolvedSettings } from '../../config/resolve.js';
import { redactedUrl } from '../../config/settings.js';
import type { CommandContext } from '../context.js';
import { createRecordWriter } from '../output/formats.js';

export interface SettingRow {
  setting: string;
  value: string | number | null;
  origin: string;
}

/** The keys a DB_CONFIG-shaped JSON source really holds, so that the rest can be told apart as defaults. */
function jsonKeys(text: string | undefined): { top: Set<string>; store: Set<string> } {
  try {
    const raw = JSON.parse(text ?? '{}') as { datastore_config?: object };
    return { top: new Set(Object.keys(raw)), store: new Set(Object.keys(raw.datastore_config ?? {})) };
  } catch {
    return { top: new Set(), store: new Set() };
  }
}

/** The spec's URL parts that were given, for a PostgreSQL spec. */
function specParts(spec: string | undefined): Set<string> {
  try {
    const url = new URL(spec ?? '');
    return new Set(['host', 'database', ...(url.port ? ['port'] : []), ...(url.username ? ['user'] : []), ...(url.password ? ['password'] : [])]);
  } catch {
    return new Set();
  }
}

/**
 * Every setting with where it came from. The source that wins (flag, env, DB_CONFIG, file) names the
 * database; what it leaves out (a port, the pool size, the timeouts) is a default.
 */
export function settingRows(resolved: ResolvedSettings, spec: string | undefined, env: NodeJS.ProcessEnv): SettingRow[] {
  const { settings, origin } = resolved;
  const source = origin === 'config file' ? `config file ${resolved.configFile}` : origin;
  let given: (key: string, store: boolean) => boolean;
  if (origin === 'env DB_CONFIG' || origin === 'config file') {
    const keys = jsonKeys(origin === 'env DB_CONFIG' ? env.DB_CONFIG : readFileSync(resolved.configFile ?? '', 'utf8'));
    given = (key, store) => (store ? keys.store : keys.top).has(key);
  } else if (origin === 'default') given = () => false;
  else {
    // A spec names the database (its kind, and a path or host and name), never the pool or timeouts.
    const parts = specParts(spec);
    given = (key, store) => key === 'datastore_type' || (store && (settings.type === 'sqlite' || parts.has(key)));
  }
  const row = (setting: string, value: string | number | null, key = setting, store = true): SettingRow => ({ setting, value, origin: given(key, store) ? source : 'default' });
  const rows: SettingRow[] = [{ setting: 'database', value: redactedUrl(settings), origin: source }, row('type', settings.type, 'datastore_type', false)];
  if (settings.type === 'sqlite') rows.push(row('path', settings.path));
  else rows.push(row('host', settings.host), row('port', settings.port), row('user', settings.user), row('password', settings.password ? '***' : null), row('database_name', settings.database, 'database'));
  for (const [setting, value] of [
    ['pool_size', settings.poolSize],
    ['query_timeout', settings.queryTimeout],
    ['connection_timeout', settings.connectionTimeout],
  ] as const) rows.push(row(setting, value, setting, false));
  return rows;
}

/** Prints the resolved settings and the origin of each; the password is `***`. */
export async function configCommand(ctx: CommandContext, options: { format: 'text' | 'json' }): Promise<void> {
  const spec = ctx.options.db ?? ctx.io.env.AANA_STORE_DB;
  const rows = settingRows(ctx.resolvedSettings, spec, ctx.io.env);
  if (options.format === 'json') {
    const object = Object.fromEntries(rows.map((r) => [r.setting, { value: r.value, origin: r.origin }]));
    await ctx.out.write(`${JSON.stringify(object, null, 2)}\n`);
    return;
  }
  const writer = createRecordWriter('table', ctx.out, ['setting', 'value', 'origin'], ctx.writerOptions);
  for (const r of rows) await writer.write({ ...r });
  await writer.end();
}
