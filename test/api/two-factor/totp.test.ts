// TOTP against the real embedded engine: RFC 6238 vectors, the ±1 step window, no step accepted twice
// (also under racing requests), enrolment only with a valid code, and seeds sealed under the KEK.
import path from 'node:path';
import crypto from 'node:crypto';
import { Collection } from 'mongodb';
import { Secret, TOTP } from 'otpauth';
import { openDatabase, type Database } from '../../../api/db/mongo';
import { createTotp, totpCodeAt, TOTP_PENDING_TTL_MS, type TotpService } from '../../../api/two-factor/totp';
import { TOTP_COLLECTION, type TotpDocument } from '../../../api/two-factor/totp-repository';
import { createSecretBox } from '../../../api/two-factor/secret-box';
import { makeTempDir, removeTempDir } from '../db/helpers';

jest.setTimeout(60_000);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const START = new Date('2026-11-28T09:00:15Z'); // 15 s into a step, so ±30 s lands mid-step
const KEK = crypto.randomBytes(32);
let dir: string;
let database: Database;
let clock = START;
let totp: TotpService;

const at = (ms: number) => new Date(clock.getTime() + ms);
const advance = (ms: number) => {
  clock = at(ms);
};
const make = (key: Buffer = KEK) => createTotp({ db: database.db, durable: database.durable, key, issuer: 'Zegel', now: () => clock });
const rawDocs = () => database.db.collection<TotpDocument>(TOTP_COLLECTION).find().toArray();
let accountSeq = 0;
const newAccount = () => `acc-${(accountSeq += 1)}`;

/** Enrols at the current clock and moves on five minutes, so the confirming step is in the past. */
async function enrolled(accountId: string): Promise<string> {
  const { secret } = await totp.startEnrolment({ accountId, label: 'Mr. A. de Vries' });
  expect(await totp.confirmEnrolment({ accountId, code: totpCodeAt(secret, clock) })).toBe(true);
  advance(5 * 60 * 1000);
  return secret;
}

beforeAll(async () => {
  dir = makeTempDir('totp');
  database = await openDatabase({ dataDir: path.join(dir, 'db'), logger: quiet });
  totp = make();
  await totp.ensureIndexes();
});
afterAll(async () => {
  await database?.close();
  removeTempDir(dir);
});
beforeEach(() => {
  clock = START;
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('RFC 6238 test vectors (SHA-1)', () => {
  const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
  const RFC_BASE32 = new Secret({ buffer: Uint8Array.from(RFC_SEED).buffer }).base32;
  const VECTORS: Array<[number, string]> = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];

  it.each(VECTORS)('otpauth gives the 8-digit value at %i s, and totpCodeAt its last 6 digits', (seconds, expected) => {
    const secret = Secret.fromBase32(RFC_BASE32);
    expect(TOTP.generate({ secret, algorithm: 'SHA1', digits: 8, period: 30, timestamp: seconds * 1000 })).toBe(expected);
    expect(totpCodeAt(RFC_BASE32, new Date(seconds * 1000))).toBe(expected.slice(-6));
  });

  it('our verifier accepts each 6-digit vector at its time with the RFC seed, and refuses the 8-digit form', async () => {
    const accountId = newAccount();
    // The RFC seed in place of the random one: the first randomBytes call of an enrolment makes the seed.
    jest.spyOn(crypto, 'randomBytes').mockImplementationOnce(() => Buffer.from(RFC_SEED));
    clock = new Date(0);
    const { secret } = await totp.startEnrolment({ accountId, label: 'rfc' });
    expect(secret).toBe(RFC_BASE32);
    expect(await totp.confirmEnrolment({ accountId, code: totpCodeAt(secret, clock) })).toBe(true);
    for (const [seconds, expected] of VECTORS) {
      clock = new Date(seconds * 1000);
      expect(await totp.verify({ accountId, code: expected })).toBe('invalid');
      expect(await totp.verify({ accountId, code: expected.slice(-6) })).toBe('ok');
    }
  });
});

describe('time window', () => {
  it('accepts the previous and next step, refuses two steps away either side', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, at(-60_000)) })).toBe('invalid');
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, at(60_000)) })).toBe('invalid');
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, at(-30_000)) })).toBe('ok');
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, at(30_000)) })).toBe('ok');
  });

  it('accepts the current step, tolerating spaces as apps display them', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    const code = totpCodeAt(secret, clock);
    expect(await totp.verify({ accountId, code: `${code.slice(0, 3)} ${code.slice(3)}` })).toBe('ok');
  });

  it('refuses malformed codes without touching the replay state', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    for (const code of ['', '12345', '1234567', 'abcdef', '12345a', '１２３４５６']) expect(await totp.verify({ accountId, code })).toBe('invalid');
    expect(await totp.verify({ accountId, code: 123456 as unknown as string })).toBe('invalid');
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, clock) })).toBe('ok');
  });

  it('uses the server clock only: a timestamp in the request does not shift it', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    const yesterday = at(-24 * 3600 * 1000);
    const sneaky = { accountId, code: totpCodeAt(secret, yesterday), timestamp: yesterday.getTime(), now: yesterday };
    expect(await totp.verify(sneaky as unknown as { accountId: string; code: string })).toBe('invalid');
  });
});

