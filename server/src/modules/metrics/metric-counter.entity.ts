/**
 * The counters behind targets and leaderboards (DOMAIN.md "Targets,
 * leaderboards and rewards"; issue 7 item 2): one row per calendar day
 * (company time zone), metric, visit channel, credited person and the leaf
 * org unit of the customer, kept up to date in the writing transaction
 * (metric-counters.ts). A period's value is the sum of its days, so a board
 * never scans the facts themselves. Rows are keyed per person and unit, never
 * one company-wide row, so concurrent payments of different people do not
 * queue on one hot row.
 */
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

@Entity({ tableName: 'metric_daily' })
@Unique({ name: 'metric_daily_key', properties: ['metric', 'day', 'channel', 'userId', 'orgUnitId'] })
export class MetricDaily {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** A Metric value (metric.enums.ts). */
  @Property({ type: 'text' })
  metric!: string;

  /** Calendar day in the company time zone. */
  @Property({ type: 'date' })
  day!: string;

  /** Visit channel for VISITS; '' for every other metric. */
  @Property({ type: 'text', default: '' })
  channel: string = '';

  /** The credited person; 0 when nobody is (a customer without a rep). */
  @Property({ type: 'integer', default: 0 })
  userId: number = 0;

  /** The customer's own org unit; areas and branches roll up by path at read time. */
  @Property({ type: 'integer' })
  orgUnitId!: number;

  /** The counted amount (a count for counting metrics; collected amount for COLLECTION_RATE). */
  @Property({ type: 'decimal', precision: 16, scale: 2, default: 0 })
  value: string = '0';

  /** The denominator of a rate (COLLECTION_RATE: amount due plus adjustments); 0 otherwise. */
  @Property({ type: 'decimal', precision: 16, scale: 2, default: 0 })
  base: string = '0';
}

/**
 * KEY_ACCOUNTS_COVERED counts DISTINCT key customers over a whole period, which
 * daily counts cannot sum to: one row per (customer, day, person, channel) a
 * KEY or STRATEGIC customer was visited, counted distinct at read time.
 */
@Entity({ tableName: 'metric_key_visit' })
@Unique({ name: 'metric_key_visit_key', properties: ['day', 'customerId', 'userId', 'channel'] })
@Index({ name: 'metric_key_visit_user_idx', properties: ['userId', 'day'] })
export class MetricKeyVisit {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'integer' })
  customerId!: number;

  @Property({ type: 'integer', default: 0 })
  userId: number = 0;

  @Property({ type: 'integer' })
  orgUnitId!: number;

  @Property({ type: 'text' })
  channel!: string;
}
