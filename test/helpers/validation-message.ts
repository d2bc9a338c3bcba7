import { expect } from 'vitest';
import { ValidationError } from '../../src/errors.js';

/** The message of the ValidationError `run` throws; fails the test if it throws anything else or nothing. */
export function validationMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
