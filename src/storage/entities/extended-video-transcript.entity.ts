import { Entity, Index, ManyToOne, OneToOne, PrimaryKeyProp } from '@mikro-orm/core';
import { ExtendedVideoEntity } from './extended-video.entity.js';
import { TranscriptEntity } from './transcript.entity.js';
import { TABLE_NAMES } from './table-names.js';

/** `transcript.transcript_type` of a video's transcript: the polymorphic identity of Aana's subclass. */
export const EXTENDED_VIDEO_TRANSCRIPT_TYPE = 'extended_video_transcript';

/**
 * A video's transcript (Aana's `extended_video_transcript`): the subclass table of Aana's joined
 * inheritance, keyed to its `transcript` row, linking it to the video by `media_id`.
 */
@Entity({ tableName: TABLE_NAMES.extendedVideoTranscript })
@Index({ name: 'ix_extended_video_transcript_media_id', properties: ['video'] })
export class ExtendedVideoTranscriptEntity {
  [PrimaryKeyProp]?: 'transcript';

  @OneToOne({ entity: () => TranscriptEntity, primary: true, fieldName: 'id', owner: true, foreignKeyName: 'fk_extended_video_transcript_id_transcript', updateRule: 'no action', deleteRule: 'no action' })
  transcript!: TranscriptEntity;

  @ManyToOne({ entity: () => ExtendedVideoEntity, fieldName: 'media_id', comment: 'Foreign key to video table', foreignKeyName: 'fk_extended_video_transcript_media_id_extended_video', updateRule: 'no action', deleteRule: 'no action' })
  video!: ExtendedVideoEntity;
}
