/** Saved views 常用筛选 (modules/saved-views): named filters of the list pages per staff user, optionally shared with the org subtree. */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126080000_saved_views extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "saved_view" ("id" serial primary key, "owner_id" int not null, "org_unit_id" int not null, "page" text check ("page" in ('CUSTOMERS', 'PROSPECTS', 'CONTRACTS')) not null, "name" text not null, "filter" jsonb not null, "order_by" text check ("order_by" in ('CREATED_AT_DESC', 'NAME_ASC', 'DEVELOPED_AT_DESC', 'CONSUMPTION_DESC')) null, "shared" boolean not null default false, "created_at" timestamptz not null default now(), constraint saved_view_name_not_blank check (length(btrim(name)) > 0), constraint saved_view_name_max_length check (length(name) <= 60));`);
    this.addSql(`create index saved_view_shared_idx on saved_view (org_unit_id, page) where shared;`);
    this.addSql(`alter table "saved_view" add constraint "saved_view_owner_page_name_key" unique ("owner_id", "page", "name");`);

    this.addSql(`alter table "saved_view" add constraint "saved_view_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "saved_view" add constraint "saved_view_org_unit_id_foreign" foreign key ("org_unit_id") references "org_unit" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "saved_view" cascade;`);
  }

}
