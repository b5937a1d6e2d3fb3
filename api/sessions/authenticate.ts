// Resolves the caller from the Authorization header (bearer tokens only: never cookies, never the
// query string), checking the live session record on every request.
import type { Request } from 'express';
import { AppError } from '../../shared/errors';
import type { Authenticator } from '../http/routes';
import type { SessionService } from './sessions';
import type { AccessClaims } from './tokens';

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer ([A-Za-z0-9_\-.]{20,4096})$/.exec(header);
  return match?.[1];
}

export function sessionAuthenticator(sessions: SessionService): Authenticator {
  return async (req, level) => {
    const token = bearerToken(req);
    if (!token) throw new AppError('AUTH_REQUIRED');
    const claims = await sessions.authenticate(token);
    if (level === 'full' && claims.stage !== 'full') throw new AppError('SECOND_FACTOR_SETUP_REQUIRED');
    return claims;
  };
}

/** The caller that the route's authenticator resolved. */
export function caller(res: { locals: Record<string, unknown> }): AccessClaims {
  const auth = res.locals.auth as AccessClaims | undefined;
  if (!auth) throw new AppError('AUTH_REQUIRED');
  return auth;
}
