// The GraphQL operations of signing in and out. `login`, `refreshSession`
// and `logout` are sent without an Authorization header (see
// PUBLIC_OPERATIONS in src/apollo/auth-link.ts): they carry their own
// credentials, and the server rejects a request whose bearer token has
// expired before it even looks at the operation.
import { graphql } from '../../gql';

/** What a sign-in or a refresh returns; kept as the stored session (session-store.ts). */
export const SessionFields = graphql(`
  fragment SessionFields on SessionPayload {
    accessToken
    accessTokenExpiresAt
    refreshToken
    refreshTokenExpiresAt
    user {
      id
      name
      role
      login
      orgUnit {
        id
        name
        kind
      }
    }
  }
`);

export const loginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...SessionFields @unmask
    }
  }
`);

/**
 * Sent with fetch by access-token.ts, never through the Apollo link chain,
 * so it spells out SessionFields: `@unmask` is a client-only directive that
 * only Apollo Client strips before sending.
 */
export const refreshSessionMutation = graphql(`
  mutation RefreshSession($input: RefreshSessionInput!) {
    refreshSession(input: $input) {
      accessToken
      accessTokenExpiresAt
      refreshToken
      refreshTokenExpiresAt
      user {
        id
        name
        role
        login
        orgUnit {
          id
          name
          kind
        }
      }
    }
  }
`);

export const logoutMutation = graphql(`
  mutation Logout($input: LogoutInput!) {
    logout(input: $input) {
      ok
    }
  }
`);

export const changePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ok
    }
  }
`);

/** Who is signed in and what they may do (`permissions` such as customers:write, pii:read). */
export const viewerQuery = graphql(`
  query Viewer {
    me {
      kind
      permissions
      user {
        id
        name
        role
        login
        orgUnit {
          id
          name
        }
      }
      orgUnit {
        id
        name
        kind
      }
    }
  }
`);

/** The operations the auth link leaves alone (no Authorization header, no refresh-and-retry). */
export const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set(['Login', 'RefreshSession', 'Logout']);
