/**
 * The first schema: the org tree, staff users, customers with contacts, and
 * the domain-event table that feeds real-time subscriptions. Generated from
 * the entities (their @Index/@Check declarations included), so a later
 * `pnpm migration:create` diffs against exactly this.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261125000000_init extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"org_unit\" (\"id\" serial primary key, \"parent_id\" int null, \"kind\" text check (\"kind\" in ('COMPANY', 'BRANCH', 'AREA', 'STATION')) not null, \"code\" text not null, \"name\" text not null, \"path\" text not null, \"time_zone\" text not null default 'Asia/Shanghai', \"created_at\" timestamptz not null default now());");
    this.addSql("create index \"org_unit_parent_id_index\" on \"org_unit\" (\"parent_id\");");
    this.addSql("alter table \"org_unit\" add constraint \"org_unit_code_unique\" unique (\"code\");");
    this.addSql("alter table \"org_unit\" add constraint \"org_unit_path_unique\" unique (\"path\");");
    this.addSql("create index org_unit_path_prefix_idx on org_unit (path text_pattern_ops);");
    this.addSql("create table \"app_user\" (\"id\" serial primary key, \"org_unit_id\" int not null, \"name\" text not null, \"role\" text check (\"role\" in ('ADMIN', 'LEAD', 'REP', 'COLLECTOR', 'VIEWER')) not null, \"login\" text not null, \"phone\" text null, \"created_at\" timestamptz not null default now());");
    this.addSql("create index \"app_user_org_unit_id_index\" on \"app_user\" (\"org_unit_id\");");
    this.addSql("alter table \"app_user\" add constraint \"app_user_login_unique\" unique (\"login\");");
    this.addSql("create table \"customer\" (\"id\" serial primary key, \"name\" text not null, \"uscc\" varchar(18) null, \"kind\" text check (\"kind\" in ('INDUSTRIAL', 'COMMERCIAL', 'PUBLIC_INSTITUTION', 'HOTEL', 'CNG_STATION', 'TRANSPORT_FLEET', 'RESIDENTIAL_COMPOUND')) not null, \"utility\" text check (\"utility\" in ('POWER', 'GAS', 'HEAT', 'FUEL', 'ENERGY_SERVICES')) not null, \"tier\" text check (\"tier\" in ('STRATEGIC', 'KEY', 'REGULAR', 'PROSPECT')) not null, \"status\" text check (\"status\" in ('PROSPECT', 'CONTACTED', 'NEGOTIATING', 'ACTIVE', 'SUSPENDED', 'CLOSED')) not null, \"org_unit_id\" int not null, \"responsible_rep_id\" int null, \"address\" text null, \"estimated_monthly_consumption\" numeric(14,2) null, \"status_changed_at\" timestamptz not null default now(), \"created_at\" timestamptz not null default now(), \"updated_at\" timestamptz not null default now(), constraint customer_consumption_not_negative check (estimated_monthly_consumption >= 0), constraint customer_name_not_blank check (length(btrim(name)) > 0));");
    this.addSql("alter table \"customer\" add constraint \"customer_uscc_unique\" unique (\"uscc\");");
    this.addSql("create index \"customer_responsible_rep_id_index\" on \"customer\" (\"responsible_rep_id\");");
    this.addSql("create index \"customer_name_id_idx\" on \"customer\" (\"name\", \"id\");");
    this.addSql("create index \"customer_org_unit_id_id_idx\" on \"customer\" (\"org_unit_id\", \"id\");");
    this.addSql("create table \"domain_event\" (\"id\" bigserial primary key, \"kind\" text not null, \"customer_id\" int null, \"org_unit_id\" int not null, \"org_path\" text not null, \"payload\" jsonb not null default '{}', \"created_at\" timestamptz not null default now());");
    this.addSql("create index \"domain_event_customer_id_id_idx\" on \"domain_event\" (\"customer_id\", \"id\");");
    this.addSql("create table \"contact\" (\"id\" serial primary key, \"customer_id\" int not null, \"name\" text not null, \"title\" text null, \"role\" text check (\"role\" in ('DECISION_MAKER', 'FINANCE', 'TECHNICAL', 'SITE', 'OTHER')) not null, \"phone\" text null, \"email\" text null, \"wechat\" text null, \"is_primary\" boolean not null default false, \"created_at\" timestamptz not null default now(), constraint contact_name_not_blank check (length(btrim(name)) > 0));");
    this.addSql("create index \"contact_customer_id_id_idx\" on \"contact\" (\"customer_id\", \"id\");");
    this.addSql("create unique index contact_one_primary_idx on contact (customer_id) where is_primary;");
    this.addSql("alter table \"org_unit\" add constraint \"org_unit_parent_id_foreign\" foreign key (\"parent_id\") references \"org_unit\" (\"id\") on update cascade on delete set null;");
    this.addSql("alter table \"app_user\" add constraint \"app_user_org_unit_id_foreign\" foreign key (\"org_unit_id\") references \"org_unit\" (\"id\") on update cascade;");
    this.addSql("alter table \"customer\" add constraint \"customer_org_unit_id_foreign\" foreign key (\"org_unit_id\") references \"org_unit\" (\"id\") on update cascade;");
    this.addSql("alter table \"customer\" add constraint \"customer_responsible_rep_id_foreign\" foreign key (\"responsible_rep_id\") references \"app_user\" (\"id\") on update cascade on delete set null;");
    this.addSql("alter table \"domain_event\" add constraint \"domain_event_customer_id_foreign\" foreign key (\"customer_id\") references \"customer\" (\"id\") on update cascade on delete set null;");
    this.addSql("alter table \"domain_event\" add constraint \"domain_event_org_unit_id_foreign\" foreign key (\"org_unit_id\") references \"org_unit\" (\"id\") on update cascade;");
    this.addSql("alter table \"contact\" add constraint \"contact_customer_id_foreign\" foreign key (\"customer_id\") references \"customer\" (\"id\") on update cascade on delete cascade;");
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "contact", "domain_event", "customer", "app_user", "org_unit" cascade;');
  }
}
