import { ValidationError } from '../../errors.js';
import { VIDEO_MEDIA_TYPE } from '../entities/video.entity.js';
import { type SqlDialect, type SqlQuery, VIDEO_COLUMNS, type VideoTables } from './video-query.js';

/** The words of a search; a word with no letter or digit finds nothing in either index, so it is dropped. */
export function searchWords(text: string): string[] {
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) throw new ValidationError('words', 'give at least one word to search for');
  return words;
}

/**
 * Videos whose title or description hold every word, best match first (then by id). SQLite ranks
 * with FTS5's bm25, title words weighing ten times description words; PostgreSQL with ts_rank over
 * a tsvector whose title words carry weight A. Both use language-neutral tokens (no stemming).
 */
export function videoSearchQuery(dialect: SqlDialect, tables: VideoTables, text: string, limit: number): SqlQuery {
  const words = searchWords(text);
  const media = dialect.quote(tables.media);
  const video = dialect.quote(tables.video);
  if (dialect.sqlite) {
    // Each word is a quoted FTS5 string, so nothing a user types is read as query syntax.
    const match = `{title description} : (${words.map((word) => `"${word.replace(/"/g, '""')}"`).join(' ')})`;
    return {
      sql:
        `select ${VIDEO_COLUMNS} from video_fts f join ${video} v on v.id = f.id join ${media} m on m.id = v.id ` +
        'where video_fts match ? and m.media_type = ? order by bm25(video_fts, 0.0, 0.0, 10.0, 1.0), m.id limit ?',
      params: [match, VIDEO_MEDIA_TYPE, limit],
    };
  }
  return {
    sql:
      `select ${VIDEO_COLUMNS} from video_fts f join ${video} v on v.id = f.id join ${media} m on m.id = v.id ` +
      "cross join plainto_tsquery('simple', ?) q where f.document @@ q and m.media_type = ? order by ts_rank(f.document, q) desc, m.id limit ?",
    params: [words.join(' '), VIDEO_MEDIA_TYPE, limit],
  };
}
