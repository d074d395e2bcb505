/**
 * GraphQL API of the customer import: `importCustomers`. The rows are written
 * by the mutations a client would call (createCustomer, addServiceAccount,
 * addContact), reached here the way the GraphQL layer reaches them: the input
 * is coerced against the schema's input type, checked by its class-validator
 * rules, then handed to the mutation's resolver — so an imported row obeys
 * exactly the rules of a typed-in one.
 */
import { Arg, ArgumentValidationError, Authorized, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import { GraphQLNonNull, coerceInputValue, type GraphQLInputObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { validate } from 'class-validator';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context.js';
import { AppError, toClientError, type FieldError } from '../../graphql/errors.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { CustomerResolver } from '../customers/customer.resolver.js';
import { CreateCustomerInput } from '../customers/dto/customer.inputs.js';
import { ServiceAccountResolver } from '../service-accounts/service-account.resolver.js';
import { AddServiceAccountInput } from '../service-accounts/dto/service-account.inputs.js';
import { ContactResolver } from '../contacts/contact.resolver.js';
import { AddContactInput } from '../contacts/dto/contact.inputs.js';
import { CustomerImportService, type MutationName, type Mutations } from './customer-import.service.js';
import { ImportCustomersInput, ImportCustomersPayload } from './dto/import.inputs.js';

interface MutationSpec {
  inputType: string;
  dto: new () => object;
  call(ctx: Context, input: never): Promise<number>;
}

const SPECS: Record<MutationName, MutationSpec> = {
  createCustomer: {
    inputType: 'CreateCustomerInput',
    dto: CreateCustomerInput,
    call: async (ctx, input: CreateCustomerInput) => (await new CustomerResolver().createCustomer(input, ctx)).customer.id,
  },
  addServiceAccount: {
    inputType: 'AddServiceAccountInput',
    dto: AddServiceAccountInput,
    call: async (ctx, input: AddServiceAccountInput) => (await new ServiceAccountResolver().addServiceAccount(input, ctx)).serviceAccount.id,
  },
  addContact: {
    inputType: 'AddContactInput',
    dto: AddContactInput,
    call: async (ctx, input: AddContactInput) => (await new ContactResolver().addContact(input, ctx)).contact.id,
  },
};

/** The schema's options for class-validator (graphql/schema.ts). */
const VALIDATION = { forbidUnknownValues: false, stopAtFirstError: false };

/** The three mutations, as the GraphQL layer would run them for this request's viewer. */
function graphqlMutations(ctx: Context, schema: GraphQLSchema): Mutations {
  const prepare = async (name: MutationName, raw: Record<string, unknown>): Promise<{ input?: object; problems: FieldError[] }> => {
    const spec = SPECS[name];
    const problems: FieldError[] = [];
    const type = schema.getType(spec.inputType) as GraphQLInputObjectType;
    const coerced = coerceInputValue(raw, new GraphQLNonNull(type), (path, _value, error) => {
      problems.push({ field: path.join('.') || spec.inputType, message: error.message });
    }) as Record<string, unknown>;
    if (problems.length) return { problems };
    const input = Object.assign(new spec.dto(), coerced);
    const errors = await validate(input, VALIDATION);
    if (errors.length) return { problems: toClientError(new ArgumentValidationError(errors))?.fields ?? [] };
    return { input, problems };
  };
  return {
    async run(em: EntityManager, name: MutationName, raw: Record<string, unknown>): Promise<number> {
      const { input, problems } = await prepare(name, raw);
      if (!input) throw AppError.badInput(problems);
      // The same viewer, scope and actor; the import's transaction.
      return SPECS[name].call({ ...ctx, em }, input as never);
    },
    async check(name: MutationName, raw: Record<string, unknown>): Promise<FieldError[]> {
      return (await prepare(name, raw)).problems;
    },
  };
}

@Resolver()
export class ImportResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => ImportCustomersPayload, {
    description:
      'Imports customers with their service accounts and contacts from a CSV or XLSX file (columns: README "Import and export"). ' +
      'Every row is checked with the rules of createCustomer, addServiceAccount and addContact; a dry run, or a file with any bad row, writes nothing and lists every bad row.',
  })
  importCustomers(
    @Arg('input', () => ImportCustomersInput, { description: 'The file and whether to only check it.' }) input: ImportCustomersInput,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImportCustomersPayload> {
    return new CustomerImportService(ctx.em, ctx.scope(), graphqlMutations(ctx, info.schema)).importCustomers(input.format, input.content, input.dryRun);
  }
}
