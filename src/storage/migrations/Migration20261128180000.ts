import { Migration } from '@mikro-orm/migrations';
import { isSqlitePlatform } from '../platform.js';

/** FTS5's own default for `hashsize`, in bytes. */
const FTS5_DEFAULT_HASHSIZE = 1024 * 1024;

/**
 * SQLite's video_fts holds up to 16 MiB of new words in memory before it writes them out as a
 * segment (FTS5's `hashsize`, 1 MiB by default). A bulk import adds all its rows' words in one
 * statement (bulk/search-upkeep.ts): with 1 MiB, 100,000 videos became dozens of small segments,
 * and merging them cost a quarter of building the index. A single-row write never holds that
 * much. The index itself, and so every search, is unchanged. Nothing to do on PostgreSQL, nor
 * where the index is missing (a damaged catalog: `doctor` names it, and migrating down past the
 * search migration and up again rebuilds it, with this setting).
 */
export class Migration20261128180000 extends Migration {
  override async up(): Promise<void> {
    await this.hashSize(16 * 1024 * 1024);
  }

  override async down(): Promise<void> {
    await this.hashSize(FTS5_DEFAULT_HASHSIZE);
  }

  private async hashSize(bytes: number): Promise<void> {
    if (!isSqlitePlatform(this.driver.getPlatform())) return;
    if ((await this.execute("select 1 from sqlite_master where type = 'table' and name = 'video_fts'")).length === 0) return;
    this.addSql(`insert into \`video_fts\` (\`video_fts\`, rank) values ('hashsize', ${bytes});`);
  }
}
