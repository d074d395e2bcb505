/** A contact person 联系人 at a customer, with their role in decisions. */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, UseMiddleware, registerEnumType } from 'type-graphql';
import { PersonalData } from '../../graphql/personal-data.js';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Customer } from '../customers/customer.entity.js';

export enum ContactRole {
  DECISION_MAKER = 'DECISION_MAKER',
  FINANCE = 'FINANCE',
  TECHNICAL = 'TECHNICAL',
  SITE = 'SITE',
  OTHER = 'OTHER',
}
registerEnumType(ContactRole, {
  name: 'ContactRole',
  description: "The contact's part in the customer's decisions.",
  valuesConfig: {
    DECISION_MAKER: { description: 'Decides on supply and contracts 决策人.' },
    FINANCE: { description: 'Pays the bills 财务.' },
    TECHNICAL: { description: 'Runs the equipment 技术/设备.' },
    SITE: { description: 'On-site contact 现场.' },
    OTHER: { description: 'Any other role.' },
  },
});

@ObjectType('Contact', { implements: Node, description: 'A contact person 联系人 at a customer.' })
@Entity({ tableName: 'contact' })
// At most one primary contact per customer, enforced by the database.
@Index({ name: 'contact_one_primary_idx', expression: 'create unique index contact_one_primary_idx on contact (customer_id) where is_primary and archived_at is null' })
@Index({ name: 'contact_customer_id_id_idx', properties: ['customer', 'id'] })
@Check({ name: 'contact_name_not_blank', expression: "length(btrim(name)) > 0" })
export class Contact {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'isPrimary';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Contact', this.id);
  }

  @ManyToOne(() => Customer, { deleteRule: 'cascade' })
  customer!: Rel<Customer>;

  @Field(() => String, { description: 'Full name.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Job title, e.g. 财务经理.' })
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Field(() => ContactRole, { description: 'Part in the customer\'s decisions.' })
  @Enum({ items: () => ContactRole, columnType: 'text' })
  role!: ContactRole;

  @UseMiddleware(PersonalData)
  @Field(() => String, { nullable: true, description: 'Mobile (13812345678) or landline with area code (0851-86543210). Personal data: null without pii:read.' })
  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  @UseMiddleware(PersonalData)
  @Field(() => String, { nullable: true, description: 'E-mail address. Personal data: null without pii:read.' })
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @UseMiddleware(PersonalData)
  @Field(() => String, { nullable: true, description: 'WeChat ID. Personal data: null without pii:read.' })
  @Property({ type: 'text', nullable: true })
  wechat?: string | null;

  @Field(() => Boolean, { description: 'The customer\'s main contact; at most one per customer.' })
  @Property({ type: 'boolean', default: false })
  isPrimary: boolean = false;

  @Field(() => Date, { nullable: true, description: 'When the contact left or was removed; it stays in the history.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  archivedAt?: Date | null;

  @Field(() => Date, { description: 'When the contact was added.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
