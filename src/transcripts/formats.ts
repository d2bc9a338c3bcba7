// The formats' names, apart from their readers and writers, so that the CLI registers its options
// without loading them.

/** What `transcript add` reads: Aana's ASR output as JSON, SubRip, or WebVTT. */
export const TRANSCRIPT_INPUT_FORMATS = ['json', 'srt', 'vtt'] as const;
export type TranscriptInputFormat = (typeof TRANSCRIPT_INPUT_FORMATS)[number];

/** What `transcript get` prints: the text, Aana's ASR output as JSON, SubRip, or WebVTT. */
export const TRANSCRIPT_OUTPUT_FORMATS = ['text', 'json', 'srt', 'vtt'] as const;
export type TranscriptOutputFormat = (typeof TRANSCRIPT_OUTPUT_FORMATS)[number];
