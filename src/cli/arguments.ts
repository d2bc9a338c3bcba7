import { InvalidArgumentError } from 'commander';
import { validateMediaId } from '../storage/validation.js';

// Parsers of argument values and the help's examples, shared by the command registrations.

export function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('must be a positive integer');
  }
  return Number(value);
}

// A bad id is reported by validateMediaId itself: commander would echo the value whole, however long.
export const mediaId = (value: string) => validateMediaId(value);
/** A model name (`--model`): any text but the empty one. */
export function modelName(value: string): string {
  if (value === '') throw new InvalidArgumentError('must not be empty');
  return value;
}

export const afterId = (value: string) => validateMediaId(value, '--after');

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

