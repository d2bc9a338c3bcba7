import type { Command } from 'commander';
import { examples } from './arguments.js';
import type { ContextOf } from './program-video.js';
import { registerTranscriptSearch } from './program-transcript-search.js';

/** Registers `transcript …`: each action imports its implementation lazily. */
export function registerTranscriptCommands(program: Command, context: ContextOf): void {
  const transcript = program
    .command('transcript')
    .description("a video's transcripts (Aana's ASR output, SubRip or WebVTT): add, get, list, delete, search, import, export")
    .addHelpText('after', examples('aana-store help transcript'));
  registerTranscriptSearch(transcript, context);
}

/** Registers `caption …`: each action imports its implementation lazily. */
export function registerCaptionCommands(program: Command, context: ContextOf): void {
  void context;
  program
    .command('caption')
    .description("captions of a video's frames: add, list, import, export")
    .addHelpText('after', examples('aana-store help caption'));
}
