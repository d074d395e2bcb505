/** GraphQL API of contacts. */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { ApiKeyScope } from '../auth/permissions.js';
import type { Context } from '../../graphql/context.js';
import { decodeId } from '../../graphql/global-id.js';
import { Contact } from './contact.entity.js';
import { ContactService } from './contact.service.js';
import { AddContactInput, AddContactPayload } from './dto/contact.inputs.js';

@Resolver(() => Contact)
export class ContactResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => AddContactPayload, { description: 'Adds a contact person to a customer; the first one becomes primary.' })
  async addContact(@Arg('input', () => AddContactInput, { description: 'What to write.' }) input: AddContactInput, @Ctx() ctx: Context): Promise<AddContactPayload> {
    return new ContactService(ctx.em, ctx.scope(), ctx.actor()).addContact({
      customerId: decodeId(input.customerId, 'Customer', 'customerId'),
      name: input.name,
      title: input.title ?? null,
      role: input.role,
      phone: input.phone ?? null,
      email: input.email ?? null,
      wechat: input.wechat ?? null,
      isPrimary: input.isPrimary ?? false,
    });
  }
}
