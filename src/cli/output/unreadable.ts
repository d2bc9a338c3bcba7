import { AanaStoreError, type UnreadableValueError } from '../../errors.js';
import type { CommandContext } from '../context.js';

/**
 * For readers of many rows (list, export): a row that cannot be converted is reported on stderr in
 * one line naming it, the others are still printed, and the command fails (exit 1) at the end.
 */
export function unreadableRows(ctx: CommandContext) {
  let count = 0;
  return {
    report: (error: UnreadableValueError): void => {
      count++;
      ctx.io.stderr.write(`${ctx.errColor.red('error:')} ${error.message}\n`);
    },
    /** Throws when any row was skipped. */
    check: (): void => {
      if (count > 0) throw new AanaStoreError(`${count} unreadable ${count === 1 ? 'row was' : 'rows were'} skipped`);
    },
  };
}
