import { Migration } from '@mikro-orm/migrations';

export class Migration20261127140936 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`podcast\` (\`id\` varchar(36) not null, \`feed_url\` varchar not null, \`title\` varchar null, \`episode\` integer null, constraint \`podcast_id_foreign\` foreign key(\`id\`) references \`media\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);

    this.addSql(`create table \`video_details\` (\`id\` varchar(36) not null, \`duration\` double null, \`language\` varchar null, constraint \`video_details_id_foreign\` foreign key(\`id\`) references \`video\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
  }

}
