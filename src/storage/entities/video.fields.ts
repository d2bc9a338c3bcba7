import { UnreadableValueError } from '../../errors.js';

/**
 * The video's own fields, one entry each: the one description the rest is derived from (the
 * entity's columns, record keys, validation, the bulk writers' columns, sort and filter, the CLI's
 * options, `--fields` and completion words, the adoption check). Every field is nullable text. The
 * extended video's fields (duration, status) follow in EXTENDED_VIDEO_FIELDS.
 * Adding one: docs/fields.md. Imports nothing, so start-up code may read it.
 */
export interface VideoField {
  /** Record key, entity property and column name. */
  readonly key: string;
  /** The column's comment (PostgreSQL keeps it). */
  readonly comment: string;
  /**
   * `locator`: where the video is (a video needs one; not empty; `--key <glob>` filters it);
   * `text`: words about it (may be empty; `--key <text>` filters on a substring, ignoring case).
   */
  readonly kind: 'locator' | 'text';
  /** A check beyond text (validation.ts): `url` must be an absolute URL. */
  readonly check?: 'url';
  /** Longest value in characters (default MAX_TEXT_LENGTH). */
  readonly maxLength?: number;
  /** `video list --sort` accepts it. */
  readonly sortable: boolean;
  /** `video list` and `video count` take `--key` to filter on it. */
  readonly filterable: boolean;
  /** `video update --key` and `--unset key` change it. */
  readonly updatable: boolean;
  /** The CLI: the option's value name, and its help in `video add`, `video update` and the filters. */
  readonly cli: { readonly value: string; readonly add: string; readonly update: string; readonly filter: string };
}

/** In record (and `video add` option) order. */
export const VIDEO_FIELDS = [
  {
    key: 'url',
    comment: 'URL',
    kind: 'locator',
    check: 'url',
    sortable: true,
    filterable: true,
    updatable: true,
    cli: {
      value: 'url',
      add: 'where the video can be fetched',
      update: 'new url',
      filter: 'url matches the glob: * any text, ? one character, [abc] one of, [a-z] a range, [!a] none of (case-sensitive)',
    },
  },
  { key: 'path', comment: 'Path', kind: 'locator', sortable: true, filterable: true, updatable: true, cli: { value: 'path', add: 'where the video file is', update: 'new path', filter: 'path matches the glob' } },
  { key: 'title', comment: 'Title', kind: 'text', sortable: true, filterable: true, updatable: true, cli: { value: 'text', add: 'title', update: 'new title', filter: 'title contains text (ignoring case)' } },
  {
    key: 'description',
    comment: 'Description',
    kind: 'text',
    sortable: true,
    filterable: true,
    updatable: true,
    cli: { value: 'text', add: 'description', update: 'new description', filter: 'description contains text (ignoring case)' },
  },
] as const satisfies readonly VideoField[];

export type VideoFieldKey = (typeof VIDEO_FIELDS)[number]['key'];
/** The video's own fields as stored: null when not set. */
export type VideoFieldValues = { [K in VideoFieldKey]: string | null };

type KeyOf<F> = F extends { key: infer K } ? K : never;
type SortableField = Extract<(typeof VIDEO_FIELDS)[number], { sortable: true }>;
type FilterableField = Extract<(typeof VIDEO_FIELDS)[number], { filterable: true }>;
type UpdatableField = Extract<(typeof VIDEO_FIELDS)[number], { updatable: true }>;
export type UpdatableKey = KeyOf<UpdatableField>;
export type FilterableKey = KeyOf<FilterableField>;

export const VIDEO_FIELD_KEYS: readonly VideoFieldKey[] = VIDEO_FIELDS.map((field) => field.key);

