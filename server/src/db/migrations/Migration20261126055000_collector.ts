import { Migration } from '@mikro-orm/migrations';

export class Migration20261126055000_collector extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "service_account" add column "collector_id" int null;`);
    this.addSql(`alter table "service_account" add constraint "service_account_collector_id_foreign" foreign key ("collector_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`create index "service_account_collector_idx" on "service_account" ("collector_id", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "service_account" drop constraint "service_account_collector_id_foreign";`);

    this.addSql(`drop index "service_account_collector_idx";`);
    this.addSql(`alter table "service_account" drop column "collector_id";`);
  }

}
