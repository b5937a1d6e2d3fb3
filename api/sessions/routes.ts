// Session endpoints: refresh, logout, log out everywhere, list and end sessions.
import { AppError } from '../../shared/errors';
import { defineRoute, type RouteDefinition } from '../http/routes';
import { caller } from './authenticate';
import type { IssuedSession, SessionService } from './sessions';

export const issuedSessionSchema = {
  type: 'object',
  required: ['sessionId', 'stage', 'accessToken', 'accessTokenExpiresIn', 'refreshToken', 'absoluteExpiresAt'],
  properties: {
    sessionId: { type: 'string' },
    stage: { type: 'string', enum: ['full', 'setup'] },
    accessToken: { type: 'string' },
    accessTokenExpiresIn: { type: 'integer' },
    refreshToken: { type: 'string' },
    absoluteExpiresAt: { type: 'string', format: 'date-time' },
  },
  additionalProperties: false,
} as const;

export function sessionRoutes(sessions: SessionService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/sessions/refresh',
      summary: 'Exchange a refresh token for new tokens (the old refresh token stops working)',
      tags: ['sessions'],
      body: { type: 'object', required: ['refreshToken'], properties: { refreshToken: { type: 'string', minLength: 20, maxLength: 200 } }, additionalProperties: false },
      responses: { 200: { description: 'New tokens', schema: issuedSessionSchema } },
      handler: async (req, res) => {
        const issued: IssuedSession = await sessions.refresh((req.body as { refreshToken: string }).refreshToken, res.locals.requestId as string);
        res.json(issued);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/sessions/logout',
      auth: 'session',
      summary: 'End this session',
      tags: ['sessions'],
      responses: { 204: { description: 'Ended' } },
      handler: async (_req, res) => {
        const me = caller(res);
        await sessions.revoke({ accountId: me.accountId, sessionId: me.sessionId, reason: 'logout', requestId: res.locals.requestId as string });
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/sessions/logout-all',
      auth: 'session',
      summary: 'End every session of this account, this one included',
      tags: ['sessions'],
      responses: { 204: { description: 'Ended' } },
      handler: async (_req, res) => {
        await sessions.revoke({ accountId: caller(res).accountId, reason: 'logout-all', requestId: res.locals.requestId as string });
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/sessions',
      auth: 'session',
      summary: 'List this account’s active sessions',
      tags: ['sessions'],
      responses: {
        200: {
          description: 'Sessions, most recently used first',
          schema: { type: 'object', properties: { sessions: { type: 'array', items: { type: 'object' } } } },
        },
      },
      handler: async (_req, res) => {
        const me = caller(res);
        const list = await sessions.list(me.accountId);
        res.json({
          sessions: list.map((s) => ({
            id: s._id,
            current: s._id === me.sessionId,
            stage: s.stage,
            createdAt: s.createdAt.toISOString(),
            lastSeenAt: s.lastSeenAt.toISOString(),
            userAgent: s.userAgent,
          })),
        });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/sessions/:sessionId',
      auth: 'session',
      summary: 'End one of this account’s sessions',
      tags: ['sessions'],
      params: { type: 'object', required: ['sessionId'], properties: { sessionId: { type: 'string', pattern: '^[A-Za-z0-9_-]{10,64}$' } }, additionalProperties: false },
      responses: { 204: { description: 'Ended' } },
      handler: async (req, res) => {
        const me = caller(res);
        // Filtered by the caller's account: another user's session id simply matches nothing.
        const count = await sessions.revoke({ accountId: me.accountId, sessionId: String(req.params.sessionId), reason: 'ended-by-user', requestId: res.locals.requestId as string });
        if (count === 0) throw new AppError('NOT_FOUND');
        res.status(204).end();
      },
    }),
  ];
}
