import type { Command } from 'commander';

// A command runs in one group (video, transcript, caption, media, migrate), yet building every
// group's subcommands, with their options and help texts, was a part of every start. run() builds
// them on first need: when commander dispatches into the group, or when help or completion walks
// the whole tree. buildProgram() without `lazy` builds them at once, as docs and tests read them.

/** Registers a group's subcommands, by group, until they are needed. */
const pending = new WeakMap<Command, () => void>();

/** How a registration hands over a group's subcommands (buildProgram's `subcommands`). */
export type Subcommands = (group: Command, register: () => void) => void;

/** Registers `group`'s subcommands with `register`: now, or (`lazy`) when registerPending reaches it. */
export function registerSubcommands(group: Command, register: () => void, lazy: boolean): void {
  if (lazy) pending.set(group, register);
  else register();
}

/** Registers the subcommands still pending in `command` and below it. */
export function registerPending(command: Command): void {
  const register = pending.get(command);
  if (register) {
    pending.delete(command);
    register();
  }
  for (const sub of command.commands) registerPending(sub);
}
