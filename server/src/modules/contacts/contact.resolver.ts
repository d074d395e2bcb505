/** GraphQL API of contacts and their change history: thin mapping onto ContactService. */
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { ApiKeyScope } from '../auth/permissions.js';
import type { Context } from '../../graphql/context.js';
import { decodeId } from '../../graphql/global-id.js';
import { Customer } from '../customers/customer.entity.js';
import { User } from '../org/user.entity.js';
import { ContactRevision } from './contact-revision.entity.js';
import { Contact } from './contact.entity.js';
import { ContactService } from './contact.service.js';
import {
  AddContactInput,
  AddContactPayload,
  ArchiveContactInput,
  ArchiveContactPayload,
  UpdateContactInput,
  UpdateContactPayload,
} from './dto/contact.inputs.js';

@Resolver(() => Contact)
export class ContactResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => AddContactPayload, { description: 'Adds a contact person to a customer; the first active one becomes primary.' })
  async addContact(@Arg('input', () => AddContactInput, { description: 'What to write.' }) input: AddContactInput, @Ctx() ctx: Context): Promise<AddContactPayload> {
    return service(ctx).addContact({
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

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => UpdateContactPayload, {
    description: 'Changes a contact. The changed fields are recorded as a revision (before, after, who, when) instead of being overwritten 动态信息管理.',
  })
  updateContact(@Arg('input', () => UpdateContactInput, { description: 'What to write.' }) input: UpdateContactInput, @Ctx() ctx: Context): Promise<UpdateContactPayload> {
    const { id, ...changes } = input;
    return service(ctx).updateContact(decodeId(id, 'Contact', 'id'), changes);
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => ArchiveContactPayload, {
    description: "Archives a contact: it leaves the customer's list and stays in the history. The primary contact must be replaced first unless it is the last active one.",
  })
  archiveContact(@Arg('input', () => ArchiveContactInput, { description: 'What to write.' }) input: ArchiveContactInput, @Ctx() ctx: Context): Promise<ArchiveContactPayload> {
    return service(ctx).archiveContact(decodeId(input.id, 'Contact', 'id'), input.reason);
  }

  @FieldResolver(() => [ContactRevision], { description: 'Recorded changes of the contact, newest first.' })
  revisions(@Root() contact: Contact, @Ctx() ctx: Context): Promise<ContactRevision[]> {
    return ctx.loaders.contactRevisionsByContact.load(contact.id);
  }
}

@Resolver(() => ContactRevision)
export class ContactRevisionResolver {
  @FieldResolver(() => User, { nullable: true, description: 'The staff member who made the change; null for a partner tool (API key) or the system.' })
  changedBy(@Root() revision: ContactRevision, @Ctx() ctx: Context): Promise<User | null> | null {
    return revision.changedBy ? ctx.loaders.user.load(revision.changedBy.id) : null;
  }
}

/** `Customer.contacts`: the customer's contact people. */
@Resolver(() => Customer)
export class CustomerContactsResolver {
  @FieldResolver(() => [Contact], { description: 'Contact people, the primary one first; archived ones only when asked for (after the active ones).' })
  contacts(
    @Root() customer: Customer,
    @Arg('includeArchived', () => Boolean, { nullable: true, defaultValue: false, description: 'Also list archived contacts (they keep their history).' })
    includeArchived: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<Contact[]> {
    return (includeArchived === true ? ctx.loaders.allContactsByCustomer : ctx.loaders.activeContactsByCustomer).load(customer.id);
  }
}

function service(ctx: Context): ContactService {
  return new ContactService(ctx.em, ctx.scope(), ctx.actor());
}
