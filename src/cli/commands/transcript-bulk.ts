import { transcriptPages } from '../../storage/transcripts-bulk/export-pages.js';
import { importTranscripts } from '../../storage/transcripts-bulk/transcript-import.js';
import type { CommandContext } from '../context.js';
import { exportNdjsonCommand, importSetsCommand, type SetImportCliOptions } from './set-bulk.js';

/** `transcript export`: every video transcript as NDJSON, in the order they were written. */
export function transcriptExport(ctx: CommandContext, file: string | undefined): Promise<void> {
  return exportNdjsonCommand(ctx, file, 'transcripts', transcriptPages);
}

/** `transcript import`: transcripts as `transcript export` writes them, in one transaction. */
export function transcriptImport(ctx: CommandContext, file: string | undefined, options: SetImportCliOptions): Promise<void> {
  return importSetsCommand(ctx, file, options, importTranscripts);
}
