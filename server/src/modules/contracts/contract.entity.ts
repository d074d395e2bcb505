/**
 * Contracts 合同 (DOMAIN.md "Contracts"): supply contracts with prepayment and
 * settlement cycle (旬抄旬收 / 旬抄月结 / 月抄月结), design-and-installation,
 * energy services and settlement agreements 电费结算协议. Expiry is seen before
 * it happens (expiringContracts).
 */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { User } from '../org/user.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';

export enum ContractType {
  GAS_SUPPLY = 'GAS_SUPPLY',
  POWER_SUPPLY = 'POWER_SUPPLY',
  HEAT_SUPPLY = 'HEAT_SUPPLY',
  DESIGN_INSTALLATION = 'DESIGN_INSTALLATION',
  ENERGY_SERVICES = 'ENERGY_SERVICES',
  SETTLEMENT_AGREEMENT = 'SETTLEMENT_AGREEMENT',
}
registerEnumType(ContractType, {
  name: 'ContractType',
  description: 'Kind of contract.',
  valuesConfig: {
    GAS_SUPPLY: { description: 'Gas supply contract 供气合同.' },
    POWER_SUPPLY: { description: 'Power supply contract 供电合同.' },
    HEAT_SUPPLY: { description: 'Heat supply contract 供热合同.' },
    DESIGN_INSTALLATION: { description: 'Design and installation contract 设计安装合同.' },
    ENERGY_SERVICES: { description: 'Energy services contract 综合能源服务合同.' },
    SETTLEMENT_AGREEMENT: { description: 'Settlement agreement 电费结算协议 (installments priced at last month\'s settlement price).' },
  },
});

export enum ContractStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(ContractStatus, {
  name: 'ContractStatus',
  description: 'Where the contract stands.',
  valuesConfig: {
    DRAFT: { description: 'Being negotiated, not signed.' },
    ACTIVE: { description: 'Signed and in force.' },
    EXPIRED: { description: 'Its end date has passed.' },
    TERMINATED: { description: 'Ended early.' },
  },
});

export enum SettlementCycle {
  TEN_DAY_READ_TEN_DAY_COLLECT = 'TEN_DAY_READ_TEN_DAY_COLLECT',
  TEN_DAY_READ_MONTHLY_SETTLE = 'TEN_DAY_READ_MONTHLY_SETTLE',
  MONTHLY_READ_MONTHLY_SETTLE = 'MONTHLY_READ_MONTHLY_SETTLE',
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
}
registerEnumType(SettlementCycle, {
  name: 'SettlementCycle',
  description: 'How often meters are read and bills settled.',
  valuesConfig: {
    TEN_DAY_READ_TEN_DAY_COLLECT: { description: 'Ten-day read, ten-day collect 旬抄旬收.' },
    TEN_DAY_READ_MONTHLY_SETTLE: { description: 'Ten-day read, monthly settle 旬抄月结.' },
    MONTHLY_READ_MONTHLY_SETTLE: { description: 'Monthly read and settle 月抄月结.' },
    MONTHLY: { description: 'Monthly billing.' },
    QUARTERLY: { description: 'Quarterly billing.' },
  },
});

