/** Settings shared by every server instance, such as the token signing key. */
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'server_setting' })
export class ServerSetting {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  value!: string;
}
