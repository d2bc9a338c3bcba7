import { ValidationError, type VideoInput, VideoRepository } from 'aana-store';
import { VideoDetailsEntity } from '../entities/video-details.entity.js';

export interface VideoDetailsInput extends VideoInput {
  duration?: number | null;
  language?: string | null;
}

/** Videos with their extra fields: the video, its media row and its video_details row in one transaction. */
export class VideoDetailsRepository extends VideoRepository {
  async saveWithDetails(input: VideoDetailsInput): Promise<{ mediaId: string }> {
    const { duration = null, language = null, ...video } = input;
    if (duration !== null && !(Number.isFinite(duration) && duration >= 0)) throw new ValidationError('duration', 'must be a non-negative number of seconds');
    if (language !== null && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) throw new ValidationError('language', `${JSON.stringify(language)} is not a BCP 47 tag`);
    return this.em.transactional(async (em) => {
      const entity = await new VideoRepository(em).add(video);
      em.persist(Object.assign(new VideoDetailsEntity(), { video: entity, duration, language }));
      return { mediaId: entity.id };
    });
  }
}
