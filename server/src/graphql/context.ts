/**
 * The request context: who is asking, a forked EntityManager (one unit of
 * work per request) and that request's DataLoaders.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import { createOrgLoaders } from '../modules/org/org.loaders.js';
import { createCustomerLoaders } from '../modules/customers/customer.loaders.js';

function createLoaders(em: EntityManager) {
  return { ...createOrgLoaders(em), ...createCustomerLoaders(em) };
}
export type Loaders = ReturnType<typeof createLoaders>;

export interface Services {
  orm: MikroORM;
  events: EventBus;
  logger: Logger;
}

export interface Context {
  requestId: string;
  logger: Logger;
  em: EntityManager;
  loaders: Loaders;
  events: EventBus;
  /**
   * A fresh unit of work and fresh loaders. A subscription's context lives as
   * long as the subscription; each event is resolved after a refresh so it
   * never reads rows cached from an earlier event.
   */
  refresh(): void;
}

export function createContext(services: Services, requestId: string): Context {
  const context: Context = {
    requestId,
    logger: services.logger.child({ requestId }),
    events: services.events,
    em: services.orm.em.fork(),
    loaders: undefined as unknown as Loaders,
    refresh() {
      context.em = services.orm.em.fork();
      context.loaders = createLoaders(context.em);
    },
  };
  context.loaders = createLoaders(context.em);
  return context;
}
