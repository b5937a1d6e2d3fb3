// Backup codes against the real embedded engine: ten 80-bit codes shown once, each usable once (also
// under racing requests), a regenerated set voids every earlier code, and only salted hashes are stored.
import path from 'node:path';
import { Collection } from 'mongodb';
import { openDatabase, type Database } from '../../../api/db/mongo';
import { TEST_VERIFIER_PARAMS } from '../../../api/accounts/verifier';
import { createBackupCodes, parseBackupCode, BACKUP_CODE_COUNT, type BackupCodes } from '../../../api/two-factor/backup-codes';
import { BACKUP_CODES_COLLECTION, type BackupCodesDocument } from '../../../api/two-factor/backup-codes-repository';
import { makeTempDir, removeTempDir } from '../db/helpers';

jest.setTimeout(60_000);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const FORMAT = /^(10|[1-9])-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
let dir: string;
let database: Database;
let codes: BackupCodes;
const clock = new Date('2026-11-28T09:00:00Z');
let accountSeq = 0;
const newAccount = () => `acc-${(accountSeq += 1)}`;
const secretPart = (code: string) => code.split('-').slice(1).join('');

/** The 80 bits a secret part spells, to look for them in the dump in byte encodings too. */
function decode(secret: string): Buffer {
  let value = 0n;
  for (const ch of secret) value = (value << 5n) | BigInt(ALPHABET.indexOf(ch));
  return Buffer.from(value.toString(16).padStart(20, '0'), 'hex');
}

