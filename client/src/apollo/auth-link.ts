// Signs HTTP operations with the session's access token.
//
// Before each request the link asks access-token.ts for a token (refreshed
// first when it expires within a minute, single-flight) and sends it as
// `Authorization: Bearer …`. When the server still refuses it (HTTP 401, or
// a result whose error is UNAUTHENTICATED: TOKEN_EXPIRED, TOKEN_INVALID,
// USER_DISABLED, MALFORMED), the link marks the token rejected, gets a
// refreshed one and sends the request once more; the first answer is never
// shown. If the refresh is refused the session has ended (access-token.ts
// clears it and the console returns to the login page) and the request ends
// with the server's UNAUTHENTICATED error.
//
// `login`, `refreshSession` and `logout` pass through untouched: they carry
// their own credentials, and their UNAUTHENTICATED ("Wrong login or
// password") is an answer for the login form, not a reason to refresh.
import { ApolloLink, ServerError } from '@apollo/client';
import { Observable, type Subscription } from 'rxjs';

import { PUBLIC_OPERATIONS } from '../features/auth/auth-operations';
import { getAccessToken, rejectAccessToken } from '../features/auth/access-token';

type Result = ApolloLink.Result;

/** The result a request gets when nobody is signed in; readError() reads it as UNAUTHENTICATED. */
export const NOT_SIGNED_IN: Result = {
  errors: [{ message: 'Not signed in', extensions: { code: 'UNAUTHENTICATED', reason: 'NO_SESSION' } }],
};

function isUnauthenticatedResult(result: Result): boolean {
  const errors = 'errors' in result ? result.errors : undefined;
  return !!errors?.some((error) => error.extensions?.['code'] === 'UNAUTHENTICATED');
}

function isUnauthorizedError(error: unknown): boolean {
  return ServerError.is(error) && error.statusCode === 401;
}

export const authLink = new ApolloLink((operation, forward) => {
  if (operation.operationName && PUBLIC_OPERATIONS.has(operation.operationName)) return forward(operation);

  return new Observable<Result>((observer) => {
    let subscription: Subscription | undefined;
    let closed = false;

    const attempt = async (isRetry: boolean): Promise<void> => {
      let token: string | null;
      try {
        token = await getAccessToken();
      } catch (error) {
        if (!closed) observer.error(error);
        return;
      }
      if (closed) return;
      if (!token) {
        observer.next(NOT_SIGNED_IN);
        observer.complete();
        return;
      }
      const sentToken = token;
      operation.setContext(({ headers }) => ({
        headers: { ...headers, authorization: `Bearer ${sentToken}` },
      }));

      // Set when this attempt was refused and a retry took over.
      let handedOver = false;
      const retry = () => {
        handedOver = true;
        rejectAccessToken(sentToken);
        void attempt(true);
      };
      subscription = forward(operation).subscribe({
        next: (result) => {
          if (handedOver) return;
          if (!isRetry && isUnauthenticatedResult(result)) retry();
          else observer.next(result);
        },
        error: (error: unknown) => {
          if (handedOver) return;
          if (!isRetry && isUnauthorizedError(error)) retry();
          else observer.error(error);
        },
        complete: () => {
          if (!handedOver) observer.complete();
        },
      });
    };

    void attempt(false);
    return () => {
      closed = true;
      subscription?.unsubscribe();
    };
  });
});
