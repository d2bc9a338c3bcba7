import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { registerPending } from './lazy-groups.js';
import { unknownCommandMessage } from './suggest.js';

const commandNames = (command: Command) => command.commands.flatMap((sub) => [sub.name(), ...sub.aliases()]);

/** The command `path` names below `from`: `['video', 'list']` is `video list`. */
function findCommand(from: Command, path: string[]): Command {
  let command = from;
  for (const name of path) {
    const next = command.commands.find((sub) => sub.name() === name || sub.aliases().includes(name));
    if (!next || next.name() === 'help') throw new UsageError(unknownCommandMessage(name, commandNames(command)));
    command = next;
  }
  return command;
}

/**
 * Gives every command that has subcommands a `help [command...]` that follows the whole path:
 * commander's own help command looks at one name only (`help video list` showed `video`'s help).
 */
export function addHelpCommands(command: Command): void {
  if (command.commands.length === 0) return;
  for (const sub of command.commands) addHelpCommands(sub);
  command
    .command('help')
    .description('show help for a command')
    .argument('[command...]', 'the command, with its subcommands')
    .action((path: string[]) => {
      registerPending(command);
      findCommand(command, path).outputHelp();
    });
}
