// The formats' names, apart from their writers, so that commands register their options without
// loading a writer. One list per kind of output; a command's `--format` offers one of them.

/** Formats for a list of records. */
export const LIST_FORMATS = ['table', 'json', 'ndjson', 'csv', 'tsv', 'ids'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** Formats for one record: `text` (`key: value` lines), `json` as one object, or any list format. */
export const RECORD_FORMATS = ['text', ...LIST_FORMATS] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

/** Formats for a report (`migrate status`, `config`, `doctor`): `text` for people, `json` for programs. */
export const REPORT_FORMATS = ['text', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a command that writes a video prints: its id alone, or the whole record as JSON. */
export const WRITE_FORMATS = ['id', 'json'] as const;
export type WriteFormat = (typeof WRITE_FORMATS)[number];
