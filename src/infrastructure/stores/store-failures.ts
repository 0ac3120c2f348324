import { StoreUnavailableError } from '../../application/ports/store-unavailable.js';

/**
 * Driver error codes (better-sqlite3, Node's sockets) that mean "not now", not "wrong": a full or
 * read-only disk and I/O errors included — the request was fine, the machine cannot take it now.
 */
const UNREACHABLE_CODES = new Set([
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_FULL',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);
/** Extended result codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, …) of the families that mean the same. */
const UNREACHABLE_FAMILIES = ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY'];
/** Error classes of the MongoDB and EventStoreDB clients that mean the server is out of reach. */
const UNREACHABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'UnavailableError',
  'DeadlineExceededError',
  'PingTimeoutError',
]);

const fieldOf = (error: unknown, field: 'code' | 'name'): string | undefined => {
  if (typeof error !== 'object' || error === null || !(field in error)) return undefined;
  const value: unknown = (error as Record<typeof field, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
};

/** The port-level error for a driver's failure, or the failure itself when it is not about availability. */
export const toStoreError = (error: unknown): unknown => {
  if (error instanceof StoreUnavailableError) return error;
  const code = fieldOf(error, 'code');
  if (code === 'SQLITE_BUSY') return new StoreUnavailableError('busy', { cause: error });
  if (code !== undefined && (UNREACHABLE_CODES.has(code) || UNREACHABLE_FAMILIES.some((family) => code.startsWith(family))))
    return new StoreUnavailableError('unreachable', { cause: error });
  const name = fieldOf(error, 'name');
  if (name !== undefined && UNREACHABLE_NAMES.has(name)) return new StoreUnavailableError('unreachable', { cause: error });
  return error;
};

const rethrowAsStoreError = (error: unknown): never => {
  throw toStoreError(error);
};

const isThenable = (value: unknown): value is Promise<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * The adapter as its port promises it: every method's driver failures (thrown or rejected) become
 * `StoreUnavailableError` where they mean the store is out of reach; everything else passes through
 * unchanged (a WrongExpectedRevisionError stays one). Applied once where an adapter is opened.
 */
export const withStoreErrors = <Adapter extends object>(adapter: Adapter): Adapter =>
  new Proxy(adapter, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        try {
          const result: unknown = Reflect.apply(value, target, args);
          return isThenable(result) ? result.catch(rethrowAsStoreError) : result;
        } catch (error) {
          return rethrowAsStoreError(error);
        }
      };
    },
  });
