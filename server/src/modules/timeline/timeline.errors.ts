/** Errors the timeline raises, with their client-facing codes. */
import { AppError } from '../../graphql/errors.js';

export const TimelineErrors = {
  badCursor: () => AppError.badInput([{ field: 'after', message: 'is not a cursor from this timeline' }]),
  emptyRange: () => AppError.badInput([{ field: 'filter.to', message: 'must be later than filter.from' }]),
  subjectGone: () => AppError.notFound('Timeline entry subject'),
};
