/**
 * The core entities' tables, named once: by the entities' decorators, and by the reads that run
 * without MikroORM (sqlite-source.ts), which have no entity metadata to ask.
 */
export const TABLE_NAMES = {
  media: 'media',
  video: 'video',
  extendedVideo: 'extended_video',
  transcript: 'transcript',
  extendedVideoTranscript: 'extended_video_transcript',
  caption: 'caption',
  extendedVideoCaption: 'extended_video_caption',
} as const;