beforeAll(async () => {
  dir = makeTempDir('backup-codes');
  database = await openDatabase({ dataDir: path.join(dir, 'db'), logger: quiet });
  codes = createBackupCodes({ db: database.db, durable: database.durable, hashParams: TEST_VERIFIER_PARAMS, now: () => clock });
  await codes.ensureIndexes();
});
afterAll(async () => {
  await database?.close();
  removeTempDir(dir);
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('generation', () => {
  it('gives ten distinct, numbered codes of 80 random bits in grouped Crockford base32', async () => {
    const set = await codes.generate(newAccount());
    expect(set).toHaveLength(BACKUP_CODE_COUNT);
    expect(new Set(set).size).toBe(10);
    expect(new Set(set.map(secretPart)).size).toBe(10);
    set.forEach((code, i) => {
      expect(code).toMatch(FORMAT);
      expect(code.startsWith(`${i + 1}-`)).toBe(true);
      expect(secretPart(code)).toHaveLength(16); // 16 × 5 bits = 80 bits
    });
  });

  it('uses the whole alphabet in every position group (no bias towards a few characters)', async () => {
    const chars: string[] = [];
    for (let i = 0; i < 6; i += 1) for (const code of await codes.generate(newAccount())) chars.push(...secretPart(code));
    // 960 characters: the chance a fair source misses one of 32 symbols is about 1e-12.
    expect(new Set(chars).size).toBe(32);
  });

  it('starts with ten remaining and counts down', async () => {
    const accountId = newAccount();
    expect(await codes.remaining(accountId)).toBe(0);
    const set = await codes.generate(accountId);
    expect(await codes.remaining(accountId)).toBe(10);
    expect(await codes.use({ accountId, code: set[3]! })).toBe('ok');
    expect(await codes.remaining(accountId)).toBe(9);
  });
});

describe('use', () => {
  it('accepts each code once', async () => {
    const accountId = newAccount();
    const set = await codes.generate(accountId);
    for (const code of set) expect(await codes.use({ accountId, code })).toBe('ok');
    for (const code of set) expect(await codes.use({ accountId, code })).toBe('invalid');
    expect(await codes.remaining(accountId)).toBe(0);
  });

  it('lets exactly one of ten racing uses of the same code succeed', async () => {
    const accountId = newAccount();
    const set = await codes.generate(accountId);
    const results = await Promise.all(Array.from({ length: 10 }, () => codes.use({ accountId, code: set[0]! })));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(await codes.remaining(accountId)).toBe(9);
  });

  it('lets different codes be used concurrently', async () => {
    const accountId = newAccount();
    const set = await codes.generate(accountId);
    const results = await Promise.all(set.map((code) => codes.use({ accountId, code })));
    expect(results).toEqual(Array(10).fill('ok'));
  });

  it('refuses a wrong secret, a secret under another index, and garbage', async () => {
    const accountId = newAccount();
    const set = await codes.generate(accountId);
    const first = set[0]!;
    const last = secretPart(first).slice(-1);
    const flipped = `${first.slice(0, -1)}${last === 'Z' ? 'Y' : 'Z'}`;
    expect(await codes.use({ accountId, code: flipped })).toBe('invalid');
    expect(await codes.use({ accountId, code: `2-${first.slice(2)}` })).toBe('invalid');
    for (const code of ['', '1', 'U-AAAA-AAAA-AAAA-AAAA', `11-${first.slice(2)}`, `0-${first.slice(2)}`, `${first}A`, 'x'.repeat(5000)]) {
      expect(await codes.use({ accountId, code })).toBe('invalid');
    }
    expect(await codes.use({ accountId, code: { $ne: null } as unknown as string })).toBe('invalid');
    expect(await codes.remaining(accountId)).toBe(10);
  });

  it('reads codes tolerantly: case, spaces, hyphens, and I/L for 1, O for 0', async () => {
    const accountId = newAccount();
    const set = await codes.generate(accountId);
    // Code 10 always contains a 1 and a 0 (its index), so the look-alike mapping is always exercised.
    const tenth = set[9]!;
    const lookAlike = tenth.toLowerCase().replace(/1/g, 'l').replace(/0/g, 'o').replace(/-/g, ' ');
    expect(parseBackupCode(lookAlike)).toEqual(parseBackupCode(tenth));
    expect(await codes.use({ accountId, code: ` ${lookAlike} ` })).toBe('ok');
    const second = set[1]!;
    const spaced = second.replace(/-/g, '').replace(/1/g, 'I').replace(/0/g, 'O').split('').join(' ');
    expect(await codes.use({ accountId, code: spaced })).toBe('ok');
    expect(await codes.use({ accountId, code: set[2]!.replace(/-/g, '\u2013') })).toBe('ok');
  });

  it('does not accept account A’s code for account B', async () => {
    const a = newAccount();
    const b = newAccount();
    const setA = await codes.generate(a);
    await codes.generate(b);
    expect(await codes.use({ accountId: b, code: setA[0]! })).toBe('invalid');
    expect(await codes.use({ accountId: newAccount(), code: setA[0]! })).toBe('invalid');
    expect(await codes.use({ accountId: a, code: setA[0]! })).toBe('ok');
  });
});

describe('regeneration and removal', () => {
  it('voids every earlier code when a new set is made', async () => {
    const accountId = newAccount();
    const old = await codes.generate(accountId);
    expect(await codes.use({ accountId, code: old[0]! })).toBe('ok');
    const fresh = await codes.generate(accountId);
    for (const code of old) expect(await codes.use({ accountId, code })).toBe('invalid');
    expect(await codes.remaining(accountId)).toBe(10);
    expect(await codes.use({ accountId, code: fresh[0]! })).toBe('ok');
  });

  it('lets no old code through while a regeneration races with its uses', async () => {
    const accountId = newAccount();
    const old = await codes.generate(accountId);
    const [, ...uses] = await Promise.all([codes.generate(accountId), ...old.map((code) => codes.use({ accountId, code }))]);
    // Uses that finished before the swap may have succeeded; after it, the new set is complete and no old code works.
    expect(uses.every((r) => r === 'ok' || r === 'invalid')).toBe(true);
    expect(await codes.remaining(accountId)).toBe(10);
    for (const code of old) expect(await codes.use({ accountId, code })).toBe('invalid');
  });

  it('refuses a use that read the set before a regeneration replaced it', async () => {
    const accountId = newAccount();
    const old = await codes.generate(accountId);
    const stale = await database.db.collection<BackupCodesDocument>(BACKUP_CODES_COLLECTION).findOne({ _id: accountId });
    await codes.generate(accountId);
    // The use sees the old set, as a request in flight during the regeneration would: its hash check passes.
    jest.spyOn(Collection.prototype, 'findOne').mockResolvedValueOnce(stale);
    expect(await codes.use({ accountId, code: old[0]! })).toBe('invalid');
    expect(await codes.remaining(accountId)).toBe(10);
  });

  it('removes the set', async () => {
    const accountId = newAccount();
    const set = await codes.generate(accountId);
    expect(await codes.remove(accountId)).toBe(true);
    expect(await codes.use({ accountId, code: set[0]! })).toBe('invalid');
    expect(await codes.remaining(accountId)).toBe(0);
    expect(await codes.remove(accountId)).toBe(false);
  });
});

describe('at rest', () => {
  it('keeps no code in any form in the database, only salted Argon2id hashes', async () => {
    const accountId = newAccount();
    const set = await codes.generate(accountId);
    await codes.use({ accountId, code: set[0]! });
    const dumps: string[] = [];
    for (const { name } of await database.db.listCollections().toArray()) dumps.push(JSON.stringify(await database.db.collection(name).find().toArray()));
    const dump = dumps.join('\n');
    for (const code of set) {
      const secret = secretPart(code);
      const bytes = decode(secret);
      for (const form of [code, code.toLowerCase(), secret, secret.toLowerCase(), code.replace(/-/g, ''), bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')]) {
        expect(dump).not.toContain(form);
      }
    }
    const doc = (await database.db.collection<BackupCodesDocument>(BACKUP_CODES_COLLECTION).findOne({ _id: accountId }))!;
    const salts = doc.codes.map((entry) => entry.verifier.salt);
    expect(new Set(salts).size).toBe(10);
    for (const entry of doc.codes) {
      expect(entry.verifier.algorithm).toBe('argon2id');
      expect(Buffer.from(entry.verifier.salt, 'base64url').length).toBeGreaterThanOrEqual(4);
    }
  });
});
