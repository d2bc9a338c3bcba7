// run() registers a group's subcommands only when needed (src/cli/lazy-groups.ts): the tree it ends up
// with, and what a command prints, must be the tree buildProgram builds at once.
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerPending } from '../../src/cli/lazy-groups.js';
import { buildProgram } from '../../src/cli/program.js';
import { runInProcess } from '../helpers/run.js';

const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: process.cwd() });

/** Every command of the tree, by path, with its help text and what its options and arguments parse. */
function describeTree(command: Command, path = command.name()): Array<[string, string]> {
  const parsers = [...command.options, ...command.registeredArguments].map((o) => `${'flags' in o ? o.flags : o.name()} ${o.argChoices?.join('|') ?? ''} ${o.parseArg ? 'parsed' : ''}`);
  return [[path, `${command.helpInformation()}\n${parsers.join('\n')}`], ...command.commands.flatMap((sub) => describeTree(sub, `${path} ${sub.name()}`))];
}

describe('subcommands registered on first need', () => {
  it('a lazy program has the groups without their subcommands, and once registered, the same tree as an eager one', () => {
    const lazy = buildProgram(io(), undefined, { lazy: true });
    const video = lazy.commands.find((sub) => sub.name() === 'video');
    expect(video?.commands).toEqual([]);
    registerPending(lazy);
    expect(describeTree(lazy)).toEqual(describeTree(buildProgram(io())));
  });

  it('a choice is folded once (any case, by alias) in a group registered on dispatch', async () => {
    const result = await runInProcess(['migrate', 'status', '--format', 'JSON', '--help']);
    expect(result.code).toBe(0);
    const bad = await runInProcess(['video', 'list', '--format', 'xml']);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/^error: .*--format/);
  });

  it('help follows a path into a group that was not dispatched into, and suggests within it', async () => {
    const help = await runInProcess(['help', 'video', 'list']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: aana-store video list [options]');
    const unknown = await runInProcess(['help', 'transcript', 'serch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('search');
    const inGroup = await runInProcess(['video', 'lst']);
    expect(inGroup.code).toBe(2);
    expect(inGroup.stderr).toContain('list');
  });
});
