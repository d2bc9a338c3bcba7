import { captionPages } from '../../storage/transcripts-bulk/export-pages.js';
import { importCaptions } from '../../storage/transcripts-bulk/caption-import.js';
import type { CaptionListRecord } from '../../storage/transcripts-bulk/keys.js';
import type { CommandContext } from '../context.js';
import { exportNdjsonCommand, importSetsCommand, type SetImportCliOptions } from './set-bulk.js';

/** `caption export`: every video caption as NDJSON, in the order they were written (row ids stay behind). */
export function captionExport(ctx: CommandContext, file: string | undefined): Promise<void> {
  return exportNdjsonCommand(ctx, file, 'captions', (em) => captionPages(em), ({ id: _id, ...record }: CaptionListRecord) => record);
}

/** `caption import`: captions as `caption export` writes them, in one transaction. */
export function captionImport(ctx: CommandContext, file: string | undefined, options: SetImportCliOptions): Promise<void> {
  return importSetsCommand(ctx, file, options, importCaptions);
}