describe('replay protection', () => {
  it('refuses the same code a second time', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    const code = totpCodeAt(secret, clock);
    expect(await totp.verify({ accountId, code })).toBe('ok');
    expect(await totp.verify({ accountId, code })).toBe('replayed');
    advance(10_000); // still inside the window, still the same step
    expect(await totp.verify({ accountId, code })).toBe('replayed');
  });

  it('lets exactly one of ten racing requests with the same code succeed', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    const code = totpCodeAt(secret, clock);
    const results = await Promise.all(Array.from({ length: 10 }, () => totp.verify({ accountId, code })));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'replayed')).toHaveLength(9);
  });

  it('lets one succeed when racing services (separate API instances) share the database', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    const code = totpCodeAt(secret, clock);
    const results = await Promise.all(Array.from({ length: 10 }, () => make().verify({ accountId, code })));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
  });

  it('refuses an older step after a newer one was accepted', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, at(30_000)) })).toBe('ok');
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, clock) })).toBe('replayed');
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, at(-30_000)) })).toBe('replayed');
  });

  it('refuses a code checked against a factor that a re-enrolment replaced meanwhile', async () => {
    const accountId = newAccount();
    const oldSecret = await enrolled(accountId);
    const stale = await database.db.collection<TotpDocument>(TOTP_COLLECTION).findOne({ _id: accountId });
    const { secret: newSecret } = await totp.startEnrolment({ accountId, label: 'x' });
    expect(await totp.confirmEnrolment({ accountId, code: totpCodeAt(newSecret, at(-30_000)) })).toBe(true);
    // The request read the old factor just before the swap; its code matches that seed, yet must not pass.
    jest.spyOn(Collection.prototype, 'findOne').mockResolvedValueOnce(stale);
    expect(await totp.verify({ accountId, code: totpCodeAt(oldSecret, clock) })).toBe('invalid');
  });

  it('does not accept the enrolment code again for login', async () => {
    const accountId = newAccount();
    const { secret } = await totp.startEnrolment({ accountId, label: 'x' });
    const code = totpCodeAt(secret, clock);
    expect(await totp.confirmEnrolment({ accountId, code })).toBe(true);
    expect(await totp.verify({ accountId, code })).toBe('replayed');
    advance(30_000);
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, clock) })).toBe('ok');
  });
});

