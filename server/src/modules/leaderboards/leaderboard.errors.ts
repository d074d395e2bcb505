/** Error codes of the leaderboards; mapped to extensions.code by graphql/errors.ts. */
import { AppError, ErrorCode } from '../../graphql/errors.js';

export const LeaderboardErrors = {
  /** A field of the board's input is wrong; nothing is read. */
  bad: (field: string, message: string) => AppError.badInput([{ field, message }]),
  /** The org unit does not exist or is outside what the viewer may see: the same answer, no leak. */
  unitNotFound: () => AppError.notFound('Org unit'),
  /** Money metrics need receivables:read. */
  moneyForbidden: () =>
    new AppError(ErrorCode.FORBIDDEN, 'Boards of amounts collected, collection rate and arrears reduced require the permission receivables:read', [], {
      requires: ['receivables:read'],
    }),
};
