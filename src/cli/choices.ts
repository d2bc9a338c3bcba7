import type { Argument, Command, Option } from 'commander';
import { CONFLICT_ALIASES } from '../storage/conflict.js';
import { unknownValue } from './suggest.js';

/** Other names a value goes by: `.jsonl` files are NDJSON, so `--format jsonl` is too; `--on-conflict ignore` is `skip`. */
const ALIASES: Record<string, string> = { jsonl: 'ndjson', ...CONFLICT_ALIASES };

/** The choice `value` names, in any case or by an alias; otherwise a usage error that suggests the nearest. */
export function resolveChoice(value: string, choices: readonly string[], field: string, noun: string): string {
  const word = value.toLowerCase();
  const name = ALIASES[word] !== undefined && choices.includes(ALIASES[word]) ? ALIASES[word] : word;
  const match = choices.find((choice) => choice.toLowerCase() === name);
  if (match === undefined) throw unknownValue(field, noun, value, choices);
  return match;
}

type Parser = (value: string, previous: unknown) => unknown;

/** Puts `resolveChoice` in front of the parser of an option or argument that has `.choices()`. */
function fold(target: Option | Argument, field: string, noun: string): void {
  const choices = target.argChoices;
  if (!choices) return;
  const inner = target.parseArg as Parser | undefined;
  const parse: Parser = (value, previous) => {
    const choice = resolveChoice(value, choices, field, noun);
    return inner ? inner(choice, previous) : choice;
  };
  target.parseArg = parse as Option['parseArg'];
}

/**
 * Every option and argument of the tree with a fixed list of values (commander's `.choices()`) takes
 * them in any case and by alias, and names the nearest one when given a wrong value.
 */
export function foldChoices(command: Command): void {
  for (const option of command.options) fold(option, option.long ?? option.name(), /<(\w+)/.exec(option.flags)?.[1] ?? 'value');
  for (const argument of command.registeredArguments) fold(argument, argument.name(), argument.name());
  for (const sub of command.commands) foldChoices(sub);
}
