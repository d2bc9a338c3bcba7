// Writes docs/commands.md: every command's --help, in command-tree order, from the built program
// (dist/src/cli/program.js), so the reference cannot drift from what the CLI says. A test compares
// the committed file with a fresh rendering. Usage: npm run build && node scripts/commands-doc.js
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';

/** The help text of `command` exactly as `aana-store … --help` prints it off a terminal. */
function helpOf(command) {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk), getOutHelpWidth: () => 100, getOutHasColors: () => false });
  command.outputHelp();
  return text;
}

function* walk(command, names = []) {
  for (const sub of command.commands) {
    if (sub.name() === 'help') continue;
    const path = [...names, sub.name()];
    yield [path, sub];
    yield* walk(sub, path);
  }
}

/** The whole reference as Markdown, from `buildProgram` (src/cli/program.ts, built or not). */
export function renderCommandReference(buildProgram) {
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: '/' };
  const program = buildProgram(io);
  const sections = [['aana-store', program], ...[...walk(program)].map(([path, command]) => [`aana-store ${path.join(' ')}`, command])];
  const parts = [
    '# Command reference',
    '',
    'Generated from the command tree by `node scripts/commands-doc.js` (after `npm run build`); a test fails when this file and the CLI disagree.',
    '',
  ];
  for (const [title, command] of sections) parts.push(`## ${title}`, '', '```text', helpOf(command).trimEnd(), '```', '');
  return parts.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { buildProgram } = await import('../dist/src/cli/program.js');
  writeFileSync(new URL('../docs/commands.md', import.meta.url), renderCommandReference(buildProgram));
}
