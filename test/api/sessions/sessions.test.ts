// Sessions against the real embedded engine: tokens accepted only when exactly ours and current,
// revocation at once, rotation with reuse detection, idle and absolute limits kept by the server.
import path from 'node:path';
import crypto from 'node:crypto';
import { SignJWT, generateKeyPair, exportJWK, type CryptoKey } from 'jose';
import { openDatabase, type Database } from '../../../api/db/mongo';
import { sessionsRepository } from '../../../api/sessions/repository';
import { createSessionService, IDLE_LIMIT_MS, type SessionService } from '../../../api/sessions/sessions';
import { loadSigningKeys, ACCESS_TOKEN_AUDIENCE, type SigningKeys } from '../../../api/sessions/tokens';
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

  async function forged(options: { header?: Record<string, unknown>; claims?: Record<string, unknown>; key?: CryptoKey | Uint8Array; omit?: string[] }) {
    const s = await newSession();
    const now = Math.floor(clock.getTime() / 1000);
    const claims: Record<string, unknown> = { sub: 'acc-1', sid: s.sessionId, stage: 'full', iss: ISSUER, aud: ACCESS_TOKEN_AUDIENCE, iat: now, exp: now + 300, ...options.claims };
    for (const k of options.omit ?? []) delete claims[k];
    const header = { alg: 'EdDSA', typ: 'at+jwt', ...options.header };
    return new SignJWT(claims).setProtectedHeader(header).sign(options.key ?? keys.privateKey);
  }

  it('rejects alg:none', async () => {
    const s = await newSession();
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(clock.getTime() / 1000);
    const token = `${part({ alg: 'none', typ: 'at+jwt' })}.${part({ sub: 'acc-1', sid: s.sessionId, stage: 'full', iss: ISSUER, aud: ACCESS_TOKEN_AUDIENCE, iat: now, exp: now + 300 })}.`;
    expect(await codeOf(service.authenticate(token))).toBe('SESSION_INVALID');
  });

  it('rejects a token signed with another algorithm (HS256 with the public key as secret)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(await exportJWK(keys.publicKey)));
    expect(await codeOf(service.authenticate(await forged({ header: { alg: 'HS256' }, key: secret })))).toBe('SESSION_INVALID');
  });

  it('rejects a token signed by another key, even one offered in its own jwk header', async () => {
    const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = await exportJWK(attacker.publicKey);
    expect(await codeOf(service.authenticate(await forged({ header: { jwk }, key: attacker.privateKey })))).toBe('SESSION_INVALID');
  });

  it.each([
    ['a wrong audience', { claims: { aud: 'someone-else' } }],
    ['a wrong issuer', { claims: { iss: 'https://evil.example' } }],
    ['a wrong type', { header: { typ: 'JWT' } }],
    ['no expiry', { omit: ['exp'] }],
    ['no session id', { omit: ['sid'] }],
    ['no subject', { omit: ['sub'] }],
    ['an unknown stage', { claims: { stage: 'admin' } }],
    ['another account than the session’s', { claims: { sub: 'acc-2' } }],
  ])('rejects %s', async (_name, options) => {
    expect(await codeOf(service.authenticate(await forged(options)))).toBe('SESSION_INVALID');
  });

  it('rejects an expired token at the edge of the clock tolerance', async () => {
    const s = await newSession();
    advance(5 * 60 * 1000 + 4000);
    expect(await codeOf(service.authenticate(s.accessToken))).toBe('accepted');
    advance(2000);
    expect(await codeOf(service.authenticate(s.accessToken))).toBe('SESSION_INVALID');
  });
});

describe('revocation and rotation', () => {
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

  it('rotates refresh tokens and ends the whole session when an old one comes back', async () => {
    const s = await newSession();
    const next = await service.refresh(s.refreshToken);
    expect(next.refreshToken).not.toBe(s.refreshToken);
    expect(await codeOf(service.authenticate(next.accessToken))).toBe('accepted');
    expect(await codeOf(service.refresh(s.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
    expect(await codeOf(service.refresh(next.refreshToken))).toBe('SESSION_INVALID');
    expect(await codeOf(service.authenticate(next.accessToken))).toBe('SESSION_INVALID');
  });

  it('lets at most one of many concurrent refreshes with the same token succeed', async () => {
    const s = await newSession();
    const results = await Promise.all(Array.from({ length: 10 }, () => codeOf(service.refresh(s.refreshToken))));
    expect(results.filter((r) => r === 'accepted').length).toBeLessThanOrEqual(1);
  });

  it('refuses a made-up refresh token', async () => {
    const s = await newSession();
    expect(await codeOf(service.refresh(`${s.sessionId}.${crypto.randomBytes(32).toString('base64url')}`))).toBe('SESSION_INVALID');
  });
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
