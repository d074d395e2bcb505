/**
 * The first schema: the org tree, staff users, customers with contacts,
 * and the domain-event table that feeds real-time subscriptions.
 * Subtree queries use org_unit.path ('/1/4/9/'), so "everything under a
 * node" is one indexed LIKE-prefix scan instead of a recursive query.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261125000000_init extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table org_unit (
        id serial primary key,
        parent_id integer references org_unit (id),
        kind text not null check (kind in ('COMPANY', 'BRANCH', 'AREA', 'STATION')),
        code text not null unique,
        name text not null,
        path text not null unique,
        time_zone text not null default 'Asia/Shanghai',
        created_at timestamptz not null default now()
      );`);
    this.addSql(`create index org_unit_parent_idx on org_unit (parent_id);`);
    this.addSql(`create index org_unit_path_idx on org_unit (path text_pattern_ops);`);

    this.addSql(`
      create table app_user (
        id serial primary key,
        org_unit_id integer not null references org_unit (id),
        name text not null,
        role text not null check (role in ('ADMIN', 'LEAD', 'REP', 'COLLECTOR', 'VIEWER')),
        login text not null unique,
        phone text,
        created_at timestamptz not null default now()
      );`);
    this.addSql(`create index app_user_org_unit_idx on app_user (org_unit_id);`);

    this.addSql(`
      create table customer (
        id serial primary key,
        name text not null check (length(btrim(name)) > 0),
        uscc char(18) unique,
        kind text not null check (kind in ('INDUSTRIAL', 'COMMERCIAL', 'PUBLIC_INSTITUTION', 'HOTEL', 'CNG_STATION', 'TRANSPORT_FLEET', 'RESIDENTIAL_COMPOUND')),
        utility text not null check (utility in ('POWER', 'GAS', 'HEAT', 'FUEL', 'ENERGY_SERVICES')),
        tier text not null check (tier in ('STRATEGIC', 'KEY', 'REGULAR', 'PROSPECT')),
        status text not null check (status in ('PROSPECT', 'CONTACTED', 'NEGOTIATING', 'ACTIVE', 'SUSPENDED', 'CLOSED')),
        org_unit_id integer not null references org_unit (id),
        responsible_rep_id integer references app_user (id),
        address text,
        estimated_monthly_consumption numeric(14, 2) check (estimated_monthly_consumption >= 0),
        status_changed_at timestamptz not null default now(),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql(`create index customer_org_unit_idx on customer (org_unit_id, id);`);
    this.addSql(`create index customer_name_idx on customer (name, id);`);
    this.addSql(`create index customer_rep_idx on customer (responsible_rep_id);`);

    this.addSql(`
      create table contact (
        id serial primary key,
        customer_id integer not null references customer (id) on delete cascade,
        name text not null check (length(btrim(name)) > 0),
        title text,
        role text not null check (role in ('DECISION_MAKER', 'FINANCE', 'TECHNICAL', 'SITE', 'OTHER')),
        phone text,
        email text,
        wechat text,
        is_primary boolean not null default false,
        created_at timestamptz not null default now()
      );`);
    this.addSql(`create index contact_customer_idx on contact (customer_id, id);`);
    this.addSql(`create unique index contact_one_primary_idx on contact (customer_id) where is_primary;`);

    this.addSql(`
      create table domain_event (
        id bigserial primary key,
        kind text not null,
        customer_id integer references customer (id) on delete set null,
        org_unit_id integer not null references org_unit (id),
        org_path text not null,
        payload jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now()
      );`);
    this.addSql(`create index domain_event_customer_idx on domain_event (customer_id, id);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists domain_event, contact, customer, app_user, org_unit cascade;');
  }
}
