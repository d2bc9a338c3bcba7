import { packageVersion } from '../cli/version.js';
import { SettingsError } from '../errors.js';
import { checkPgParams, type PgParam, type PgParams, type SslMode } from './pg-params.js';
import { pgpassPassword } from './pgpass.js';
import { checkRanges, type CommonDbSettings, type PostgresSettings } from './settings.js';

/** The libpq environment variable of each parameter. */
const PG_ENV: Record<PgParam, string> = {
  host: 'PGHOST',
  port: 'PGPORT',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  dbname: 'PGDATABASE',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  application_name: 'PGAPPNAME',
  connect_timeout: 'PGCONNECT_TIMEOUT',
};

let version: string | undefined;

export interface ResolvedPostgres {
  settings: PostgresSettings;
  /** Where each parameter came from (the source's name, `env PGHOST`, a pgpass file); absent means default. */
  origins: Record<string, string>;
  warnings: string[];
}

/**
 * Completes the parameters a source gave as libpq does: the `PG*` environment fills what the source
 * leaves out, then the password file, then the defaults (host localhost, port 5432, user postgres,
 * database = user, sslmode prefer).
 */
export function completePostgres(given: PgParams, source: string, common: CommonDbSettings, env: NodeJS.ProcessEnv): ResolvedPostgres {
  const params: PgParams = {};
  const origins: ResolvedPostgres['origins'] = {};
  for (const [name, variable] of Object.entries(PG_ENV) as Array<[PgParam, string]>) {
    if (given[name] !== undefined) {
      params[name] = given[name];
      origins[name] = source;
    } else if (env[variable]) {
      params[name] = env[variable];
      origins[name] = `env ${variable}`;
    }
  }
  for (const [name, origin] of Object.entries(origins)) checkPgParams({ [name]: params[name as PgParam] }, origin);
  const host = params.host ?? 'localhost';
  const port = Number(params.port ?? 5432);
  const user = params.user ?? 'postgres';
  const database = params.dbname ?? user;
  const warnings: string[] = [];
  let password = params.password;
  if (password === undefined) {
    const found = pgpassPassword({ host, port, database, user }, env);
    if (found.warning) warnings.push(found.warning);
    if (found.password !== undefined) {
      password = found.password;
      origins.password = `pgpass ${found.file}`;
    }
  }
  let { connectionTimeout } = common;
  if (params.connect_timeout !== undefined) {
    connectionTimeout = Number(params.connect_timeout);
    origins.connection_timeout = origins.connect_timeout;
  }
  const settings: PostgresSettings = {
    type: 'postgresql',
    host,
    port,
    user,
    password: password || undefined,
    database,
    sslmode: (params.sslmode ?? 'prefer') as SslMode,
    ...(params.sslrootcert ? { sslrootcert: params.sslrootcert } : {}),
    ...(params.sslcert ? { sslcert: params.sslcert } : {}),
    ...(params.sslkey ? { sslkey: params.sslkey } : {}),
    applicationName: params.application_name ?? `aana-store/${(version ??= packageVersion())}`,
    ...common,
    connectionTimeout,
  };
  if ((settings.sslcert === undefined) !== (settings.sslkey === undefined)) throw new SettingsError(`${source}: sslcert and sslkey: give both or neither`);
  checkRanges(settings, origins.connection_timeout ?? source);
  return { settings, origins, warnings };
}
