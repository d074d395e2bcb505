/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A change of the signed-in user's password. */
export type ChangePasswordInput = {
  /** The current password. */
  currentPassword: string;
  /** The new password, at least 10 characters. */
  newPassword: string;
};

/** A new customer. */
export type CreateCustomerInput = {
  /** Postal address of the main site. */
  address?: string | null | undefined;
  /** District 区县 of the main site, e.g. 南明区 (at most 100 characters). */
  district?: string | null | undefined;
  /** Estimated consumption per month, not negative. */
  estimatedMonthlyConsumption?: string | null | undefined;
  /** Industry, e.g. 化工, 医疗, 酒店餐饮 (at most 100 characters). */
  industry?: string | null | undefined;
  /** What kind of organisation it is. */
  kind: CustomerKind;
  /** Latitude of the main site, -90 to 90 (WGS-84); give it together with longitude. */
  latitude?: number | null | undefined;
  /** Longitude of the main site, -180 to 180 (WGS-84); give it together with latitude. */
  longitude?: number | null | undefined;
  /** Registered name (1–200 characters). */
  name: string;
  /** The station (or other org unit) the customer belongs to. */
  orgUnitId: string | number;
  /** The customer who referred this one 客户引荐客户: another customer you may see. Needs source REFERRAL. */
  referredById?: string | number | null | undefined;
  /** The leader responsible for a hard account 包保领导: a LEAD or ADMIN at the customer's org unit or above. Needs customers:assign. */
  responsibleLeaderId?: string | number | null | undefined;
  /** The responsible rep 客户经理. */
  responsibleRepId?: string | number | null | undefined;
  /** How the customer was found; REFERRAL is set by itself when only referredById is given. */
  source?: CustomerSource | null | undefined;
  /** Detail of the source: the event, campaign or channel (at most 500 characters). */
  sourceDetail?: string | null | undefined;
  /** Starting lifecycle stage; PROSPECT when omitted. */
  status?: CustomerStatus | null | undefined;
  /** Why the customer reaches its (new) lifecycle stage; required for SUSPENDED and CLOSED (at most 500 characters). Kept in statusHistory. */
  statusReason?: string | null | undefined;
  /** How important it is. */
  tier: CustomerTier;
  /** Unified social credit code 统一社会信用代码; required once the status is ACTIVE or SUSPENDED. */
  uscc?: string | null | undefined;
  /** What it buys. */
  utility: Utility;
};

/** What happened to the customer. */
export type CustomerChangeKind =
  /** A bill, payment, adjustment or refund of one of its service accounts was recorded (changedFields: balance). Batches (importBills, recordPayments) do not push this. */
  | 'BILLING_CHANGED'
  /** A contact was added. */
  | 'CONTACT_ADDED'
  /** A contact was archived (changedFields: contacts). */
  | 'CONTACT_ARCHIVED'
  /** A contact changed; the change is in its revisions (changedFields: contacts). */
  | 'CONTACT_UPDATED'
  /** A contract was recorded, signed, amended, renewed, terminated, expired or got a document (changedFields: contracts). */
  | 'CONTRACT_CHANGED'
  /** The customer was created. */
  | 'CREATED'
  /** The customer was put on or taken off the risk ledger 风险客户台账, or its plan or level changed (changedFields: riskLevel, riskEntries). */
  | 'RISK_CHANGED'
  /** A service account 户号 was added (changedFields: serviceAccounts). */
  | 'SERVICE_ACCOUNT_ADDED'
  /** A service account was suspended 封堵, resumed or closed 销户 (changedFields: serviceAccounts). */
  | 'SERVICE_ACCOUNT_STATUS_CHANGED'
  /** A service account's address, district, meter points or serving station changed (changedFields: serviceAccounts). */
  | 'SERVICE_ACCOUNT_UPDATED'
  /** Fields of the customer changed (see changedFields). */
  | 'UPDATED'
  /** A visit 走访 or call was logged (changedFields: visits). */
  | 'VISIT_LOGGED';

