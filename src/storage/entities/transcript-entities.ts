import type { EntityClass } from '@mikro-orm/core';
import { CaptionEntity } from './caption.entity.js';
import { ExtendedVideoCaptionEntity } from './extended-video-caption.entity.js';
import { ExtendedVideoTranscriptEntity } from './extended-video-transcript.entity.js';
import { ExtendedVideoEntity } from './extended-video.entity.js';
import { TranscriptEntity } from './transcript.entity.js';

/** Aana's extended video with its transcripts and captions: the base tables and the subclass tables. */
export const transcriptEntities: Array<EntityClass<object>> = [TranscriptEntity, CaptionEntity, ExtendedVideoEntity, ExtendedVideoTranscriptEntity, ExtendedVideoCaptionEntity];
