/** Errors the meters module raises, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';

export const MeterErrors = {
  meterNotFound: (field = 'meterId') => new AppError(ErrorCode.NOT_FOUND, 'Meter not found', [{ field, message: 'is not a meter you may see' }]),
  accountNotFound: () => AppError.notFound('ServiceAccount'),
  serialTaken: (field = 'serial') =>
    new AppError(ErrorCode.CONFLICT, 'A meter with this serial number already exists', [{ field, message: 'is already the serial of another meter' }]),
  removed: (field: string, removedOn: string) =>
    new AppError(ErrorCode.CONFLICT, `The meter was removed on ${removedOn}`, [{ field, message: `belongs to a meter removed on ${removedOn}` }]),
  readingClash: (field: string, readOn: string, value: string) =>
    new AppError(ErrorCode.CONFLICT, `The meter already has a reading on ${readOn} with another value (${value})`, [
      { field, message: `already has a reading ${value} on ${readOn}; a reading per meter and day` },
    ]),
  bad: (field: string, message: string) => AppError.badInput([{ field, message }]),
};
