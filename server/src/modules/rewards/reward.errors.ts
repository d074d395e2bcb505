/** Errors the rewards module raises, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';

export const RewardErrors = {
  notFound: () => AppError.notFound('Reward'),
  notProposed: (status: string) =>
    new AppError(ErrorCode.CONFLICT, `The reward is ${status}, not PROPOSED`, [{ field: 'rewardId', message: `is already ${status}` }]),
  ownReward: () => new AppError(ErrorCode.FORBIDDEN, 'A reward is reviewed by someone other than the person it rewards', [{ field: 'rewardId', message: 'rewards you' }]),
  notCompanyWide: () => new AppError(ErrorCode.FORBIDDEN, "The reward scheme is the company's: only a company-wide admin changes it"),
  bad: (field: string, message: string) => AppError.badInput([{ field, message }]),
};
