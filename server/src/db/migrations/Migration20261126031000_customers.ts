/**
 * Customer screening and lists (issue 5): the great-circle distance as an
 * SQL function (prospects within 30–50 km of a station, nearest station),
 * an index for its bounding box, keyset indexes for the "developed" and
 * "consumption" orders, and a trigram index so `name ilike '%…%'` — Chinese
 * names included — need not scan the table. pg_trgm ships with PostgreSQL
 * and is a trusted extension: a database owner may create it.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126031000_customers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    // Haversine on the mean Earth radius (6371.0088 km); null for a null input. Not STRICT, so that
    // the planner inlines it (about 5x faster in the nearest-station LATERAL join).
    this.addSql(`create or replace function great_circle_km(lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision)
      returns double precision language sql immutable parallel safe
      as $$ select 2 * 6371.0088 * asin(least(1, sqrt(
        power(sin(radians(lat2 - lat1) / 2), 2) + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)))) $$;`);
    this.addSql(`create index customer_name_trgm_idx on customer using gin (name gin_trgm_ops);`);
    this.addSql(`create index customer_consumption_idx on customer (estimated_monthly_consumption desc nulls last, id desc);`);
    this.addSql(`create index customer_developed_at_idx on customer (developed_at desc nulls last, id desc);`);
    this.addSql(`create index "customer_location_idx" on "customer" ("latitude", "longitude");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "customer_name_trgm_idx";`);
    this.addSql(`drop index "customer_consumption_idx";`);
    this.addSql(`drop index "customer_developed_at_idx";`);
    this.addSql(`drop index "customer_location_idx";`);
    this.addSql(`drop function if exists great_circle_km(double precision, double precision, double precision, double precision);`);
  }

}
