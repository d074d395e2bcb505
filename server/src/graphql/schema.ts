/** Builds the executable schema from the modules' resolvers. */
import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import { DateTimeScalar } from './scalars.js';
import { NodeResolver } from './node.resolver.js';
import { OrgUnitResolver } from '../modules/org/org.resolver.js';
import { UserResolver } from '../modules/org/user.resolver.js';
import { ApiKeyFieldsResolver, AuthResolver } from '../modules/auth/auth.resolver.js';
import { ApiKeyResolver } from '../modules/auth/api-key.resolver.js';
import { AuditResolver } from '../modules/audit/audit.resolver.js';
import { authChecker } from './auth-checker.js';
import { CustomerResolver } from '../modules/customers/customer.resolver.js';
import { ContactResolver } from '../modules/contacts/contact.resolver.js';

const ROOT_DESCRIPTIONS = {
  Query: 'Reads. Lists are Relay connections of at most 100 rows a page.',
  Mutation: 'Writes. Each takes one `input` and returns a payload; bad input is BAD_USER_INPUT and writes nothing.',
  Subscription: 'Live pushes over graphql-ws on the same URL, sent only after the change commits.',
};

export async function buildGridlineSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      NodeResolver,
      AuthResolver,
      ApiKeyResolver,
      ApiKeyFieldsResolver,
      OrgUnitResolver,
      UserResolver,
      CustomerResolver,
      ContactResolver,
      AuditResolver,
    ],
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: false, stopAtFirstError: false },
    // Subscriptions read from the EventBus through their own `subscribe`
    // functions; type-graphql insists on a PubSub all the same.
    pubSub: createPubSub(),
    emitSchemaFile: false,
  });
  // type-graphql has no decorator for the root types' own descriptions.
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (root) root.description = ROOT_DESCRIPTIONS[root.name as keyof typeof ROOT_DESCRIPTIONS];
  }
  return schema;
}
