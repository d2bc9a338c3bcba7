import type { Command } from 'commander';
import { completionScript, type Shell } from '../completion.js';
import type { CommandContext } from '../context.js';

/** Prints the completion script for a shell, built from the registered commands. */
export async function completion(ctx: CommandContext, program: Command, shell: Shell): Promise<void> {
  await ctx.out.write(completionScript(program, shell));
}
