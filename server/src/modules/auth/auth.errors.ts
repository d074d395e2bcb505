/** Errors of the auth module. Login failures never say which part was wrong. */
import { AppError, ErrorCode } from '../../graphql/errors.js';

export const AuthErrors = {
  badLogin: () => new AppError(ErrorCode.UNAUTHENTICATED, 'Wrong login or password'),
  locked: (retryAfterSeconds: number) =>
    new AppError(ErrorCode.RATE_LIMITED, `Too many failed logins; try again in ${retryAfterSeconds} s`, [], {
      limit: 'login attempts',
      retryAfter: retryAfterSeconds,
    }),
  tokenExpired: () => new AppError(ErrorCode.UNAUTHENTICATED, 'The access token has expired; refresh it', [], { reason: 'TOKEN_EXPIRED' }),
  tokenInvalid: () => new AppError(ErrorCode.UNAUTHENTICATED, 'The access token is not valid', [], { reason: 'TOKEN_INVALID' }),
  credentialsMalformed: () =>
    new AppError(ErrorCode.UNAUTHENTICATED, 'Send "Authorization: Bearer <token>" or "Authorization: ApiKey <key>"', [], { reason: 'MALFORMED' }),
  userDisabled: () => new AppError(ErrorCode.UNAUTHENTICATED, 'This user is disabled', [], { reason: 'USER_DISABLED' }),
  apiKeyInvalid: () => new AppError(ErrorCode.UNAUTHENTICATED, 'The API key is not valid or has been revoked', [], { reason: 'API_KEY_INVALID' }),
  refreshInvalid: () => new AppError(ErrorCode.UNAUTHENTICATED, 'The refresh token is not valid; sign in again', [], { reason: 'REFRESH_INVALID' }),
  wrongPassword: () => AppError.badInput([{ field: 'currentPassword', message: 'is wrong' }]),
};