describe('enrolment', () => {
  it('returns a 160-bit base32 seed, an otpauth URI with the app defaults, and an SVG QR code', async () => {
    const accountId = newAccount();
    const first = await totp.startEnrolment({ accountId, label: 'Mr. A. de Vries' });
    const second = await totp.startEnrolment({ accountId, label: 'Mr. A. de Vries' });
    expect(Buffer.from(Secret.fromBase32(first.secret).bytes)).toHaveLength(20);
    expect(first.secret).not.toBe(second.secret);
    const uri = new URL(first.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(uri.searchParams.get('issuer')).toBe('Zegel');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('secret')).toBe(first.secret);
    expect(decodeURIComponent(first.otpauthUri)).not.toContain('@');
    expect(first.qrSvg.trimStart().startsWith('<svg')).toBe(true);
    expect(first.qrSvg).toContain('</svg>');
    expect(first.qrSvg.length).toBeGreaterThan(500);
  });

  it('puts an e-mail address in the URI only when the label has one', async () => {
    const { otpauthUri } = await totp.startEnrolment({ accountId: newAccount(), label: 'mr.x@example.nl' });
    expect(decodeURIComponent(otpauthUri)).toContain('Zegel:mr.x@example.nl');
  });

  it('leaves no active factor when the enrolment is abandoned', async () => {
    const accountId = newAccount();
    const { secret } = await totp.startEnrolment({ accountId, label: 'x' });
    expect(await totp.status(accountId)).toEqual({ enabled: false });
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, clock) })).toBe('invalid');
  });

  it('refuses a wrong code and stays disabled', async () => {
    const accountId = newAccount();
    const { secret } = await totp.startEnrolment({ accountId, label: 'x' });
    const right = totpCodeAt(secret, clock);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(await totp.confirmEnrolment({ accountId, code: wrong })).toBe(false);
    expect(await totp.confirmEnrolment({ accountId, code: totpCodeAt(secret, at(-60_000)) })).toBe(false);
    expect(await totp.status(accountId)).toEqual({ enabled: false });
  });

  it('activates with a valid code and reports since when', async () => {
    const accountId = newAccount();
    const { secret } = await totp.startEnrolment({ accountId, label: 'x' });
    expect(await totp.confirmEnrolment({ accountId, code: totpCodeAt(secret, clock) })).toBe(true);
    expect(await totp.status(accountId)).toEqual({ enabled: true, enabledAt: clock });
  });

  it('replaces an earlier pending enrolment: only the newest seed can be confirmed', async () => {
    const accountId = newAccount();
    const old = await totp.startEnrolment({ accountId, label: 'x' });
    const current = await totp.startEnrolment({ accountId, label: 'x' });
    expect(await totp.confirmEnrolment({ accountId, code: totpCodeAt(old.secret, clock) })).toBe(false);
    expect(await totp.confirmEnrolment({ accountId, code: totpCodeAt(current.secret, clock) })).toBe(true);
  });

  it('lets only one of several racing confirmations activate the seed', async () => {
    const accountId = newAccount();
    const { secret } = await totp.startEnrolment({ accountId, label: 'x' });
    const code = totpCodeAt(secret, clock);
    const results = await Promise.all(Array.from({ length: 5 }, () => totp.confirmEnrolment({ accountId, code })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('ignores an enrolment older than its time limit, and the sweeper removes it', async () => {
    const accountId = newAccount();
    const { secret } = await totp.startEnrolment({ accountId, label: 'x' });
    advance(TOTP_PENDING_TTL_MS);
    expect(await totp.confirmEnrolment({ accountId, code: totpCodeAt(secret, clock) })).toBe(false);
    expect(await totp.sweepExpiredEnrolments(clock)).toBeGreaterThanOrEqual(1);
    expect(await database.db.collection(TOTP_COLLECTION).findOne({ _id: accountId as never })).toBeNull();
  });

  it('keeps the old factor until a re-enrolment is confirmed, then only the new seed works', async () => {
    const accountId = newAccount();
    const oldSecret = await enrolled(accountId);
    const { secret: newSecret } = await totp.startEnrolment({ accountId, label: 'x' });
    expect(await totp.verify({ accountId, code: totpCodeAt(oldSecret, clock) })).toBe('ok');
    advance(30_000);
    expect(await totp.confirmEnrolment({ accountId, code: totpCodeAt(newSecret, clock) })).toBe(true);
    advance(30_000);
    expect(await totp.verify({ accountId, code: totpCodeAt(oldSecret, clock) })).toBe('invalid');
    expect(await totp.verify({ accountId, code: totpCodeAt(newSecret, clock) })).toBe('ok');
  });

  it('removes the factor', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    expect(await totp.remove(accountId)).toBe(true);
    expect(await totp.status(accountId)).toEqual({ enabled: false });
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, clock) })).toBe('invalid');
    expect(await totp.remove(accountId)).toBe(false);
  });
});

