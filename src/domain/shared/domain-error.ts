/**
 * Every broken invariant has a stable code. The HTTP layer maps codes to statuses;
 * the domain only says *what* went wrong.
 */
export type DomainErrorCode =
  | 'CALL_NOT_FOUND'
  | 'CALL_ALREADY_EXISTS'
  | 'CALL_ALREADY_DISPATCHED'
  | 'CALL_ALREADY_CANCELLED'
  | 'CALL_NOT_DISPATCHED'
  | 'RIDE_ALREADY_STARTED'
  | 'RIDE_NOT_STARTED'
  | 'RIDE_ALREADY_FINISHED'
  | 'NOT_ASSIGNED_DRIVER'
  | 'DRIVER_NOT_FOUND'
  | 'DRIVER_ALREADY_REGISTERED'
  | 'DRIVER_BUSY'
  | 'DRIVER_OFFLINE'
  | 'PAYMENT_NOT_FOUND'
  | 'PAYMENT_ALREADY_SETTLED'
  | 'PAYMENT_NOT_REFUNDABLE'
  | 'OFFER_NOT_FOUND'
  | 'OFFER_PENDING'
  | 'DRIVER_ALREADY_OFFERED'
  | 'CALL_EXPIRED'
  | 'RIDE_TYPE_MISMATCH'
  | 'DEAD_LETTER_NOT_FOUND'
  | 'PASSENGER_HAS_OPEN_CALL'
  | 'RIDE_TYPE_UNAVAILABLE'
  | 'UNPAID_RIDE'
  | 'PAYMENT_NOT_RETRYABLE'
  | 'PAYMENT_NOT_WAIVABLE'
  | 'PAYMENT_VOID_NOT_REQUESTED'
  | 'RIDE_NOT_FINISHED'
  | 'RIDE_ALREADY_RATED'
  | 'RATING_WINDOW_CLOSED'
  | 'RATING_OUT_OF_RANGE'
  | 'PERSON_ERASED'
  | 'NOT_AT_PICKUP'
  | 'DRIVER_AWAY'
  | 'PHONE_REQUIRED';

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
