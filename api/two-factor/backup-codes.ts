// Backup codes (2FA lookup secrets): ten single-use codes of 80 random bits each, stored only as salted
// Argon2id hashes (<112 bits, so a password hash is required: ASVS 6.5.2), replaced as a whole set.
import crypto from 'node:crypto';
import type { Db, WriteConcernSettings } from 'mongodb';
import { checkVerifier, createVerifier, dummyVerifier, type VerifierParams } from '../accounts/verifier';
import { backupCodesRepository, type BackupCodeEntry } from './backup-codes-repository';

export const BACKUP_CODE_COUNT = 10;
/** Secret bits per code: 10 random bytes, written as exactly 16 Crockford base32 characters. */
export const BACKUP_CODE_BITS = 80;
const SECRET_BYTES = BACKUP_CODE_BITS / 8;
const SECRET_CHARS = BACKUP_CODE_BITS / 5;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type BackupCodeResult = 'ok' | 'invalid';

export interface BackupCodesOptions {
  db: Db;
  durable: Readonly<WriteConcernSettings>;
  /** PRODUCTION_VERIFIER_PARAMS, or TEST_VERIFIER_PARAMS in tests. */
  hashParams: VerifierParams;
  now?: () => Date;
}

export interface BackupCodes {
  ensureIndexes(): Promise<void>;
  /**
   * A new set of ten codes, replacing every earlier code at once. The result is the only time the codes
   * exist in clear: show them once, never log, store or mail them.
   */
  generate(accountId: string): Promise<string[]>;
  /** 'ok' at most once per code, also under concurrency; a regenerated set voids uses in flight. */
  use(options: { accountId: string; code: string }): Promise<BackupCodeResult>;
  remaining(accountId: string): Promise<number>;
  /** Removes the set; true when there was one. */
  remove(accountId: string): Promise<boolean>;
}

function crockford(bytes: Uint8Array): string {
  let out = '';
  let value = 0;
  let bits = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** "3-7KQF-M2XD-9PTA-0BCH": a non-secret index (1–10) picks the one hash to check, then four groups of four. */
function format(index: number, secret: string): string {
  return [String(index), ...(secret.match(/.{4}/g) ?? [])].join('-');
}

/**
 * Tolerant reading of a typed code: any case, spaces and hyphens (also typographic dashes) anywhere,
 * and Crockford's look-alikes I/L → 1, O → 0. Null for anything that cannot be a code.
 */
export function parseBackupCode(text: unknown): { index: number; secret: string } | null {
  if (typeof text !== 'string' || text.length > 64) return null;
  const cleaned = text
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  // The secret has a fixed length, so the index in front ("1".."10") is unambiguous.
  const match = new RegExp(`^(10|[1-9])([0-9A-HJKMNP-TV-Z]{${SECRET_CHARS}})$`).exec(cleaned);
  if (!match?.[1] || !match[2]) return null;
  return { index: Number(match[1]), secret: match[2] };
}

export function createBackupCodes(options: BackupCodesOptions): BackupCodes {
  const repository = backupCodesRepository(options.db, options.durable);
  const { hashParams } = options;
  const now = options.now ?? (() => new Date());
  // Checked when there is nothing real to check, so timing does not tell which codes exist or were used.
  const dummy = dummyVerifier(hashParams);

  return {
    ensureIndexes: () => repository.ensureIndexes(),

    async generate(accountId) {
      const codes: string[] = [];
      const entries: BackupCodeEntry[] = [];
      for (let index = 1; index <= BACKUP_CODE_COUNT; index += 1) {
        const bytes = crypto.randomBytes(SECRET_BYTES);
        const secret = crockford(bytes);
        bytes.fill(0);
        // One at a time: ten Argon2id instances at once would need ten times the memory.
        entries.push({ verifier: await createVerifier(secret, hashParams), usedAt: null });
        codes.push(format(index, secret));
      }
      await repository.replaceSet({ _id: accountId, generation: crypto.randomBytes(16).toString('base64url'), createdAt: now(), codes: entries });
      return codes;
    },

    async use({ accountId, code }) {
      const parsed = parseBackupCode(code);
      // Malformed input is refused without hashing: it costs an attacker nothing to send, so it should cost us nothing.
      if (!parsed) return 'invalid';
      const set = await repository.find(accountId);
      const position = parsed.index - 1;
      const entry = set?.codes[position];
      if (!set || !entry || entry.usedAt !== null) {
        await checkVerifier(parsed.secret, dummy);
        return 'invalid';
      }
      if (!(await checkVerifier(parsed.secret, entry.verifier))) return 'invalid';
      // The conditional update decides: of racing requests one wins, and none after a regeneration.
      return (await repository.markUsed({ accountId, generation: set.generation, position, at: now() })) ? 'ok' : 'invalid';
    },

    async remaining(accountId) {
      const set = await repository.find(accountId);
      return set ? set.codes.filter((entry) => entry.usedAt === null).length : 0;
    },

    remove: (accountId) => repository.remove(accountId),
  };
}