@ObjectType('Contract', { implements: Node, description: 'A contract 合同 with a customer.' })
@Entity({ tableName: 'contract' })
@Index({ name: 'contract_customer_idx', properties: ['customer', 'id'] })
@Index({ name: 'contract_ends_on_idx', properties: ['status', 'endsOn'] })
@Check({ name: 'contract_dates_ordered', expression: 'ends_on is null or ends_on >= starts_on' })
export class Contract {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'updatedAt' | 'status';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Contract', this.id);
  }

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  /** The service account it covers, if one. */
  @ManyToOne(() => ServiceAccount, { nullable: true, index: true })
  serviceAccount?: Rel<ServiceAccount> | null;

  @Field(() => String, { description: 'Contract number, unique, e.g. GZ-GY-2026-0001.' })
  @Property({ type: 'text', unique: true })
  number!: string;

  @Field(() => ContractType, { description: 'Kind of contract.' })
  @Enum({ items: () => ContractType, columnType: 'text' })
  type!: ContractType;

  // Read through ContractResolver.status, which shows EXPIRED once the end date has passed.
  @Field(() => ContractStatus, { description: 'Where it stands. An ACTIVE contract past its end date (company time zone) reads EXPIRED at once.' })
  @Enum({ items: () => ContractStatus, columnType: 'text', default: 'DRAFT' })
  status: ContractStatus = ContractStatus.DRAFT;

  @Field(() => String, { description: 'Our party, e.g. 黔能能源销售有限公司贵阳分公司.' })
  @Property({ type: 'text' })
  supplierParty!: string;

  @Field(() => String, { description: "The customer's party as it signs." })
  @Property({ type: 'text' })
  customerParty!: string;

  @Field(() => String, { nullable: true, description: 'Who signed for the customer.' })
  @Property({ type: 'text', nullable: true })
  signer?: string | null;

  @Field(() => String, { nullable: true, description: 'Date signed (YYYY-MM-DD).' })
  @Property({ type: 'date', nullable: true })
  signedOn?: string | null;

  @Field(() => String, { description: 'First day in force (YYYY-MM-DD).' })
  @Property({ type: 'date' })
  startsOn!: string;

  @Field(() => String, { nullable: true, description: 'Last day in force (YYYY-MM-DD); null for open-ended.' })
  @Property({ type: 'date', nullable: true })
  endsOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'Prepayment 预付款: settlement periods paid in advance (rolling settlement 滚动结算).' })
  @Property({ type: 'smallint', nullable: true })
  prepaymentPeriods?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Prepayment amount in CNY.' })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  prepaymentAmount?: string | null;

  @Field(() => SettlementCycle, { nullable: true, description: 'Reading and settlement cycle.' })
  @Enum({ items: () => SettlementCycle, columnType: 'text', nullable: true })
  settlementCycle?: SettlementCycle | null;

  @Field(() => String, { nullable: true, description: 'Price terms, e.g. 按月度结算价 or temperature/pressure compensation 温压补偿.' })
  @Property({ type: 'text', nullable: true })
  priceTerms?: string | null;

  @Field(() => Date, { description: 'When the contract was recorded.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Field(() => Date, { description: 'When it last changed.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

@ObjectType('ContractAttachment', { implements: Node, description: 'A document of a contract, kept by reference.' })
@Entity({ tableName: 'contract_attachment' })
export class ContractAttachment {
  [OptionalProps]?: 'nodeId' | 'addedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('ContractAttachment', this.id);
  }

  @ManyToOne(() => Contract, { deleteRule: 'cascade', index: true })
  contract!: Rel<Contract>;

  @Field(() => String, { description: 'File name, e.g. 供气合同扫描件.pdf.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { description: 'Where the document is: a URL or a document-system reference.' })
  @Property({ type: 'text' })
  reference!: string;

  @Field(() => Date, { description: 'When it was attached.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  addedAt: Date = new Date();
}

export enum ContractEventKind {
  CREATED = 'CREATED',
  SIGNED = 'SIGNED',
  AMENDED = 'AMENDED',
  RENEWED = 'RENEWED',
  TERMINATED = 'TERMINATED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ContractEventKind, {
  name: 'ContractEventKind',
  description: 'What happened to a contract.',
  valuesConfig: {
    CREATED: { description: 'Recorded as a draft.' },
    SIGNED: { description: 'Signed and in force.' },
    AMENDED: { description: 'Terms changed.' },
    RENEWED: { description: 'Extended to a new end date.' },
    TERMINATED: { description: 'Ended early.' },
    EXPIRED: { description: 'Reached its end date.' },
  },
});

@ObjectType('ContractEvent', { implements: Node, description: 'Something that happened to a contract; part of the customer timeline.' })
@Entity({ tableName: 'contract_event' })
@Index({ name: 'contract_event_customer_idx', properties: ['customer', 'occurredAt'] })
export class ContractEvent {
  [OptionalProps]?: 'nodeId' | 'occurredAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('ContractEvent', this.id);
  }

  @ManyToOne(() => Contract, { deleteRule: 'cascade', index: true })
  contract!: Rel<Contract>;

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  @Field(() => ContractEventKind, { description: 'What happened.' })
  @Enum({ items: () => ContractEventKind, columnType: 'text' })
  kind!: ContractEventKind;

  @Field(() => String, { nullable: true, description: 'Details, e.g. the reason for a termination.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @ManyToOne(() => User, { nullable: true, index: false })
  actor?: Rel<User> | null;

  @Field(() => Date, { description: 'When it happened.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  occurredAt: Date = new Date();
}
