/**
 * Request counts for rate limits (issue 4), shared by every server instance.
 * The table belongs to rate-limiter-flexible's RateLimiterPostgres
 * (`http/rate-limit.ts`): its layout is the library's, columns in this order
 * (it inserts by position), and no entity maps it.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126010000_rate_limit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "rate_limit" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, constraint "rate_limit_pkey" primary key ("key"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit";`);
  }
}
