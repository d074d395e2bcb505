/** Builds the executable schema from the modules' resolvers. */
import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import { DateTimeScalar } from './scalars.js';
import { NodeResolver } from './node.resolver.js';
import { OrgUnitResolver, UserResolver } from '../modules/org/org.resolver.js';
import { CustomerResolver } from '../modules/customers/customer.resolver.js';
import { ContactResolver } from '../modules/contacts/contact.resolver.js';

export function buildGridlineSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [NodeResolver, OrgUnitResolver, UserResolver, CustomerResolver, ContactResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: false, stopAtFirstError: false },
    // Subscriptions read from the EventBus through their own `subscribe`
    // functions; type-graphql insists on a PubSub all the same.
    pubSub: createPubSub(),
    emitSchemaFile: false,
  });
}