/** Which customers to list; all conditions must hold. */
export type CustomerFilter = {
  /** Only customers developed on or after this day (YYYY-MM-DD, company time zone). */
  developedFrom?: string | null | undefined;
  /** Only customers developed on or before this day (YYYY-MM-DD, company time zone). */
  developedTo?: string | null | undefined;
  /** True: only customers on the dishonesty list 失信名单; false: only those not on it. */
  dishonest?: boolean | null | undefined;
  /** Only these industries (exact names, e.g. 化工). */
  industries?: Array<string> | null | undefined;
  /** Only these kinds. */
  kinds?: Array<CustomerKind> | null | undefined;
  /** Only customers with an estimated monthly consumption of at least this. */
  minMonthlyConsumption?: string | null | undefined;
  /** Only customers with coordinates within a distance of a station (prospect screening). */
  nearStation?: NearStationFilter | null | undefined;
  /** True: only customers on the risk ledger 风险客户台账; false: only those not on it. */
  onRiskLedger?: boolean | null | undefined;
  /** Only customers in the subtree of this org unit. */
  orgUnitId?: string | number | null | undefined;
  /** Only customers of this responsible leader 包保领导. */
  responsibleLeaderId?: string | number | null | undefined;
  /** Only customers of this responsible rep. */
  responsibleRepId?: string | number | null | undefined;
  /** Only customers whose open risk entry has one of these levels. */
  riskLevels?: Array<RiskLevel> | null | undefined;
  /** Name contains this text, or the USCC or one of its service account numbers 户号 starts with it. */
  search?: string | null | undefined;
  /** Only these lifecycle stages. */
  statuses?: Array<CustomerStatus> | null | undefined;
  /** Only these tiers. */
  tiers?: Array<CustomerTier> | null | undefined;
  /** Only these utilities. */
  utilities?: Array<Utility> | null | undefined;
};

/** What kind of organisation the customer is. */
export type CustomerKind =
  /** CNG filling station CNG加气站. */
  | 'CNG_STATION'
  /** Shop, office, restaurant 商业. */
  | 'COMMERCIAL'
  /** Hotel 酒店. */
  | 'HOTEL'
  /** Factory or plant 工业. */
  | 'INDUSTRIAL'
  /** Hospital, school, government body 公共机构. */
  | 'PUBLIC_INSTITUTION'
  /** Residential compound 居民小区. */
  | 'RESIDENTIAL_COMPOUND'
  /** Taxi, bus or logistics fleet 运输车队. */
  | 'TRANSPORT_FLEET';

/** Sort order of a customer list. */
export type CustomerOrder =
  /** Largest estimated monthly consumption first; customers without an estimate last. */
  | 'CONSUMPTION_DESC'
  /** Newest first. */
  | 'CREATED_AT_DESC'
  /** Most recently developed first; never-developed customers last. */
  | 'DEVELOPED_AT_DESC'
  /** By name, A to Z (code point order). */
  | 'NAME_ASC';

/** How the customer was found (DOMAIN.md "Source"). */
export type CustomerSource =
  /** A marketing campaign. */
  | 'CAMPAIGN'
  /** Through government or union liaison 政企共建/工会联系函. */
  | 'GOVERNMENT_LIAISON'
  /** An industry event or exhibition. */
  | 'INDUSTRY_EVENT'
  /** Any other way. */
  | 'OTHER'
  /** Referred by another customer 客户引荐客户 (see referredBy). */
  | 'REFERRAL'
  /** Screening of company data 企查查筛查. */
  | 'SCREENING'
  /** Came to a station or office by itself. */
  | 'WALK_IN';

/** Lifecycle stage: prospect → contacted → negotiating → active → suspended → closed. */
export type CustomerStatus =
  /** Developed and supplied 开发成功; the date counts for rewards. */
  | 'ACTIVE'
  /** Account closed 销户. */
  | 'CLOSED'
  /** First contact made 已接触. */
  | 'CONTACTED'
  /** In negotiation 洽谈中. */
  | 'NEGOTIATING'
  /** Identified, not yet contacted 潜在. */
  | 'PROSPECT'
  /** Supply suspended 停用. */
  | 'SUSPENDED';

