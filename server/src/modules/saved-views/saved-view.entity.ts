/**
 * Saved views 常用筛选: a staff user's named filter of a list page
 * (customers, prospects, expiring contracts), kept so a daily screening
 * ("key accounts in arrears in my area", "prospects within 30 km of the
 * station" — DOMAIN.md "Customers": screening prospects) is one click. A
 * lead or admin may share a view with the colleagues of their org subtree
 * (DOMAIN.md "Organisation 三级联动": responsibility is pushed down the tree).
 */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { CustomerOrder } from '../customers/dto/customer.inputs.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';

export enum SavedViewPage {
  CUSTOMERS = 'CUSTOMERS',
  PROSPECTS = 'PROSPECTS',
  CONTRACTS = 'CONTRACTS',
}
registerEnumType(SavedViewPage, {
  name: 'SavedViewPage',
  description: 'The list page a saved view 常用筛选 belongs to; it decides which filter type the view holds.',
  valuesConfig: {
    CUSTOMERS: { description: 'The customer list 客户列表: the filter is a CustomerFilter (with an optional CustomerOrder).' },
    PROSPECTS: { description: 'Prospects near a station 周边潜在客户: the filter is a CustomerFilter (with an optional CustomerOrder).' },
    CONTRACTS: { description: 'Expiring contracts 到期合同: the filter is an ExpiringContractsFilter.' },
  },
});

export const SAVED_VIEW_NAME_MAX = 60;

@ObjectType('SavedView', { implements: Node, description: 'A saved view 常用筛选: a named filter of a list page, your own or shared with your org subtree.' })
@Entity({ tableName: 'saved_view' })
@Unique({ name: 'saved_view_owner_page_name_key', properties: ['owner', 'page', 'name'] })
// Shared views are found by the sharer's org unit, for everyone below it.
@Index({ name: 'saved_view_shared_idx', expression: 'create index saved_view_shared_idx on saved_view (org_unit_id, page) where shared' })
@Check({ name: 'saved_view_name_not_blank', expression: 'length(btrim(name)) > 0' })
@Check({ name: 'saved_view_name_max_length', expression: `length(name) <= ${SAVED_VIEW_NAME_MAX}` })
export class SavedView {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'shared' | 'orderBy';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('SavedView', this.id);
  }

  /** Who saved it; only they may delete it. */
  @ManyToOne(() => User, { index: false })
  owner!: Rel<User>;

  /** The owner's org unit when saved: a shared view reaches this unit's subtree. */
  @ManyToOne(() => OrgUnit, { index: false })
  orgUnit!: Rel<OrgUnit>;

  @Field(() => SavedViewPage, { description: 'The list page it filters.' })
  @Enum({ items: () => SavedViewPage, columnType: 'text' })
  page!: SavedViewPage;

  @Field(() => String, { description: 'Its name, unique among your views of the page, e.g. 南明区重点欠费.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => GraphQLJSONObject, {
    description: "The filter, checked against the page's filter input type when saved (CustomerFilter or ExpiringContractsFilter): pass it to the list as is.",
  })
  @Property({ type: 'json' })
  filter!: Record<string, unknown>;

  @Field(() => CustomerOrder, { nullable: true, description: 'The sort order of a customer or prospect list; null for the default.' })
  @Enum({ items: () => CustomerOrder, columnType: 'text', nullable: true })
  orderBy?: CustomerOrder | null;

  @Field(() => Boolean, { description: 'Shared with the colleagues of the owner’s org subtree (saved by a lead or admin).' })
  @Property({ type: 'boolean', default: false })
  shared: boolean = false;

  @Field(() => Date, { description: 'When it was saved.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
