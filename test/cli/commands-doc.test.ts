import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain JavaScript build script without types
import { renderCommandReference } from '../../scripts/commands-doc.js';
import { buildProgram } from '../../src/cli/program.js';

describe('docs/commands.md', () => {
  it('is the help of every command as the CLI prints it (regenerate: npm run docs)', () => {
    const committed = readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');
    expect(committed).toBe((renderCommandReference as (build: typeof buildProgram) => string)(buildProgram));
  });
});
