// The prose documentation against the code: the exit codes, every command line in a shell example,
// the commands docs/cli.md describes, and every relative link. docs/commands.md has its own test.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { ExitCode } from '../../src/errors.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = [
  'README.md',
  'BENCHMARKS.md',
  'examples/extended-catalog/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md') && name !== 'commands.md')
    .map((name) => `docs/${name}`),
];
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const program = buildProgram({ stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: ROOT });

/** Words of a shell line, quotes removed; `$(`, `|`, `&&`, `;` and `#` stand alone. */
function words(line: string): string[] {
  return [...line.matchAll(/"(?:[^"\\]|\\.)*"|'[^']*'|\$\(|\|\||&&|[|;#()]|[^\s|;#()"']+/g)].map((m) => m[0].replace(/^(["'])([\s\S]*)\1$/, '$2'));
}

/** What is wrong with `aana-store <args>`: an unknown command or option, or nothing. */
function problems(args: string[]): string[] {
  let command: Command = program;
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('-') && arg !== '-' && arg !== '--') {
      const flag = arg.split('=')[0];
      const option = [...command.options, ...program.options].find((o) => o.short === flag || o.long === flag || o.long === flag.replace(/^--no-/, '--'));
      if (!option) found.push(`${[command.name(), flag].join(' ')}: no such option`);
      else if ((option.required || option.optional) && !arg.includes('=')) i++;
      continue;
    }
    const sub = command.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (sub) command = sub;
    else if (command.commands.length > 0 && command.registeredArguments.length === 0) found.push(`${command.name()} ${arg}: no such command`);
  }
  return found;
}

/** The anchors GitHub gives a Markdown file's headings. */
function headingSlugs(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
}

/** Every `aana-store …` invocation in the sh code blocks of `text`, up to the end of its pipeline stage. */
function invocations(text: string): string[][] {
  const lines = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) => block[1].split('\n'));
  const calls: string[][] = [];
  for (const line of lines) {
    const all = words(line);
    const tokens = all.includes('#') ? all.slice(0, all.indexOf('#')) : all;
    tokens.forEach((token, at) => {
      if (!/^(aana-store|\.\/bin\/aana-store\.js)$/.test(token) || tokens[at - 1] === 'npm') return;
      const end = tokens.findIndex((t, i) => i > at && ['|', '||', '&&', ';', ')'].includes(t));
      calls.push(tokens.slice(at + 1, end < 0 ? undefined : end));
    });
  }
  return calls;
}

describe('the documentation', () => {
  it("README's exit codes are those of src/errors.ts", () => {
    const section = read('README.md').split('\n## Exit codes\n')[1]?.split('\n## ')[0] ?? '';
    const documented = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(documented).toEqual(Object.values(ExitCode));
  });

  it('begins the README with the set-up commands, the second being the test command CI runs', () => {
    const [setup, test] = /^# aana-store\n\n```sh\n(.*)\n(.*)\n```/.exec(read('README.md'))!.slice(1);
    expect(setup).toMatch(/^npm ci && npm run build && \.\/bin\/aana-store\.js init && /);
    const calls = invocations(`\`\`\`sh\n${setup}\n\`\`\``);
    expect(calls.map((args) => args.slice(0, 2).join(' '))).toEqual(['init', 'video add', 'video list']);
    expect(calls.flatMap(problems)).toEqual([]);
    expect(invocations(read('README.md')).length).toBeGreaterThan(calls.length + 5);
    expect(test).toBe('npm test');
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.test).toBeDefined();
  });

  it.each(DOCS)('%s: every aana-store command line names real commands and options', (file) => {
    const calls = invocations(read(file));
    expect(calls.flatMap((args) => problems(args).map((problem) => `${args.join(' ')}: ${problem}`))).toEqual([]);
  });

  it('docs/cli.md describes real commands', () => {
    const headings = [...read('docs/cli.md').matchAll(/^## `(.+)`$/gm)].flatMap((m) => m[1].split('`, `'));
    expect(headings.length).toBeGreaterThan(15);
    expect(headings.flatMap((heading) => problems(heading.split(' ')))).toEqual([]);
  });

  it.each(DOCS)('%s: every relative link points at a file of the repository, and a #fragment at one of its headings', (file) => {
    const links = [...read(file).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((link) => !/^https?:/.test(link));
    const broken = links.filter((link) => {
      const [path, fragment] = link.split('#');
      const target = path ? resolve(ROOT, dirname(file), path) : join(ROOT, file);
      if (!existsSync(target)) return true;
      if (fragment === undefined || !target.endsWith('.md')) return false;
      return !headingSlugs(readFileSync(target, 'utf8')).includes(fragment);
    });
    expect(broken).toEqual([]);
  });
});
