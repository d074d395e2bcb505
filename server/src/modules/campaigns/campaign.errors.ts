/** Errors the campaigns module 清欠专项行动 raises, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';

export const CampaignErrors = {
  campaignNotFound: () => AppError.notFound('Campaign'),
  accountNotFound: () => AppError.notFound('CampaignAccount'),
  customerNotFound: () => AppError.notFound('Customer'),
  closed: () => new AppError(ErrorCode.CONFLICT, 'The campaign is closed', [{ field: 'campaignId', message: 'is closed' }]),
  startLocked: () =>
    new AppError(ErrorCode.CONFLICT, 'The start day is fixed once hard accounts are added: their base arrears were taken as of it', [
      { field: 'startsOn', message: 'cannot change once the campaign has accounts' },
    ]),
  bad: (field: string, message: string) => AppError.badInput([{ field, message }]),
};
