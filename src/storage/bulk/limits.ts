/**
 * The most characters one input record may have (an NDJSON line, a CSV record, a JSON array
 * element), 4 MiB: a record is held whole in memory, so a file without line breaks (or `/dev/zero`)
 * must stop early instead of growing until the process runs out of memory. In a module of its own
 * so that the help text can show it without loading the importer.
 */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;
