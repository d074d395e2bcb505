/**
 * Org units 三级联动: company → branch → area → station. `path` holds the ids
 * from the root ('/1/4/9/') so a subtree is one LIKE-prefix scan.
 */
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';

export enum OrgUnitKind {
  COMPANY = 'COMPANY',
  BRANCH = 'BRANCH',
  AREA = 'AREA',
  STATION = 'STATION',
}
registerEnumType(OrgUnitKind, {
  name: 'OrgUnitKind',
  description: 'Level in the org tree.',
  valuesConfig: {
    COMPANY: { description: 'The company 公司, root of the tree.' },
    BRANCH: { description: 'A branch 分公司.' },
    AREA: { description: 'An area 片区 within a branch.' },
    STATION: { description: 'A station or business office 站/营业所; customers belong to stations.' },
  },
});

@ObjectType('OrgUnit', { implements: Node, description: 'A node of the org tree; leads see the subtree under their node.' })
@Entity({ tableName: 'org_unit' })
// Subtree scans are `path like '/1/4/%'`; text_pattern_ops makes them index scans.
@Index({ name: 'org_unit_path_prefix_idx', expression: 'create index org_unit_path_prefix_idx on org_unit (path text_pattern_ops)' })
export class OrgUnit {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'timeZone';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('OrgUnit', this.id);
  }

  @ManyToOne(() => OrgUnit, { nullable: true, index: true })
  parent?: Rel<OrgUnit> | null;

  @Field(() => OrgUnitKind, { description: 'Level in the tree.' })
  @Enum({ items: () => OrgUnitKind, columnType: 'text' })
  kind!: OrgUnitKind;

  @Field(() => String, { description: 'Short stable code, e.g. "GZ-GY-01".' })
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field(() => String, { description: 'Display name, e.g. 贵阳分公司.' })
  @Property({ type: 'text' })
  name!: string;

  /** Materialized path of ids, '/1/4/9/'. */
  @Property({ type: 'text', unique: true })
  path!: string;

  @Field(() => Float, { nullable: true, description: 'Latitude of the station (WGS-84, degrees); used for "within N km of station".' })
  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude of the station (WGS-84, degrees).' })
  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  @Field(() => String, { description: 'IANA time zone for business days and periods.' })
  @Property({ type: 'text', default: 'Asia/Shanghai' })
  timeZone: string = 'Asia/Shanghai';

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