/** How important the customer is to the company. */
export type CustomerTier =
  /** Key account 大客户, above the company's consumption threshold. */
  | 'KEY'
  /** Prospect 潜在客户, not yet supplied. */
  | 'PROSPECT'
  /** Regular customer 普通客户. */
  | 'REGULAR'
  /** Strategic account 战略客户 (group-level "十百千万"). */
  | 'STRATEGIC';

/** A staff sign-in. */
export type LoginInput = {
  /** Login name. */
  login: string;
  /** Password. */
  password: string;
};

/** Which session to end. */
export type LogoutInput = {
  /** End every session of this user, on every device. */
  everywhere?: boolean | null | undefined;
  /** The refresh token of the session. */
  refreshToken: string;
};

/** Customers within a distance of a station (great-circle distance between their coordinates). */
export type NearStationFilter = {
  /** The station (or other org unit) to measure from; it must have coordinates. */
  stationId: string | number;
  /** Radius in km, more than 0 and at most 500. A station looks after prospects within 30–50 km. */
  withinKm: number;
};

/** Level in the org tree. */
export type OrgUnitKind =
  /** An area 片区 within a branch. */
  | 'AREA'
  /** A branch 分公司. */
  | 'BRANCH'
  /** The company 公司, root of the tree. */
  | 'COMPANY'
  /** A station or business office 站/营业所; customers belong to stations. */
  | 'STATION';

/** A refresh token to exchange. */
export type RefreshSessionInput = {
  /** The refresh token from login or the last refresh. */
  refreshToken: string;
};

/** Level of a risk-ledger entry 风险等级. */
export type RiskLevel =
  /** High risk: a leader handles it personally. */
  | 'HIGH'
  /** Low risk, watched. */
  | 'LOW'
  /** Medium risk. */
  | 'MEDIUM';

/** What a staff user does. */
export type Role =
  /** Administers the org tree, users, policies and API keys. */
  | 'ADMIN'
  /** Fee collector 收费员: records payments and chases arrears. */
  | 'COLLECTOR'
  /** Team lead 班子成员/片区经理: sees and manages its subtree. */
  | 'LEAD'
  /** Sales rep / account manager 客户经理: develops and serves customers. */
  | 'REP'
  /** Read-only access. */
  | 'VIEWER';

/** What the customer buys from the company. */
export type Utility =
  /** Integrated energy services 综合能源服务. */
  | 'ENERGY_SERVICES'
  /** Oil products 油品. */
  | 'FUEL'
  /** Piped or compressed natural gas 燃气. */
  | 'GAS'
  /** District heating 热力. */
  | 'HEAT'
  /** Electricity 电力. */
  | 'POWER';

/** Who is calling. */
export type ViewerKind =
  /** A partner tool with an API key. */
  | 'PARTNER'
  /** A signed-in staff user. */
  | 'STAFF';

export type SessionFieldsFragment = { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string, user: { id: string, name: string, role: Role, login: string, orgUnit: { id: string, name: string, kind: OrgUnitKind } } } & { ' $fragmentName'?: 'SessionFieldsFragment' };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string, user: { id: string, name: string, role: Role, login: string, orgUnit: { id: string, name: string, kind: OrgUnitKind } } } };

export type RefreshSessionMutationVariables = Exact<{
  input: RefreshSessionInput;
}>;


export type RefreshSessionMutation = { refreshSession: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string, user: { id: string, name: string, role: Role, login: string, orgUnit: { id: string, name: string, kind: OrgUnitKind } } } };

export type LogoutMutationVariables = Exact<{
  input: LogoutInput;
}>;


export type LogoutMutation = { logout: { ok: boolean } };

export type ChangePasswordMutationVariables = Exact<{
  input: ChangePasswordInput;
}>;


export type ChangePasswordMutation = { changePassword: { ok: boolean } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { me: { kind: ViewerKind, permissions: Array<string>, user: { id: string, name: string, role: Role, login: string, orgUnit: { id: string, name: string } } | null, orgUnit: { id: string, name: string, kind: OrgUnitKind } } };

export type CreateCustomerMutationVariables = Exact<{
  input: CreateCustomerInput;
}>;


export type CreateCustomerMutation = { createCustomer: { customer: (
      { id: string, name: string, uscc: string | null, kind: CustomerKind, utility: Utility, tier: CustomerTier, status: CustomerStatus, orgUnit: { id: string } }
      & { ' $fragmentRefs'?: { 'CustomerRow_CustomerFragment': CustomerRow_CustomerFragment } }
    ) } };

export type CustomerListQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: CustomerFilter | null | undefined;
  orderBy: CustomerOrder;
}>;


