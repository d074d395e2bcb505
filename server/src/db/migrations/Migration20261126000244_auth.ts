/** Sign-in, sessions, partner API keys and the audit log (issue 4). */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126000244_auth extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "server_setting" ("key" text not null, "value" text not null, constraint "server_setting_pkey" primary key ("key"));`);

    this.addSql(`create table "refresh_token" ("id" serial primary key, "user_id" int not null, "token_hash" text not null, "family" text not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "refresh_token_user_id_index" on "refresh_token" ("user_id");`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "refresh_token_family_idx" on "refresh_token" ("family");`);

    this.addSql(`create table "api_key" ("id" serial primary key, "name" text not null, "prefix" text not null, "secret_hash" text not null, "scopes" text[] not null, "org_unit_id" int not null, "rate_limit_per_minute" int not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, "rotated_at" timestamptz null, "created_by_id" int null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);
    this.addSql(`create index "api_key_org_unit_id_index" on "api_key" ("org_unit_id");`);

    this.addSql(`create table "audit_entry" ("id" bigserial primary key, "actor_user_id" int null, "actor_api_key_id" int null, "action" text not null, "entity_type" text not null, "entity_id" int not null, "before" jsonb null, "after" jsonb null, "request_id" text null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "audit_entry_actor_user_id_index" on "audit_entry" ("actor_user_id");`);
    this.addSql(`create index "audit_entry_actor_api_key_id_index" on "audit_entry" ("actor_api_key_id");`);
    this.addSql(`create index "audit_entry_entity_idx" on "audit_entry" ("entity_type", "entity_id", "id");`);

    this.addSql(`alter table "refresh_token" add constraint "refresh_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_key" add constraint "api_key_org_unit_id_foreign" foreign key ("org_unit_id") references "org_unit" ("id") on update cascade;`);
    this.addSql(`alter table "api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_actor_user_id_foreign" foreign key ("actor_user_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_actor_api_key_id_foreign" foreign key ("actor_api_key_id") references "api_key" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "app_user" add column "password_hash" text null, add column "disabled_at" timestamptz null, add column "failed_logins" int not null default 0, add column "locked_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint "audit_entry_actor_api_key_id_foreign";`);

    this.addSql(`drop table if exists "server_setting" cascade;`);

    this.addSql(`drop table if exists "refresh_token" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);

    this.addSql(`drop table if exists "audit_entry" cascade;`);

    this.addSql(`alter table "app_user" drop column "password_hash", drop column "disabled_at", drop column "failed_logins", drop column "locked_until";`);
  }

}
