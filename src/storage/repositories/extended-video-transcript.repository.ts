import { NotFoundError } from '../../errors.js';
import { validateAsrOutput } from '../../transcripts/asr-json.js';
import { storableText } from '../../transcripts/values.js';
import type { AsrOutput, AsrSegment, AsrTranscription, AsrTranscriptionInfo } from '../../transcripts/segments.js';
import { EXTENDED_VIDEO_TRANSCRIPT_TYPE, ExtendedVideoTranscriptEntity } from '../entities/extended-video-transcript.entity.js';
import { ExtendedVideoEntity } from '../entities/extended-video.entity.js';
import { TranscriptEntity } from '../entities/transcript.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { validateMediaId } from '../validation.js';
import { writeTransaction } from '../write-transaction.js';
import { nextBaseIds } from './base-row-ids.js';

/**
 * Aana's ExtendedVideoTranscriptRepository: a video's transcripts, each a `transcript` row (type
 * `extended_video_transcript`) with its `extended_video_transcript` row naming the video. Values are
 * checked as Aana's models check them before anything is written.
 */
export class ExtendedVideoTranscriptRepository {
  constructor(readonly em: StoreEntityManager) {}

  get tableName(): string {
    return this.em.getMetadata().get(ExtendedVideoTranscriptEntity.name).tableName;
  }

  /** Stores a transcript of the video in one transaction; NotFoundError when there is no such extended video. */
  async save(modelName: string, mediaId: string, info: AsrTranscriptionInfo, transcription: AsrTranscription, segments: AsrSegment[]): Promise<ExtendedVideoTranscriptEntity> {
    const model = storableText('model', modelName);
    const id = validateMediaId(mediaId, 'media_id');
    const output = validateAsrOutput({ transcription, segments, transcription_info: info });
    return writeTransaction(this.em, async (tx) => {
      const video = await tx.findOne(ExtendedVideoEntity, { video: id }, { fields: ['video'] as never });
      if (!video) throw new NotFoundError(tx.getMetadata().get(ExtendedVideoEntity.name).tableName, id);
      const [baseId] = await nextBaseIds(tx, tx.getMetadata().get(TranscriptEntity.name).tableName, 1);
      const transcript = Object.assign(new TranscriptEntity(), {
        id: baseId,
        model,
        transcript: output.transcription.text,
        segments: output.segments,
        language: output.transcription_info.language,
        languageConfidence: output.transcription_info.language_confidence,
        transcriptType: EXTENDED_VIDEO_TRANSCRIPT_TYPE,
      });
      const entity = Object.assign(new ExtendedVideoTranscriptEntity(), { transcript, video });
      tx.persist(entity);
      await tx.flush();
      return entity;
    });
  }

  /** Aana's `get_transcript`: the video's (first) transcript by the model, as Aana's ASR output; NotFoundError when there is none. */
  async getTranscript(modelName: string, mediaId: string): Promise<AsrOutput> {
    const entity = await this.em.findOne(
      ExtendedVideoTranscriptEntity,
      { video: mediaId, transcript: { model: modelName } },
      { populate: ['transcript'], orderBy: { transcript: { id: 'asc' } } },
    );
    if (!entity) throw new NotFoundError(this.tableName, mediaId);
    const t = entity.transcript;
    return { transcription: { text: t.transcript }, segments: t.segments, transcription_info: { language: t.language, language_confidence: t.languageConfidence } };
  }

  /** The models the video has transcripts by, in name order. */
  async models(mediaId: string): Promise<string[]> {
    const rows = await this.em.find(ExtendedVideoTranscriptEntity, { video: mediaId }, { populate: ['transcript'], fields: ['transcript.model'] as never });
    return [...new Set(rows.map((row) => row.transcript.model))].sort();
  }
}
