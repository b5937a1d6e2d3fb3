// The one error handler: AppError codes map to statuses and safe messages; parser errors become
// stable codes; anything else is logged and answered as INTERNAL, never with a stack or driver text.
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../shared/errors';
import type { Logger } from '../logging';

export const RETRY_AFTER_SECONDS = 5;

/** Driver errors that mean "the database is not reachable right now" (or this instance is shutting down), not a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (/^Mongo(ServerSelection|Network|NetworkTimeout|TopologyClosed|NotConnected|PoolCleared|ClientClosed)Error$/.test(err.name)) return true;
  // The driver passes some socket errors on unwrapped (a large write waiting for 'drain' when the
  // server goes away); handlers do no other socket I/O of their own (mail and SMS wrap theirs).
  const { code, syscall } = err as { code?: unknown; syscall?: unknown };
  return typeof syscall === 'string' && typeof code === 'string' && SOCKET_GONE.has(code);
}

const SOCKET_GONE = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED']);

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError('MALFORMED_JSON');
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (type === 'request.aborted' || type === 'request.size.invalid') return new AppError('VALIDATION_FAILED');
  if (isDatabaseUnavailable(err)) return new AppError('SERVICE_UNAVAILABLE', { retryAfterSeconds: RETRY_AFTER_SECONDS });
  return undefined;
}

export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = toAppError(err);
    const appError = known ?? new AppError('INTERNAL');
    const log = { requestId: res.locals.requestId as string | undefined, code: appError.code, method: req.method, path: req.path };
    if (known === undefined) logger.error({ ...log, err }, 'unhandled error');
    else if (appError.status >= 500) logger.warn({ ...log, err }, 'request failed');
    else logger.info(log, 'request refused');
    if (appError.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(appError.retryAfterSeconds));
    res.status(appError.status).json(appError.toBody());
  };
}

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new AppError('NOT_FOUND'));
}
