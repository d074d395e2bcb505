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
import { CustomerResolver, CustomerStatusChangeResolver } from '../modules/customers/customer.resolver.js';
import { ContactResolver, ContactRevisionResolver, CustomerContactsResolver } from '../modules/contacts/contact.resolver.js';
import { CustomerServiceAccountsResolver, ServiceAccountResolver } from '../modules/service-accounts/service-account.resolver.js';
import { CustomerVisitsResolver, VisitResolver } from '../modules/visits/visit.resolver.js';
import { CustomerTimelineResolver, TimelineConnectionResolver, TimelineEntryResolver } from '../modules/timeline/timeline.resolver.js';
import { ContractEventResolver, ContractResolver, CustomerContractsResolver } from '../modules/contracts/contract.resolver.js';
import { CustomerRiskResolver, RiskResolver } from '../modules/risk/risk.resolver.js';
import { ImportResolver } from '../modules/imports/imports.resolver.js';
import { DailyReportResolver, ReportTrendsResolver } from '../modules/reports/reports.resolver.js';
import { AlertResolver } from '../modules/alerts/alert.resolver.js';
import { RECEIVABLES_RESOLVERS } from '../modules/receivables/receivables.resolver.js';
import { CustomerInstallmentPlansResolver, InstallmentPlanResolver, InstalmentResolver } from '../modules/installments/installment.resolver.js';
import { CAMPAIGN_RESOLVERS } from '../modules/campaigns/campaign.resolver.js';
import { METER_RESOLVERS } from '../modules/meters/meter.resolver.js';
import {
  CustomerInspectionsResolver,
  InspectionDueResolver,
  InspectionFindingResolver,
  InspectionResolver,
  RectificationNoticeResolver,
} from '../modules/inspections/inspection.resolver.js';
import { CustomerReturnVisitsResolver, ReturnVisitResolver } from '../modules/return-visits/return-visit.resolver.js';
import { LEADERBOARD_RESOLVERS } from '../modules/leaderboards/leaderboard.resolver.js';
import { CollectionPolicyResolver } from '../modules/collection-policies/collection-policy.resolver.js';
import { WorklistArrearsEntryResolver, WorklistItemResolver, WorklistResolver } from '../modules/worklists/worklist.resolver.js';
import { TargetResolver } from '../modules/targets/target.resolver.js';
import { RewardResolver } from '../modules/rewards/reward.resolver.js';
import { ROTATION_RESOLVERS } from '../modules/rotation/rotation.resolver.js';
import { COLLECTOR_STATS_RESOLVERS } from '../modules/collector-stats/collector-stats.resolver.js';
import { SavedViewResolver } from '../modules/saved-views/saved-view.resolver.js';

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
      CustomerStatusChangeResolver,
      ContactResolver,
      ContactRevisionResolver,
      CustomerContactsResolver,
      ServiceAccountResolver,
      CustomerServiceAccountsResolver,
      VisitResolver,
      CustomerVisitsResolver,
      CustomerTimelineResolver,
      TimelineConnectionResolver,
      TimelineEntryResolver,
      ContractResolver,
      ContractEventResolver,
      CustomerContractsResolver,
      RiskResolver,
      CustomerRiskResolver,
      ImportResolver,
      AlertResolver,
      ...RECEIVABLES_RESOLVERS,
      InstallmentPlanResolver,
      InstalmentResolver,
      CustomerInstallmentPlansResolver,
      ...CAMPAIGN_RESOLVERS,
      ...METER_RESOLVERS,
      InspectionResolver,
      InspectionFindingResolver,
      RectificationNoticeResolver,
      InspectionDueResolver,
      CustomerInspectionsResolver,
      ReturnVisitResolver,
      CustomerReturnVisitsResolver,
      CollectionPolicyResolver,
      WorklistResolver,
      WorklistItemResolver,
      WorklistArrearsEntryResolver,
      TargetResolver,
      RewardResolver,
      ...LEADERBOARD_RESOLVERS,
      ...ROTATION_RESOLVERS,
      ...COLLECTOR_STATS_RESOLVERS,
      DailyReportResolver,
      ReportTrendsResolver,
      AuditResolver,
      SavedViewResolver,
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