describe('seeds at rest', () => {
  it('keeps neither the base32 seed nor its raw bytes in the database, active or pending', async () => {
    const accountId = newAccount();
    const active = await enrolled(accountId);
    const { secret: pending } = await totp.startEnrolment({ accountId, label: 'x' });
    const dumps: string[] = [];
    for (const { name } of await database.db.listCollections().toArray()) dumps.push(JSON.stringify(await database.db.collection(name).find().toArray()));
    const dump = dumps.join('\n');
    for (const secret of [active, pending]) {
      const bytes = Buffer.from(Secret.fromBase32(secret).bytes);
      for (const form of [secret, secret.toLowerCase(), bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('latin1')]) {
        expect(dump).not.toContain(form);
      }
    }
  });

  it('cannot use the seeds under another KEK: verification fails without throwing', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    const code = totpCodeAt(secret, clock);
    expect(await make(crypto.randomBytes(32)).verify({ accountId, code })).toBe('invalid');
    expect(await totp.verify({ accountId, code })).toBe('ok');
  });

  it('binds a sealed seed to its account: copied to another account it does not open', async () => {
    const victim = newAccount();
    const attacker = newAccount();
    const victimSecret = await enrolled(victim);
    await enrolled(attacker);
    const collection = database.db.collection<TotpDocument>(TOTP_COLLECTION);
    const sealed = (await collection.findOne({ _id: victim }))!.active!.sealedSecret;
    await collection.updateOne({ _id: attacker }, { $set: { 'active.sealedSecret': sealed } });
    expect(await totp.verify({ accountId: attacker, code: totpCodeAt(victimSecret, clock) })).toBe('invalid');
  });

  it('refuses a seed whose ciphertext was altered', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    const collection = database.db.collection<TotpDocument>(TOTP_COLLECTION);
    const sealed = (await collection.findOne({ _id: accountId }))!.active!.sealedSecret;
    const parts = sealed.split('.');
    const ciphertext = Buffer.from(parts[2]!, 'base64url');
    ciphertext.writeUInt8(ciphertext.readUInt8(0) ^ 1, 0);
    parts[2] = ciphertext.toString('base64url');
    await collection.updateOne({ _id: accountId }, { $set: { 'active.sealedSecret': parts.join('.') } });
    expect(await totp.verify({ accountId, code: totpCodeAt(secret, clock) })).toBe('invalid');
  });

  it('stores the seed sealed under the configured key and nothing else', async () => {
    const accountId = newAccount();
    const secret = await enrolled(accountId);
    const doc = (await rawDocs()).find((d) => d._id === accountId)!;
    const opened = createSecretBox({ key: KEK }).open(doc.active!.sealedSecret, { purpose: 'totp-seed', subject: accountId });
    expect(opened?.equals(Buffer.from(Secret.fromBase32(secret).bytes))).toBe(true);
    expect(createSecretBox({ key: KEK }).open(doc.active!.sealedSecret, { purpose: 'other', subject: accountId })).toBeNull();
  });

  it('refuses a KEK that is not 32 bytes', () => {
    expect(() => make(crypto.randomBytes(16))).toThrow();
  });
});
