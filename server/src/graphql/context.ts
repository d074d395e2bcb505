/**
 * The request context: who is asking, a forked EntityManager (one unit of
 * work per request) and that request's DataLoaders.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import { createOrgLoaders } from '../modules/org/org.loaders.js';
import { createCustomerLoaders } from '../modules/customers/customer.loaders.js';
import { createContactLoaders } from '../modules/contacts/contact.loaders.js';
import { createServiceAccountLoaders } from '../modules/service-accounts/service-account.loaders.js';
import { createVisitLoaders } from '../modules/visits/visit.loaders.js';
import { createTimelineLoaders } from '../modules/timeline/timeline.loaders.js';
import { createContractLoaders } from '../modules/contracts/contract.loaders.js';
import { createRiskLoaders } from '../modules/risk/risk.loaders.js';
import { createAlertLoaders } from '../modules/alerts/alert.loaders.js';
import { createReceivablesLoaders } from '../modules/receivables/receivables.loaders.js';
import { createInstallmentLoaders } from '../modules/installments/installment.loaders.js';
import { createInspectionLoaders } from '../modules/inspections/inspection.loaders.js';
import { createReturnVisitLoaders } from '../modules/return-visits/return-visit.loaders.js';
import { createCampaignLoaders } from '../modules/campaigns/campaign.loaders.js';
import { createMeterLoaders } from '../modules/meters/meter.loaders.js';
import { createWorklistLoaders } from '../modules/worklists/worklist.loaders.js';
import { createTargetLoaders } from '../modules/targets/target.loaders.js';
import { createRewardLoaders } from '../modules/rewards/reward.loaders.js';
import { createRotationLoaders } from '../modules/rotation/rotation.loaders.js';
import type { TokenSigner } from '../modules/auth/tokens.js';
import type { Credentials } from '../modules/auth/credentials.js';
import { ANONYMOUS, actorOf, dataScope, type DataScope, type Viewer } from '../modules/auth/viewer.js';
import type { Actor } from '../modules/audit/audit.service.js';

function createLoaders(em: EntityManager, scope: () => DataScope) {
  return { ...createMeterLoaders(em), ...createOrgLoaders(em), ...createCustomerLoaders(em, scope), ...createContactLoaders(em), ...createServiceAccountLoaders(em), ...createVisitLoaders(em, scope), ...createTimelineLoaders(em, scope), ...createContractLoaders(em, scope), ...createRiskLoaders(em), ...createAlertLoaders(em, scope), ...createReceivablesLoaders(em), ...createInstallmentLoaders(em), ...createInspectionLoaders(em), ...createReturnVisitLoaders(em), ...createCampaignLoaders(em, scope), ...createWorklistLoaders(em), ...createTargetLoaders(em), ...createRewardLoaders(em), ...createRotationLoaders(em) };
}
export type Loaders = ReturnType<typeof createLoaders>;

export interface Services {
  orm: MikroORM;
  events: EventBus;
  logger: Logger;
  signer: TokenSigner;
}

/** A field left null because the viewer may not see it. */
export interface Redaction {
  path: Array<string | number>;
  reason: string;
  requiredScope: string;
}

export interface Context {
  requestId: string;
  logger: Logger;
  em: EntityManager;
  loaders: Loaders;
  events: EventBus;
  signer: TokenSigner;
  /** What the request presented; turned into `auth.viewer` after validation. */
  credentials: Credentials;
  /**
   * Who is asking. A holder object, not a field: Apollo shallow-copies the
   * context per operation, and everyone must see the viewer set after it.
   */
  auth: { viewer: Viewer };
  /** Fields nulled for lack of a scope; reported in the response's extensions. */
  redactions: Redaction[];
  /** The rows the viewer may see (throws UNAUTHENTICATED for anonymous). */
  scope(): DataScope;
  /** Who acts, for audit entries. */
  actor(): Actor;
  /**
   * A fresh unit of work and fresh loaders. A subscription's context lives as
   * long as the subscription; each event is resolved after a refresh so it
   * never reads rows cached from an earlier event.
   */
  refresh(): void;
}

export function createContext(services: Services, requestId: string, credentials: Credentials, viewer: Viewer = ANONYMOUS): Context {
  // The unit of work and the loaders are made on first use: a subscription's
  // context lives as long as its socket (thousands of them on a live board)
  // and its events are executed in contexts of their own
  // (graphql/shared-subscriptions.ts), so most never need either.
  let em: EntityManager | null = null;
  let loaders: Loaders | null = null;
  const context: Context = {
    requestId,
    logger: services.logger.child({ requestId }),
    events: services.events,
    signer: services.signer,
    credentials,
    auth: { viewer },
    redactions: [],
    get em() {
      return (em ??= services.orm.em.fork());
    },
    get loaders() {
      return (loaders ??= createLoaders(context.em, context.scope));
    },
    scope: () => dataScope(context.auth.viewer),
    actor: () => ({ ...actorOf(context.auth.viewer), requestId }),
    refresh() {
      em = null;
      loaders = null;
    },
  };
  return context;
}
