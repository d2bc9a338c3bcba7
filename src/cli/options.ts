import { type Command, InvalidArgumentError, Option } from 'commander';
import { ValidationError } from '../errors.js';
import { CONFLICT_ALIASES, CONFLICT_MODES } from '../storage/conflict.js';
import { parseGlob } from '../storage/repositories/glob.js';
import { EXTENDED_VIDEO_FIELDS, type ExtendedVideoField, FILTERABLE_FIELDS, SORT_FIELDS, VIDEO_STATUSES } from '../storage/entities/video.fields.js';
import { parseInstant, parseSort, rangeFilterKeys, type VideoFilter, type VideoSort } from '../storage/repositories/video-query.js';
import { parseDuration } from '../storage/validation.js';
import { completesTo } from './completion.js';
import { LIST_FORMATS, RECORD_FORMATS } from './output/format-names.js';
import { unknownValue } from './suggest.js';

/** Runs a storage-layer parser as a commander argument parser, so bad values are usage errors (exit 2). */
function parsedBy<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof ValidationError ? error.reason : (error as Error).message);
    }
  };
}

/** A glob option's value, checked now so that a bad glob is a usage error naming the option. */
const globOf = (field: string) => (value: string) => {
  parseGlob(value, field);
  return value;
};

/** The filter options as commander hands them over: the same keys as the storage filter. */
export type VideoFilterOptions = VideoFilter;

/** `--<key> <value>` of an extended video's field: a status from its list, seconds parsed and checked now (exit 2 naming the option). */
function extendedOption(field: ExtendedVideoField, flag: string, help: string): Option {
  const option = new Option(`--${flag} <${field.cli.value}>`, help);
  return field.kind === 'status' ? option.choices(VIDEO_STATUSES) : option.argParser(parsedBy((v) => parseDuration(v, `--${flag}`)));
}

/** The extended video's fields as options of `video add` or `video update`. */
export function addExtendedFieldOptions(command: Command, use: 'add' | 'update'): Command {
  for (const field of EXTENDED_VIDEO_FIELDS) command.addOption(extendedOption(field, field.key, field.cli[use]));
  return command;
}

/** The filters `video list` and `video count` share. */
export function addVideoFilterOptions(command: Command): Command {
  for (const { key, kind, cli } of FILTERABLE_FIELDS) {
    if (kind === 'text') command.option(`--${key} <text>`, cli.filter);
    else command.option(`--${key} <glob>`, cli.filter, parsedBy(globOf(key)));
  }
  for (const field of EXTENDED_VIDEO_FIELDS) {
    if (field.kind === 'status') command.addOption(extendedOption(field, field.key, field.cli.filter));
    else for (const bound of ['min', 'max']) command.addOption(extendedOption(field, `${bound}-${field.key}`, `${field.cli.filter} at ${bound === 'min' ? 'least' : 'most'} (inclusive; only extended videos)`));
  }
  return command
    .option('--since <when>', 'created at or after: 2026-01-31, 2026-01-31T12:00:00Z, or a span ago: 30m, 12h, 7d, 2w', parsedBy((v) => parseInstant(v, 'since')))
    .option('--until <when>', 'created before (same forms as --since)', parsedBy((v) => parseInstant(v, 'until')));
}

export function videoFilterOf(options: VideoFilterOptions): VideoFilter {
  const { since, until } = options;
  const extended = EXTENDED_VIDEO_FIELDS.flatMap((field) => (field.kind === 'status' ? [field.key] : Object.values(rangeFilterKeys(field.key))));
  return { ...Object.fromEntries([...FILTERABLE_FIELDS.map(({ key }) => key), ...extended].map((key) => [key, options[key as keyof VideoFilter]])), since, until };
}

/** `field[:asc|desc]`; a field off the list gets the nearest one suggested. */
function sortSpec(value: string): VideoSort {
  const field = value.split(':')[0];
  if (!(SORT_FIELDS as readonly string[]).includes(field)) throw unknownValue('--sort', 'field', field, SORT_FIELDS);
  return parsedBy((v) => parseSort(v))(value);
}

export const sortOption = () =>
  completesTo(new Option('--sort <field[:dir]>', `order by ${SORT_FIELDS.join(', ')}; asc (default) or desc`).argParser(sortSpec), SORT_FIELDS);
export type { VideoSort };

/** `--csv-safe`: exact cells are the default; this is for files a spreadsheet will open. */
export const csvSafeOption = () => new Option('--csv-safe', "with csv or tsv, prefix ' to cells starting with = + - @ tab or CR so that a spreadsheet does not run them as formulas");

/** `--fields`: which of the record's `keys` to print, and in what order. */
const fieldsOption = (keys: readonly string[]) =>
  completesTo(new Option('--fields <list>', `print only these comma-separated fields, in this order (of ${keys.join(', ')})`), keys, { list: true });

/** `--format`, `-0`, `--fields` and `--csv-safe` for commands that print a list of records with these `keys`. */
export function addListOutputOptions(command: Command, keys: readonly string[]): Command {
  return command
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, ndjson otherwise)').choices([...LIST_FORMATS]))
    .option('-0, --null', 'with --format ids, end each id with NUL instead of a newline')
    .addOption(fieldsOption(keys))
    .addOption(csvSafeOption());
}

/** `--format`, `--fields` and `--csv-safe` for commands that print one record with these `keys`. */
export function addRecordOutputOptions(command: Command, keys: readonly string[]): Command {
  return command
    .addOption(new Option('--format <format>', 'output format').choices([...RECORD_FORMATS]).default('text'))
    .addOption(fieldsOption(keys))
    .addOption(csvSafeOption());
}
export type { ListOutputOptions, RecordOutputOptions } from './output/records.js';

/** A repeatable option whose values come from a fixed list (checked as every `.choices()` is, see choices.ts). */
export function repeatableChoice(flags: string, description: string, choices: readonly string[]): Option {
  return new Option(flags, description).choices(choices).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

/**
 * `--on-conflict`, the same words for every command that writes (videos, transcripts): the canonical
 * words in help, aliases accepted. `when` and `stored` say what the conflict is and what is kept.
 */
export function conflictOption(when = 'when the id is already stored', stored = 'the stored video', update = 'changes it'): Option {
  const aliases = (mode: string) => Object.keys(CONFLICT_ALIASES).filter((alias) => CONFLICT_ALIASES[alias] === mode);
  return new Option('--on-conflict <mode>', `${when}: error fails (exit 4), skip keeps ${stored} (alias: ${aliases('skip').join(', ')}), update ${update}`)
    .choices([...CONFLICT_MODES])
    .default('error');
}
