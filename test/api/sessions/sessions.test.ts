// Sessions against the real embedded engine: a live session's token accepted, revocation at once,
// idle and absolute limits kept by the server.
import path from 'node:path';
import { openDatabase, type Database } from '../../../api/db/mongo';
import { sessionsRepository } from '../../../api/sessions/repository';
import { createSessionService, IDLE_LIMIT_MS, type SessionService } from '../../../api/sessions/sessions';
import { loadSigningKeys, type SigningKeys } from '../../../api/sessions/tokens';
import { auditRepository } from '../../../api/audit/repository';
import { createAuditLog } from '../../../api/audit/audit-log';
import { AppError } from '../../../shared/errors';
import { makeTempDir, removeTempDir } from '../db/helpers';

jest.setTimeout(60_000);
const ISSUER = 'https://zegel.test';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dir: string;
let database: Database;
let keys: SigningKeys;
let clock = new Date('2026-11-28T09:00:00Z');
let service: SessionService;

beforeAll(async () => {
  dir = makeTempDir('sessions');
  database = await openDatabase({ dataDir: path.join(dir, 'db'), logger: quiet });
  const repository = sessionsRepository(database.db, database.durable);
  await repository.ensureIndexes();
  keys = await loadSigningKeys(undefined);
  service = createSessionService({ repository, keys, issuer: ISSUER, audit: createAuditLog({ repository: auditRepository(database.db, database.durable) }), now: () => clock });
});
afterAll(async () => {
  await database?.close();
  removeTempDir(dir);
});
beforeEach(() => {
  clock = new Date('2026-11-28T09:00:00Z');
});

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'accepted';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
};
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const newSession = () => service.create({ accountId: 'acc-1', stage: 'full', userAgent: 'jest' });

describe('access tokens', () => {
  it('accepts a fresh token of a live session', async () => {
    const s = await newSession();
    await expect(service.authenticate(s.accessToken)).resolves.toEqual({ accountId: 'acc-1', sessionId: s.sessionId, stage: 'full' });
  });
  // Forged, bent and expired tokens over HTTP: test/security/jwt-forgery.test.ts.
});

describe('revocation', () => {
  it('makes the access and refresh token useless at once after logout', async () => {
    const s = await newSession();
    await service.revoke({ accountId: 'acc-1', sessionId: s.sessionId, reason: 'logout' });
    expect(await codeOf(service.authenticate(s.accessToken))).toBe('SESSION_INVALID');
    expect(await codeOf(service.refresh(s.refreshToken))).toBe('SESSION_INVALID');
  });

  it('ends every session on "log out everywhere"', async () => {
    const a = await newSession();
    const b = await newSession();
    await service.revoke({ accountId: 'acc-1', reason: 'logout-all' });
    expect(await codeOf(service.authenticate(a.accessToken))).toBe('SESSION_INVALID');
    expect(await codeOf(service.authenticate(b.accessToken))).toBe('SESSION_INVALID');
  });

  it('does not let one account end another account’s session', async () => {
    const s = await newSession();
    expect(await service.revoke({ accountId: 'acc-2', sessionId: s.sessionId, reason: 'logout' })).toBe(0);
    expect(await codeOf(service.authenticate(s.accessToken))).toBe('accepted');
  });
  // Refresh-token reuse and racing refreshes over HTTP: test/security/refresh-token-reuse.test.ts.
});

describe('idle and absolute limits', () => {
  it('expires a session idle for 30 minutes, for access and refresh alike', async () => {
    const s = await newSession();
    advance(IDLE_LIMIT_MS - 60_000);
    expect(await codeOf(service.refresh(s.refreshToken))).toBe('accepted');
    const t = await newSession();
    advance(IDLE_LIMIT_MS + 1000);
    expect(await codeOf(service.refresh(t.refreshToken))).toBe('SESSION_EXPIRED');
  });

  it('expires a busy session after 12 hours', async () => {
    let s = await newSession();
    for (let i = 0; i < 12 * 3 - 1; i += 1) {
      advance(20 * 60 * 1000);
      s = await service.refresh(s.refreshToken);
    }
    advance(20 * 60 * 1000 + 1000);
    expect(await codeOf(service.refresh(s.refreshToken))).toBe('SESSION_EXPIRED');
  });

  it('lists only live sessions, never their token hashes', async () => {
    await service.revoke({ accountId: 'acc-1', reason: 'reset' });
    const s = await newSession();
    const list = await service.list('acc-1');
    expect(list.map((x) => x._id)).toEqual([s.sessionId]);
    expect(JSON.stringify(list)).not.toMatch(/refreshHash|usedRefreshHashes/);
  });
});
