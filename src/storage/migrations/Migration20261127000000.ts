import { Migration } from '@mikro-orm/migrations';
import { isSqlitePlatform } from '../platform.js';

/**
 * The Aana SDK's `media` and `video` tables (revision 5ad873484aa3), with the column types its
 * alembic migration creates: unbounded varchar, timezone-aware timestamps defaulting to now.
 * The index on (created_at, id) serves the stable list order.
 */
export class Migration20261127000000 extends Migration {
  override up(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) {
      this.addSql(
        'create table `media` (`id` varchar(36) not null, `media_type` varchar not null, ' +
          '`created_at` datetime not null default CURRENT_TIMESTAMP, `updated_at` datetime not null default CURRENT_TIMESTAMP, ' +
          'primary key (`id`));',
      );
      this.addSql('create index `ix_media_created_at_id` on `media` (`created_at`, `id`);');
      this.addSql(
        'create table `video` (`id` varchar(36) not null, `path` varchar null, `url` varchar null, `title` varchar null, `description` varchar null, ' +
          'constraint `video_id_foreign` foreign key(`id`) references `media`(`id`) on delete no action on update no action, primary key (`id`));',
      );
      return;
    }
    this.addSql(
      'create table "media" ("id" varchar(36) not null, "media_type" varchar not null, ' +
        '"created_at" timestamptz not null default CURRENT_TIMESTAMP, "updated_at" timestamptz not null default CURRENT_TIMESTAMP, ' +
        'constraint "media_pkey" primary key ("id"));',
    );
    this.addSql(`comment on column "media"."id" is 'Unique identifier for the media';`);
    this.addSql(`comment on column "media"."media_type" is 'The type of media';`);
    this.addSql(`comment on column "media"."created_at" is 'Timestamp when row is inserted';`);
    this.addSql(`comment on column "media"."updated_at" is 'Timestamp when row is updated';`);
    this.addSql('create index "ix_media_created_at_id" on "media" ("created_at", "id");');
    this.addSql(
      'create table "video" ("id" varchar(36) not null, "path" varchar null, "url" varchar null, "title" varchar null, "description" varchar null, ' +
        'constraint "video_pkey" primary key ("id"));',
    );
    this.addSql(`comment on column "video"."path" is 'Path';`);
    this.addSql(`comment on column "video"."url" is 'URL';`);
    this.addSql(`comment on column "video"."title" is 'Title';`);
    this.addSql(`comment on column "video"."description" is 'Description';`);
    this.addSql(
      'alter table "video" add constraint "video_id_foreign" foreign key ("id") references "media" ("id") on update no action on delete no action;',
    );
  }

  override down(): void {
    const q = isSqlitePlatform(this.driver.getPlatform()) ? '`' : '"';
    this.addSql(`drop table if exists ${q}video${q};`);
    this.addSql(`drop table if exists ${q}media${q};`);
  }
}
