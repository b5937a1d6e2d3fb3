// Recovery codes: 130 random bits as 26 Crockford base32 symbols plus a check symbol, and the user-key wrap they open.
//
// The check symbol is a weighted sum over GF(32) (weights α^i for a primitive α), not Crockford's mod-37:
// it stays inside the 32-symbol alphabet (no *~$=U to read aloud or type), and because the 27 weights are
// distinct and non-zero it catches every single-symbol substitution and every transposition of two
// symbols, adjacent or not. test/shared/crypto/recovery-code.test.ts checks this exhaustively.
import { CryptoError } from './errors';
import { randomBytes, wipe } from './encoding';
import { assertUserKey, openPrivateKey, type UnlockedAccountKeys } from './account-keys';
import { deriveWrapKeyAndAuthValue, open, seal } from './envelope';

/** A recovery code in its display form, `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXX`. Only parseRecoveryCode and createRecoveryCode make one. */
export type RecoveryCode = string & { readonly __brand: 'RecoveryCode' };

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_SYMBOLS = 26;
const CODE_SYMBOLS = DATA_SYMBOLS + 1;
const GROUP = 4;
/** Crockford's aliases: letters people read as digits. U is not in the alphabet and stays an error. */
const ALIASES: Readonly<Record<string, string>> = { I: '1', L: '1', O: '0' };

// GF(2^5) with the primitive polynomial x^5 + x^2 + 1; α = 2 has order 31.
const EXP: number[] = [];
const LOG: number[] = new Array<number>(32).fill(0);
for (let i = 0, x = 1; i < 31; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 32) x ^= 0b100101;
}
const gfMul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : (EXP[((LOG[a] ?? 0) + (LOG[b] ?? 0)) % 31] ?? 0));
const alphaPow = (i: number): number => EXP[i % 31] ?? 0;

/** Σ α^i · s_i over all 27 positions is zero for a valid code; solve for the last symbol. */
function checkSymbol(data: readonly number[]): number {
  let sum = 0;
  data.forEach((s, i) => {
    sum ^= gfMul(alphaPow(i), s);
  });
  // α^26 · c = sum  ⇒  c = α^(31-26) · sum
  return gfMul(alphaPow(31 - DATA_SYMBOLS), sum);
}

function format(symbols: readonly number[]): RecoveryCode {
  const text = symbols.map((s) => ALPHABET[s]).join('');
  const groups: string[] = [];
  for (let i = 0; i < text.length; i += GROUP) groups.push(text.slice(i, i + GROUP));
  return groups.join('-') as RecoveryCode;
}

/** A fresh code: each symbol from one random byte masked to 5 bits (256 is a multiple of 32, so no bias). */
export function createRecoveryCode(): RecoveryCode {
  const bytes = randomBytes(DATA_SYMBOLS);
  const data = [...bytes].map((b) => b & 31);
  wipe(bytes);
  return format([...data, checkSymbol(data)]);
}

function parseSymbols(text: string): number[] {
  const malformed = () => new CryptoError('RECOVERY_CODE_MALFORMED', 'This is not a valid recovery code.');
  if (typeof text !== 'string' || text.length > 200) throw malformed();
  const cleaned = text.toUpperCase().replace(/[\s-]+/g, '');
  if (cleaned.length !== CODE_SYMBOLS) throw malformed();
  const symbols = [...cleaned].map((c) => ALPHABET.indexOf(ALIASES[c] ?? c));
  if (symbols.some((s) => s < 0)) throw malformed();
  if (checkSymbol(symbols.slice(0, DATA_SYMBOLS)) !== symbols[DATA_SYMBOLS]) throw malformed();
  return symbols;
}

/**
 * Reads a code as typed or read aloud: any case, spaces and hyphens anywhere, I and L for 1, O for 0.
 * Throws RECOVERY_CODE_MALFORMED for a wrong length, a symbol outside the alphabet or a failing check.
 */
export function parseRecoveryCode(text: string): RecoveryCode {
  return format(parseSymbols(text));
}

/** The 130 data bits packed big-endian into 17 bytes (the first byte holds the top 2 bits). */
function codeBytes(code: string): Uint8Array<ArrayBuffer> {
  const data = parseSymbols(code).slice(0, DATA_SYMBOLS);
  const bytes = new Uint8Array(17);
  let acc = 0n;
  for (const s of data) acc = (acc << 5n) | BigInt(s);
  for (let i = 16; i >= 0; i--) {
    bytes[i] = Number(acc & 0xffn);
    acc >>= 8n;
  }
  return bytes;
}

/**
 * HKDF-SHA256 straight from the code: with 130 random bits there is nothing for a slow KDF to add.
 * `authValue` is what the client proves to the server (which stores only a hash of it); `wrapKey` never leaves the client.
 */
export async function deriveRecoveryKeys(code: string): Promise<{ wrapKey: CryptoKey; authValue: string }> {
  const ikm = codeBytes(code);
  try {
    return await deriveWrapKeyAndAuthValue({ ikm, wrapInfo: 'zegel:recovery-wrap:v1', authInfo: 'zegel:recovery-auth:v1' });
  } finally {
    wipe(ikm);
  }
}

/** Wraps the user key under a recovery code, for upload with a hash of `recoveryAuthValue`. */
export async function wrapUserKeyWithRecoveryCode(options: {
  accountId: string;
  userKey: Uint8Array;
  code: string;
}): Promise<{ wrappedUserKeyByRecovery: string; recoveryAuthValue: string }> {
  const userKey = assertUserKey(options.userKey);
  const { wrapKey, authValue } = await deriveRecoveryKeys(options.code);
  const wrappedUserKeyByRecovery = await seal({ key: wrapKey, plaintext: userKey, accountId: options.accountId, purpose: 'recovery' });
  return { wrappedUserKeyByRecovery, recoveryAuthValue: authValue };
}

/** Opens the account with a recovery code; UNWRAP_FAILED for a wrong code, another account's blob or tampering. */
export async function unlockWithRecoveryCode(options: {
  accountId: string;
  code: string;
  wrappedUserKeyByRecovery: string;
  encryptedPrivateKey: string;
}): Promise<UnlockedAccountKeys> {
  const { wrapKey } = await deriveRecoveryKeys(options.code);
  const userKey = await open({ key: wrapKey, envelope: options.wrappedUserKeyByRecovery, accountId: options.accountId, purpose: 'recovery' });
  return openPrivateKey({ accountId: options.accountId, userKey, encryptedPrivateKey: options.encryptedPrivateKey });
}
