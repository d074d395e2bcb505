/**
 * Tables of the daily scan 日监测 / 日预警 / 日通报 (issue 6 item 5): one run
 * per business date, the per-account arrears snapshot it took, and the daily
 * report per org unit it wrote.
 */
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('DailyScanRun', { description: 'One run of the daily scan 日监测, at most one per business date.' })
@Entity({ tableName: 'daily_scan_run' })
@Unique({ name: 'daily_scan_run_business_date_key', properties: ['businessDate'] })
export class DailyScanRun {
  /** Internal; the business date identifies a run in the API. */
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => String, { description: 'The business date scanned (YYYY-MM-DD, company time zone).' })
  @Property({ type: 'date' })
  businessDate!: string;

  @Field(() => Date, { description: 'When the run started.' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startedAt!: Date;

  @Field(() => Date, { description: 'When the run finished (it commits as a whole, so always set).' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  finishedAt!: Date;

  @Field(() => Int, { description: 'Service accounts whose arrears were computed.' })
  @Property({ type: 'integer' })
  accountsScanned!: number;

  @Field(() => Int, { description: 'Alerts raised by the run (new ones only; open ones are not raised twice).' })
  @Property({ type: 'integer' })
  alertsRaised!: number;

  @Field(() => Int, { description: 'Alerts resolved by the run (accounts back under the threshold).' })
  @Property({ type: 'integer' })
  alertsResolved!: number;

  /** Which instance ran it (host:pid), for operators. */
  @Property({ type: 'text' })
  runBy!: string;
}

/** Arrears of one service account at the scan of a business date. */
@Entity({ tableName: 'daily_arrears_snapshot' })
@Index({ name: 'daily_arrears_snapshot_unit_idx', properties: ['businessDate', 'orgUnitId'] })
export class DailyArrearsSnapshot {
  @PrimaryKey({ type: 'date' })
  businessDate!: string;

  @PrimaryKey({ type: 'integer' })
  serviceAccountId!: number;

  @Property({ type: 'integer' })
  customerId!: number;

  @Property({ type: 'integer' })
  orgUnitId!: number;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  arrears!: string;
}

/** The daily report 日通报 of one org unit (its whole subtree) for a business date. */
@Entity({ tableName: 'daily_report' })
export class DailyReportRow {
  @PrimaryKey({ type: 'date' })
  businessDate!: string;

  @PrimaryKey({ type: 'integer' })
  orgUnitId!: number;

  @Property({ type: 'integer' })
  accountsInArrears!: number;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  totalArrears!: string;

  @Property({ type: 'integer' })
  accountsOverThreshold!: number;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  collectedYesterday!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  dueMonthToDate!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  collectedMonthToDate!: string;
}
