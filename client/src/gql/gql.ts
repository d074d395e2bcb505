/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment SessionFields on SessionPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    refreshTokenExpiresAt\n    user {\n      id\n      name\n      role\n      login\n      orgUnit {\n        id\n        name\n        kind\n      }\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionFields @unmask\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation RefreshSession($input: RefreshSessionInput!) {\n    refreshSession(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      refreshTokenExpiresAt\n      user {\n        id\n        name\n        role\n        login\n        orgUnit {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation Logout($input: LogoutInput!) {\n    logout(input: $input) {\n      ok\n    }\n  }\n": typeof types.LogoutDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ok\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query Viewer {\n    me {\n      kind\n      permissions\n      user {\n        id\n        name\n        role\n        login\n        orgUnit {\n          id\n          name\n        }\n      }\n      orgUnit {\n        id\n        name\n        kind\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer {\n        id\n        ...CustomerRow_customer\n        ...CustomersView_customer @unmask\n      }\n    }\n  }\n": typeof types.CreateCustomerDocument,
    "\n  query CustomerList($first: Int!, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder!) {\n    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...CustomerRow_customer\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.CustomerListDocument,
    "\n  fragment CustomerRow_customer on Customer {\n    id\n    name\n    uscc\n    kind\n    tier\n    status\n    updatedAt\n    orgUnit {\n      id\n      name\n    }\n    responsibleRep {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n      phone\n      isPrimary\n    }\n  }\n": typeof types.CustomerRow_CustomerFragmentDoc,
    "\n  fragment CustomersView_customer on Customer {\n    id\n    name\n    uscc\n    kind\n    utility\n    tier\n    status\n    orgUnit {\n      id\n    }\n  }\n": typeof types.CustomersView_CustomerFragmentDoc,
    "\n  subscription CustomerChanged($orgUnitId: ID) {\n    customerChanged(orgUnitId: $orgUnitId) {\n      eventId\n      kind\n      changedFields\n      occurredAt\n      customer {\n        id\n        ...CustomerRow_customer\n        ...CustomersView_customer @unmask\n      }\n    }\n  }\n": typeof types.CustomerChangedDocument,
    "\n  query OrgUnitTree {\n    orgUnits {\n      id\n      kind\n      code\n      name\n      parent {\n        id\n      }\n    }\n  }\n": typeof types.OrgUnitTreeDocument,
};
const documents: Documents = {
    "\n  fragment SessionFields on SessionPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    refreshTokenExpiresAt\n    user {\n      id\n      name\n      role\n      login\n      orgUnit {\n        id\n        name\n        kind\n      }\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionFields @unmask\n    }\n  }\n": types.LoginDocument,
    "\n  mutation RefreshSession($input: RefreshSessionInput!) {\n    refreshSession(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      refreshTokenExpiresAt\n      user {\n        id\n        name\n        role\n        login\n        orgUnit {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation Logout($input: LogoutInput!) {\n    logout(input: $input) {\n      ok\n    }\n  }\n": types.LogoutDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ok\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  query Viewer {\n    me {\n      kind\n      permissions\n      user {\n        id\n        name\n        role\n        login\n        orgUnit {\n          id\n          name\n        }\n      }\n      orgUnit {\n        id\n        name\n        kind\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer {\n        id\n        ...CustomerRow_customer\n        ...CustomersView_customer @unmask\n      }\n    }\n  }\n": types.CreateCustomerDocument,
    "\n  query CustomerList($first: Int!, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder!) {\n    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...CustomerRow_customer\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.CustomerListDocument,
    "\n  fragment CustomerRow_customer on Customer {\n    id\n    name\n    uscc\n    kind\n    tier\n    status\n    updatedAt\n    orgUnit {\n      id\n      name\n    }\n    responsibleRep {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n      phone\n      isPrimary\n    }\n  }\n": types.CustomerRow_CustomerFragmentDoc,
    "\n  fragment CustomersView_customer on Customer {\n    id\n    name\n    uscc\n    kind\n    utility\n    tier\n    status\n    orgUnit {\n      id\n    }\n  }\n": types.CustomersView_CustomerFragmentDoc,
    "\n  subscription CustomerChanged($orgUnitId: ID) {\n    customerChanged(orgUnitId: $orgUnitId) {\n      eventId\n      kind\n      changedFields\n      occurredAt\n      customer {\n        id\n        ...CustomerRow_customer\n        ...CustomersView_customer @unmask\n      }\n    }\n  }\n": types.CustomerChangedDocument,
    "\n  query OrgUnitTree {\n    orgUnits {\n      id\n      kind\n      code\n      name\n      parent {\n        id\n      }\n    }\n  }\n": types.OrgUnitTreeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on SessionPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    refreshTokenExpiresAt\n    user {\n      id\n      name\n      role\n      login\n      orgUnit {\n        id\n        name\n        kind\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment SessionFields on SessionPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    refreshTokenExpiresAt\n    user {\n      id\n      name\n      role\n      login\n      orgUnit {\n        id\n        name\n        kind\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionFields @unmask\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionFields @unmask\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($input: RefreshSessionInput!) {\n    refreshSession(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      refreshTokenExpiresAt\n      user {\n        id\n        name\n        role\n        login\n        orgUnit {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshSession($input: RefreshSessionInput!) {\n    refreshSession(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      refreshTokenExpiresAt\n      user {\n        id\n        name\n        role\n        login\n        orgUnit {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($input: LogoutInput!) {\n    logout(input: $input) {\n      ok\n    }\n  }\n"): (typeof documents)["\n  mutation Logout($input: LogoutInput!) {\n    logout(input: $input) {\n      ok\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ok\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ok\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      kind\n      permissions\n      user {\n        id\n        name\n        role\n        login\n        orgUnit {\n          id\n          name\n        }\n      }\n      orgUnit {\n        id\n        name\n        kind\n      }\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    me {\n      kind\n      permissions\n      user {\n        id\n        name\n        role\n        login\n        orgUnit {\n          id\n          name\n        }\n      }\n      orgUnit {\n        id\n        name\n        kind\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer {\n        id\n        ...CustomerRow_customer\n        ...CustomersView_customer @unmask\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      customer {\n        id\n        ...CustomerRow_customer\n        ...CustomersView_customer @unmask\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerList($first: Int!, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder!) {\n    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...CustomerRow_customer\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerList($first: Int!, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder!) {\n    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...CustomerRow_customer\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerRow_customer on Customer {\n    id\n    name\n    uscc\n    kind\n    tier\n    status\n    updatedAt\n    orgUnit {\n      id\n      name\n    }\n    responsibleRep {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n      phone\n      isPrimary\n    }\n  }\n"): (typeof documents)["\n  fragment CustomerRow_customer on Customer {\n    id\n    name\n    uscc\n    kind\n    tier\n    status\n    updatedAt\n    orgUnit {\n      id\n      name\n    }\n    responsibleRep {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n      phone\n      isPrimary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomersView_customer on Customer {\n    id\n    name\n    uscc\n    kind\n    utility\n    tier\n    status\n    orgUnit {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment CustomersView_customer on Customer {\n    id\n    name\n    uscc\n    kind\n    utility\n    tier\n    status\n    orgUnit {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CustomerChanged($orgUnitId: ID) {\n    customerChanged(orgUnitId: $orgUnitId) {\n      eventId\n      kind\n      changedFields\n      occurredAt\n      customer {\n        id\n        ...CustomerRow_customer\n        ...CustomersView_customer @unmask\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription CustomerChanged($orgUnitId: ID) {\n    customerChanged(orgUnitId: $orgUnitId) {\n      eventId\n      kind\n      changedFields\n      occurredAt\n      customer {\n        id\n        ...CustomerRow_customer\n        ...CustomersView_customer @unmask\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrgUnitTree {\n    orgUnits {\n      id\n      kind\n      code\n      name\n      parent {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query OrgUnitTree {\n    orgUnits {\n      id\n      kind\n      code\n      name\n      parent {\n        id\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;