// The library's example, extracted from docs/library.md and run as a script: it must work and exit.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** Generous for a slow machine; the example itself takes well under a second. */
const HANG_MS = 60_000;

/** The first ```ts block of docs/library.md. */
function libraryExample(): string {
  const block = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'docs', 'library.md'), 'utf8'));
  if (!block) throw new Error('docs/library.md has no ```ts block');
  return block[1];
}

describe("docs/library.md's example", () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('runs against a temporary database, prints what it says, and exits by itself', async () => {
    // A project that installed aana-store (the package as built: its "exports").
    mkdirSync(join(dir.path, 'node_modules'));
    symlinkSync(ROOT, join(dir.path, 'node_modules', 'aana-store'), 'dir');
    const script = join(dir.path, 'example.mjs');
    writeFileSync(script, libraryExample());
    const env = baseEnv({ AANA_STORE_DB: join(dir.path, 'catalog.db') });
    expect((await runCli(['init'], { env })).code).toBe(0);
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string; hung: boolean }>((done) => {
      const child = spawn(process.execPath, [script], { env, cwd: dir.path, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let hung = false;
      const timer = setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, HANG_MS);
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.on('close', (code) => {
        clearTimeout(timer);
        done({ code, stdout, stderr, hung });
      });
    });
    expect(result.hung, 'the example did not exit by itself').toBe(false);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [metadata, ...ids] = result.stdout.trimEnd().split('\n');
    expect(metadata).toBe("{ title: 'Talk', description: null }");
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
  }, HANG_MS * 2);
});
