import { NotExtendedVideoError, NotFoundError, TranscriptExistsError, TranscriptNotFoundError } from '../../errors.js';
import { validateAsrOutput } from '../../transcripts/asr-json.js';
import { storableText } from '../../transcripts/values.js';
import type { AsrOutput, AsrSegment, AsrTranscription, AsrTranscriptionInfo } from '../../transcripts/segments.js';
import { EXTENDED_VIDEO_TRANSCRIPT_TYPE, ExtendedVideoTranscriptEntity } from '../entities/extended-video-transcript.entity.js';
import { ExtendedVideoEntity } from '../entities/extended-video.entity.js';
import { MediaEntity } from '../entities/media.entity.js';
import { TranscriptEntity } from '../entities/transcript.entity.js';
import type { ConflictMode } from '../conflict.js';
import type { StoreEntityManager } from '../orm.js';
import { validateMediaId } from '../validation.js';
import { lockedRowOptions, writeTransaction } from '../write-transaction.js';
import { nextBaseIds } from './base-row-ids.js';
import { deleteRowsById } from './subclass-rows.js';
import { readTranscript, transcriptModels } from './transcript-reader.js';

/** What `put` did: wrote a new transcript, replaced the stored one, or kept it. */
export type TranscriptPutOutcome = 'inserted' | 'updated' | 'kept';

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
      return insert(tx, video, model, output);
    });
  }

  /**
   * Keeps one transcript per (video, model), as `transcript add` does: a new one is written; when the
   * video has one by the model, `error` refuses (TranscriptExistsError), `skip` keeps it, `update`
   * replaces its text, segments and language in place (its id and created_at stay; any further
   * transcripts by the model, which Aana's `save` may have appended, are deleted). One transaction,
   * holding the video's row, so two writers of the same pair cannot both insert. Media that is no
   * extended video is NotExtendedVideoError; an unknown id NotFoundError (`video`).
   */
  async put(modelName: string, mediaId: string, input: AsrOutput, onConflict: ConflictMode = 'error'): Promise<{ id: number; outcome: TranscriptPutOutcome }> {
    const model = storableText('model', modelName);
    const id = validateMediaId(mediaId, 'media_id');
    const output = validateAsrOutput(input);
    return writeTransaction(this.em, async (tx) => {
      const video = await tx.findOne(ExtendedVideoEntity, { video: id }, { ...lockedRowOptions(tx), fields: ['video'] as never });
      if (!video) throw await this.notAnExtendedVideo(id, tx);
      const stored = await tx.find(ExtendedVideoTranscriptEntity, { video: id, transcript: { model } }, { populate: ['transcript'], orderBy: { transcript: { id: 'asc' } } });
      if (stored.length === 0) return { id: (await insert(tx, video, model, output)).transcript.id, outcome: 'inserted' as const };
      const [kept, ...extra] = stored.map((row) => row.transcript);
      if (onConflict === 'error') throw new TranscriptExistsError(id, model);
      if (onConflict === 'skip') return { id: kept.id, outcome: 'kept' as const };
      await deleteRowsById(tx, ExtendedVideoTranscriptEntity, extra.map((t) => t.id));
      Object.assign(kept, fieldsOf(output), { updatedAt: new Date() });
      await tx.flush();
      return { id: kept.id, outcome: 'updated' as const };
    });
  }

  /** Deletes the video's transcripts by the model (base and subclass rows) in one transaction; returns how many. None is TranscriptNotFoundError. */
  async deleteByModel(modelName: string, mediaId: string): Promise<number> {
    return writeTransaction(this.em, async (tx) => {
      const rows = await tx.find(ExtendedVideoTranscriptEntity, { video: mediaId, transcript: { model: modelName } }, { fields: ['transcript'] as never });
      if (rows.length === 0) throw await this.absent(mediaId, modelName, tx);
      await deleteRowsById(tx, ExtendedVideoTranscriptEntity, rows.map((row) => row.transcript.id));
      return rows.length;
    });
  }

  /** Why the video has no transcript (by the model): no such media (NotFoundError), or none written yet (TranscriptNotFoundError). */
  async absent(mediaId: string, modelName?: string, em: StoreEntityManager = this.em): Promise<Error> {
    const media = await em.findOne(MediaEntity, mediaId, { fields: ['id'] as never });
    return media ? new TranscriptNotFoundError(mediaId, modelName) : new NotFoundError('video', mediaId);
  }

  private async notAnExtendedVideo(mediaId: string, em: StoreEntityManager): Promise<Error> {
    const media = await em.findOne(MediaEntity, mediaId, { fields: ['mediaType'] as never });
    return media ? new NotExtendedVideoError(mediaId, media.mediaType) : new NotFoundError('video', mediaId);
  }

  /** Aana's `get_transcript`: the video's (first) transcript by the model, as Aana's ASR output; NotFoundError when there is none. */
  async getTranscript(modelName: string, mediaId: string): Promise<AsrOutput> {
    const output = await readTranscript(this.em, modelName, mediaId);
    if (!output) throw new NotFoundError(this.tableName, mediaId);
    return output;
  }

  /** The models the video has transcripts by, in name order. */
  async models(mediaId: string): Promise<string[]> {
    return transcriptModels(this.em, mediaId);
  }
}

/** The columns of `transcript` that hold Aana's ASR output. */
function fieldsOf(output: AsrOutput): Pick<TranscriptEntity, 'transcript' | 'segments' | 'language' | 'languageConfidence'> {
  return { transcript: output.transcription.text, segments: output.segments, language: output.transcription_info.language, languageConfidence: output.transcription_info.language_confidence };
}

/** Writes the base row and the subclass row of a new transcript of `video`, inside the caller's transaction. */
async function insert(tx: StoreEntityManager, video: ExtendedVideoEntity, model: string, output: AsrOutput): Promise<ExtendedVideoTranscriptEntity> {
  const [baseId] = await nextBaseIds(tx, tx.getMetadata().get(TranscriptEntity.name).tableName, 1);
  const transcript = Object.assign(new TranscriptEntity(), { id: baseId, model, ...fieldsOf(output), transcriptType: EXTENDED_VIDEO_TRANSCRIPT_TYPE });
  const entity = Object.assign(new ExtendedVideoTranscriptEntity(), { transcript, video });
  tx.persist(entity);
  await tx.flush();
  return entity;
}
