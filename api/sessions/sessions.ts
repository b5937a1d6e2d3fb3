// Sessions: a short-lived access JWT plus a rotating refresh token kept hashed on the server. Every
// request checks the session record, so logout and revocation bite at once; idle (30 min) and
// absolute (12 h) limits are enforced here, server-side. Reuse of an old refresh token ends the session.
import crypto from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import { sha256, equalHashes } from '../accounts/verifier';
import type { SessionsRepository, SessionDocument } from './repository';
import { issueAccessToken, verifyAccessToken, ACCESS_TOKEN_TTL_SECONDS, type AccessClaims, type SessionStage, type SigningKeys } from './tokens';

export const IDLE_LIMIT_MS = 30 * 60 * 1000;
export const ABSOLUTE_LIMIT_MS = 12 * 3600 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

export interface IssuedSession {
  sessionId: string;
  stage: SessionStage;
  accessToken: string;
  accessTokenExpiresIn: number;
  refreshToken: string;
  absoluteExpiresAt: string;
}

export interface SessionService {
  create(options: { accountId: string; stage: SessionStage; userAgent: string | undefined; requestId?: string }): Promise<IssuedSession>;
  authenticate(accessToken: string): Promise<AccessClaims>;
  refresh(refreshToken: string, requestId?: string): Promise<IssuedSession>;
  revoke(options: { accountId: string; sessionId?: string; reason: string; requestId?: string }): Promise<number>;
  list(accountId: string): Promise<SessionDocument[]>;
  /** After the second factor: a new full session replaces the set-up one (a new token per step). */
  upgrade(options: { accountId: string; sessionId: string; userAgent: string | undefined; requestId?: string }): Promise<IssuedSession>;
}

function newRefreshToken(sessionId: string): string {
  return `${sessionId}.${crypto.randomBytes(32).toString('base64url')}`;
}

export function createSessionService(options: {
  repository: SessionsRepository;
  keys: SigningKeys;
  issuer: string;
  audit: AuditLog;
  now?: () => Date;
}): SessionService {
  const { repository, keys, issuer, audit } = options;
  const now = options.now ?? (() => new Date());

  async function issue(session: Pick<SessionDocument, '_id' | 'accountId' | 'stage' | 'absoluteExpiresAt'>, refreshToken: string): Promise<IssuedSession> {
    const accessToken = await issueAccessToken({ keys, issuer, claims: { accountId: session.accountId, sessionId: session._id, stage: session.stage }, now: now() });
    return {
      sessionId: session._id,
      stage: session.stage,
      accessToken,
      accessTokenExpiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
    };
  }

  const service: SessionService = {
    async create({ accountId, stage, userAgent, requestId }) {
      const at = now();
      const sessionId = crypto.randomBytes(16).toString('base64url');
      const refreshToken = newRefreshToken(sessionId);
      const session: SessionDocument = {
        _id: sessionId,
        accountId,
        stage,
        createdAt: at,
        lastSeenAt: at,
        absoluteExpiresAt: new Date(at.getTime() + ABSOLUTE_LIMIT_MS),
        revokedAt: null,
        revokedReason: null,
        refreshHash: sha256(refreshToken),
        usedRefreshHashes: [],
        userAgent: (userAgent ?? '').slice(0, 200),
      };
      await repository.insert(session);
      await audit.append({ actor: accountId, action: 'session.create', outcome: 'success', target: sessionId, requestId: requestId ?? null, details: { stage } });
      return issue(session, refreshToken);
    },

    async authenticate(accessToken) {
      const claims = await verifyAccessToken({ keys, issuer, token: accessToken, now: now() });
      if (!claims) throw new AppError('SESSION_INVALID');
      const session = await repository.find(claims.sessionId);
      const at = now();
      if (!session || session.accountId !== claims.accountId || session.revokedAt) throw new AppError('SESSION_INVALID');
      if (session.absoluteExpiresAt <= at || at.getTime() - session.lastSeenAt.getTime() >= IDLE_LIMIT_MS) throw new AppError('SESSION_EXPIRED');
      if (at.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await repository.touch(session._id, at);
      // The stage comes from the record, not the token: finishing set-up upgrades the live session.
      return { accountId: session.accountId, sessionId: session._id, stage: session.stage };
    },

    async refresh(refreshToken, requestId) {
      const sessionId = refreshToken.split('.')[0] ?? '';
      const presentedHash = sha256(refreshToken);
      const at = now();
      const nextToken = newRefreshToken(sessionId);
      const rotated = await repository.rotateRefresh({ sessionId, presentedHash, nextHash: sha256(nextToken), at, idleSince: new Date(at.getTime() - IDLE_LIMIT_MS) });
      if (rotated) return issue(rotated, nextToken);
      const session = await repository.find(sessionId);
      if (session && session.usedRefreshHashes.some((h) => equalHashes(h, presentedHash))) {
        // A token that was already exchanged: someone holds a copy. End the whole session family.
        await repository.revoke({ accountId: session.accountId, sessionId }, 'refresh-token-reuse', at);
        await audit.append({ actor: session.accountId, action: 'session.refresh-reuse', outcome: 'denied', target: sessionId, requestId: requestId ?? null });
        throw new AppError('REFRESH_TOKEN_REUSED');
      }
      if (session && !session.revokedAt && (session.absoluteExpiresAt <= at || at.getTime() - session.lastSeenAt.getTime() >= IDLE_LIMIT_MS)) throw new AppError('SESSION_EXPIRED');
      throw new AppError('SESSION_INVALID');
    },

    async revoke({ accountId, sessionId, reason, requestId }) {
      const count = await repository.revoke({ accountId, ...(sessionId ? { sessionId } : {}) }, reason, now());
      await audit.append({ actor: accountId, action: sessionId ? 'session.revoke' : 'session.revoke-all', outcome: 'success', target: sessionId ?? accountId, requestId: requestId ?? null, details: { reason, count } });
      return count;
    },

    async upgrade({ accountId, sessionId, userAgent, requestId }) {
      await repository.revoke({ accountId, sessionId }, 'upgraded', now());
      return service.create({ accountId, stage: 'full', userAgent, ...(requestId ? { requestId } : {}) });
    },

    list(accountId) {
      const at = now();
      return repository.listActive(accountId, at, new Date(at.getTime() - IDLE_LIMIT_MS));
    },
  };
  return service;
}