export type CustomerListQuery = { customers: { totalCount: number, edges: Array<{ cursor: string, node: (
        { id: string }
        & { ' $fragmentRefs'?: { 'CustomerRow_CustomerFragment': CustomerRow_CustomerFragment } }
      ) }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CustomerRow_CustomerFragment = { id: string, name: string, uscc: string | null, kind: CustomerKind, tier: CustomerTier, status: CustomerStatus, updatedAt: string, orgUnit: { id: string, name: string }, responsibleRep: { id: string, name: string } | null, contacts: Array<{ id: string, name: string, phone: string | null, isPrimary: boolean }> } & { ' $fragmentName'?: 'CustomerRow_CustomerFragment' };

export type CustomersView_CustomerFragment = { id: string, name: string, uscc: string | null, kind: CustomerKind, utility: Utility, tier: CustomerTier, status: CustomerStatus, orgUnit: { id: string } } & { ' $fragmentName'?: 'CustomersView_CustomerFragment' };

export type CustomerChangedSubscriptionVariables = Exact<{
  orgUnitId?: string | number | null | undefined;
}>;


export type CustomerChangedSubscription = { customerChanged: { eventId: string, kind: CustomerChangeKind, changedFields: Array<string>, occurredAt: string, customer: (
      { id: string, name: string, uscc: string | null, kind: CustomerKind, utility: Utility, tier: CustomerTier, status: CustomerStatus, orgUnit: { id: string } }
      & { ' $fragmentRefs'?: { 'CustomerRow_CustomerFragment': CustomerRow_CustomerFragment } }
    ) } };

export type OrgUnitTreeQueryVariables = Exact<{ [key: string]: never; }>;


export type OrgUnitTreeQuery = { orgUnits: Array<{ id: string, kind: OrgUnitKind, code: string, name: string, parent: { id: string } | null }> };

export const SessionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"login"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]} as unknown as DocumentNode<SessionFieldsFragment, unknown>;
export const CustomerRow_CustomerFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerRow_customer"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"responsibleRep"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"isPrimary"}}]}}]}}]} as unknown as DocumentNode<CustomerRow_CustomerFragment, unknown>;
export const CustomersView_CustomerFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomersView_customer"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"utility"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CustomersView_CustomerFragment, unknown>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LoginInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionFields"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"unmask"}}]}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"login"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const RefreshSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefreshSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RefreshSessionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refreshSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"login"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RefreshSessionMutation, RefreshSessionMutationVariables>;
export const LogoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Logout"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LogoutInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}}]}}]}}]} as unknown as DocumentNode<LogoutMutation, LogoutMutationVariables>;
export const ChangePasswordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangePassword"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangePasswordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changePassword"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}}]}}]}}]} as unknown as DocumentNode<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const ViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"permissions"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"login"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const CreateCustomerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateCustomer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateCustomerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createCustomer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomerRow_customer"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomersView_customer"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"unmask"}}]}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerRow_customer"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"responsibleRep"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"isPrimary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomersView_customer"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"utility"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CreateCustomerMutation, CreateCustomerMutationVariables>;
export const CustomerListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerOrder"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomerRow_customer"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerRow_customer"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"responsibleRep"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"isPrimary"}}]}}]}}]} as unknown as DocumentNode<CustomerListQuery, CustomerListQueryVariables>;
export const CustomerChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CustomerChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgUnitId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orgUnitId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgUnitId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"changedFields"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomerRow_customer"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomersView_customer"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"unmask"}}]}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerRow_customer"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"responsibleRep"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"isPrimary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomersView_customer"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"utility"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CustomerChangedSubscription, CustomerChangedSubscriptionVariables>;
export const OrgUnitTreeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OrgUnitTree"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orgUnits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<OrgUnitTreeQuery, OrgUnitTreeQueryVariables>;