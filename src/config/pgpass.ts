import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface PgpassLookup {
  password?: string;
  /** The file the password came from. */
  file?: string;
  /** Why the file was not used, as libpq warns. */
  warning?: string;
}

function fields(line: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\' && i + 1 < line.length) current += line[++i];
    else if (line[i] === ':') {
      out.push(current);
      current = '';
    } else current += line[i];
  }
  out.push(current);
  return out;
}

/**
 * The password libpq would take from `PGPASSFILE` or `~/.pgpass` for this connection: the first line
 * `host:port:database:user:password` that matches (`*` matches anything; a socket connection matches
 * `localhost`). A file with group or world access is skipped with a warning, as libpq does.
 */
export function pgpassPassword(target: { host: string; port: number; database: string; user: string }, env: NodeJS.ProcessEnv): PgpassLookup {
  const file = env.PGPASSFILE || join(env.HOME || homedir(), '.pgpass');
  let mode: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { warning: `password file "${file}" is not a plain file` };
    mode = stat.mode;
  } catch {
    return {};
  }
  if (mode & 0o077) return { warning: `password file "${file}" has group or world access; permissions should be u=rw (0600) or less: ignored` };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { warning: `password file "${file}" cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
  const host = target.host.startsWith('/') ? 'localhost' : target.host;
  const wanted = [host, String(target.port), target.database, target.user];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const parts = fields(line);
    if (parts.length < 5) continue;
    if (wanted.every((value, i) => parts[i] === '*' || parts[i] === value)) return { password: parts.slice(4).join(':'), file };
  }
  return {};
}