/** Aana's VideoProcessingStatus values, as the library and the CLI show and take them (stored as the upper-case member names). */
export const VIDEO_STATUSES = ['created', 'running', 'completed', 'failed'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

/** A stored status (a member name, `RUNNING`) as shown (`running`); anything else is UnreadableValueError. */
export function statusFromColumn(value: string, column = 'status'): VideoStatus {
  const status = value.toLowerCase() as VideoStatus;
  // Only the member names: a lower-case value is not what SQLAlchemy wrote, and would not be read by Aana.
  if (value !== status.toUpperCase() || !VIDEO_STATUSES.includes(status)) throw new UnreadableValueError(column, `not a video status: ${JSON.stringify(value)}`);
  return status;
}

/**
 * An extended video's own fields (Aana's `extended_video` table, keyed to `video`): in every video
 * record after the video's fields, null for a plain video. Giving a duration makes a video an
 * extended one; its status then defaults to `created`. `seconds`: a finite number ≥ 0, filtered by
 * `--min-<key>`/`--max-<key>`; `status`: one of VIDEO_STATUSES, filtered by `--<key>`.
 */
export interface ExtendedVideoField {
  readonly key: string;
  readonly comment: string;
  readonly kind: 'seconds' | 'status';
  /** `video list --sort` accepts it (the status is not: PostgreSQL sorts its enum by declaration, SQLite by name). */
  readonly sortable: boolean;
  readonly cli: { readonly value: string; readonly add: string; readonly update: string; readonly filter: string };
}

export const EXTENDED_VIDEO_FIELDS = [
  {
    key: 'duration',
    comment: 'Video duration in seconds',
    kind: 'seconds',
    sortable: true,
    cli: { value: 'seconds', add: 'duration in seconds (a number ≥ 0): makes it an extended video, with a processing status', update: 'new duration in seconds; a plain video becomes an extended video (status created)', filter: 'duration in seconds' },
  },
  {
    key: 'status',
    comment: 'Processing status',
    kind: 'status',
    sortable: false,
    cli: { value: 'status', add: `processing status (${VIDEO_STATUSES.join(', ')}; default created; needs --duration)`, update: 'new processing status (an extended video)', filter: 'processing status is' },
  },
] as const satisfies readonly ExtendedVideoField[];

export type ExtendedVideoFieldKey = (typeof EXTENDED_VIDEO_FIELDS)[number]['key'];
/** The extended video's fields in a record: null for a plain video. */
export interface ExtendedVideoFieldValues {
  duration: number | null;
  status: VideoStatus | null;
}
export const EXTENDED_VIDEO_FIELD_KEYS: readonly ExtendedVideoFieldKey[] = EXTENDED_VIDEO_FIELDS.map((field) => field.key);

/** A record's keys: the media id, the video's fields, the extended video's, the media row's timestamps. */
export const VIDEO_RECORD_KEYS = ['id', ...VIDEO_FIELD_KEYS, ...EXTENDED_VIDEO_FIELD_KEYS, 'created_at', 'updated_at'] as const;

/** The order the CLI offers fields in (sort, filters, update): words about a video before where it is. */
export const CLI_ORDER: readonly VideoField[] = [...VIDEO_FIELDS.filter((f) => f.kind === 'text'), ...VIDEO_FIELDS.filter((f) => f.kind === 'locator')];

/** Fields `video update` changes and `--unset` clears. */
export const UPDATABLE_FIELDS = CLI_ORDER.filter((f) => f.updatable).map((f) => f.key) as readonly UpdatableKey[];
/** Fields `video list` and `video count` filter on. */
export const FILTERABLE_FIELDS = CLI_ORDER.filter((f) => f.filterable) as ReadonlyArray<VideoField & { key: FilterableKey }>;
type SortableExtendedField = Extract<(typeof EXTENDED_VIDEO_FIELDS)[number], { sortable: true }>;
/** Columns `video list --sort` accepts: the media row's, then the video's and the extended video's sortable fields. */
export const SORT_FIELDS = [
  'created_at',
  'updated_at',
  'id',
  ...CLI_ORDER.filter((f) => f.sortable).map((f) => f.key as KeyOf<SortableField>),
  ...EXTENDED_VIDEO_FIELDS.filter((f) => f.sortable).map((f) => f.key as KeyOf<SortableExtendedField>),
] as const;
export type SortField = 'created_at' | 'updated_at' | 'id' | KeyOf<SortableField> | KeyOf<SortableExtendedField>;
