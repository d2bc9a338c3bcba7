/** The file formats `video import` reads and `video export` writes, each back to the other. */
export const BULK_FORMATS = ['ndjson', 'csv', 'json'] as const;
export type BulkFormat = (typeof BULK_FORMATS)[number];
