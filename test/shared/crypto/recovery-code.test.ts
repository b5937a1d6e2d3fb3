// Recovery codes: format, typo detection (proved exhaustively), and the user-key wrap they open.
import { createAccountKeys } from '../../../shared/crypto/account-keys';
import { ENVELOPE_PATTERN } from '../../../shared/crypto/envelope';
import { fromBase64url } from '../../../shared/crypto/encoding';
import { createRecoveryCode, deriveRecoveryKeys, parseRecoveryCode, unlockWithRecoveryCode, wrapUserKeyWithRecoveryCode } from '../../../shared/crypto/recovery-code';
import { TEST_FLOOR, containsBase64, containsBytes, envelopeBytes, expectCode, expectCodeSync, flipByte, testKdfParams } from './helpers';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}-[0-9A-HJKMNP-TV-Z]{3}$/;
const symbolsOf = (code: string) => [...code.replace(/-/g, '')];
const codes = Array.from({ length: 40 }, () => createRecoveryCode());

describe('recovery code format', () => {
  it('is 26 Crockford base32 symbols (130 random bits) and a check symbol, in groups of four', () => {
    for (const code of codes) {
      expect(code).toMatch(FORMAT);
      expect(symbolsOf(code)).toHaveLength(27);
    }
    expect(26 * Math.log2(32)).toBeGreaterThanOrEqual(128);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('uses every symbol of the alphabet in every data position over many codes (no stuck bits)', () => {
    const many = Array.from({ length: 2000 }, () => symbolsOf(createRecoveryCode()));
    for (let position = 0; position < 26; position++) {
      expect(new Set(many.map((s) => s[position])).size).toBe(32);
    }
  });

  it('round-trips through parseRecoveryCode', () => {
    for (const code of codes) expect(parseRecoveryCode(code)).toBe(code);
  });

  it('parses what people type: any case, spaces or no separators, and I/L for 1 and O for 0', () => {
    for (const code of codes) {
      const plain = code.replace(/-/g, '');
      expect(parseRecoveryCode(plain.toLowerCase())).toBe(code);
      expect(parseRecoveryCode(` ${code.replace(/-/g, ' ')} `)).toBe(code);
      expect(parseRecoveryCode(plain.replace(/(.{3})/g, '$1-'))).toBe(code);
      expect(parseRecoveryCode(code.replace(/1/g, 'I').replace(/0/g, 'o'))).toBe(code);
      expect(parseRecoveryCode(code.replace(/1/g, 'l').replace(/0/g, 'O'))).toBe(code);
    }
  });

  const sample = 'ZEGE-1012-3456-789A-BCDE-FGHJ-KMC';

  it.each([
    ['empty', ''],
    ['too short', 'ZEGE-1012'],
    ['missing a symbol', sample.slice(0, -1)],
    ['one symbol too long', `${sample}0`],
    ['holding a U (not in the alphabet)', `U${sample.slice(1)}`],
    ['holding punctuation', `*${sample.slice(1)}`],
    ['holding a non-ASCII digit', `٣${sample.slice(1)}`],
  ])('refuses a code %s with RECOVERY_CODE_MALFORMED', (_name, input) => {
    expectCodeSync(() => parseRecoveryCode(input), 'RECOVERY_CODE_MALFORMED');
  });
});

describe('the check symbol', () => {
  it.each([
    // Computed independently: Σ α^i · s_i = 0 over GF(32) with x^5 + x^2 + 1, α = 2, positions from the left.
    'ZEGE-1012-3456-789A-BCDE-FGHJ-KMC',
    '0000-0000-0000-0000-0000-0000-01J',
    '1000-0000-0000-0000-0000-0000-005',
    '0000-0000-0000-0000-0000-0000-000',
  ])('accepts the known-answer code %s', (code) => {
    expect(parseRecoveryCode(code)).toBe(code);
  });

  it('catches every single-symbol substitution, in every position including the check symbol itself', () => {
    let tried = 0;
    for (const code of codes.slice(0, 12)) {
      const symbols = symbolsOf(code);
      symbols.forEach((original, position) => {
        for (const replacement of ALPHABET) {
          if (replacement === original) continue;
          const typo = [...symbols];
          typo[position] = replacement;
          expectCodeSync(() => parseRecoveryCode(typo.join('')), 'RECOVERY_CODE_MALFORMED');
          tried++;
        }
      });
    }
    expect(tried).toBe(12 * 27 * 31);
  });

  it('catches every adjacent transposition of two different symbols', () => {
    let tried = 0;
    for (const code of codes) {
      const symbols = symbolsOf(code);
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (symbols[i] === symbols[i + 1]) continue;
        const typo = [...symbols];
        [typo[i], typo[i + 1]] = [typo[i + 1]!, typo[i]!];
        expectCodeSync(() => parseRecoveryCode(typo.join('')), 'RECOVERY_CODE_MALFORMED');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(codes.length * 20);
  });

  it('catches every transposition of two different symbols, adjacent or not', () => {
    for (const code of codes.slice(0, 10)) {
      const symbols = symbolsOf(code);
      for (let i = 0; i < symbols.length; i++) {
        for (let j = i + 1; j < symbols.length; j++) {
          if (symbols[i] === symbols[j]) continue;
          const typo = [...symbols];
          [typo[i], typo[j]] = [typo[j]!, typo[i]!];
          expectCodeSync(() => parseRecoveryCode(typo.join('')), 'RECOVERY_CODE_MALFORMED');
        }
      }
    }
  });
});

describe('recovery-code wrap of the user key', () => {
  const PASSWORD = 'een lange zin als wachtwoord';
  const make = (accountId: string) => createAccountKeys({ accountId, password: PASSWORD, kdfParams: testKdfParams(), floor: TEST_FLOOR });

  it('unlocks the account with the code, as typed by a person', async () => {
    const { upload, unlocked } = await make('acc-a');
    const code = createRecoveryCode();
    const { wrappedUserKeyByRecovery, recoveryAuthValue } = await wrapUserKeyWithRecoveryCode({ accountId: 'acc-a', userKey: unlocked.userKey, code });
    expect(wrappedUserKeyByRecovery).toMatch(ENVELOPE_PATTERN);
    expect(fromBase64url(recoveryAuthValue)).toHaveLength(32);

    const keys = await unlockWithRecoveryCode({ accountId: 'acc-a', code: code.toLowerCase().replace(/-/g, ' '), wrappedUserKeyByRecovery, encryptedPrivateKey: upload.encryptedPrivateKey });
    expect(keys.userKey).toEqual(unlocked.userKey);
    expect(keys.fingerprint).toBe(upload.fingerprint);
    await expect(keys.privateKey.verifyPrimaryKey()).resolves.toBeUndefined();
  });

  it('derives the same auth value from the same code however it is typed, and a different one for another code', async () => {
    const code = createRecoveryCode();
    const a = await deriveRecoveryKeys(code);
    const b = await deriveRecoveryKeys(code.toLowerCase().replace(/-/g, ''));
    const c = await deriveRecoveryKeys(createRecoveryCode());
    expect(a.authValue).toBe(b.authValue);
    expect(a.authValue).not.toBe(c.authValue);
    expect(a.wrapKey.extractable).toBe(false);
  });

  it('fails with UNWRAP_FAILED for a wrong (well-formed) code, another account, a flipped byte or the password blob', async () => {
    const { upload, unlocked } = await make('acc-a');
    const code = createRecoveryCode();
    const { wrappedUserKeyByRecovery } = await wrapUserKeyWithRecoveryCode({ accountId: 'acc-a', userKey: unlocked.userKey, code });
    const attempt = (overrides: Partial<Parameters<typeof unlockWithRecoveryCode>[0]>) =>
      unlockWithRecoveryCode({ accountId: 'acc-a', code, wrappedUserKeyByRecovery, encryptedPrivateKey: upload.encryptedPrivateKey, ...overrides });

    await expectCode(attempt({ code: createRecoveryCode() }), 'UNWRAP_FAILED');
    await expectCode(attempt({ accountId: 'acc-b' }), 'UNWRAP_FAILED');
    await expectCode(attempt({ wrappedUserKeyByRecovery: upload.wrappedUserKeyByPassword }), 'UNWRAP_FAILED');
    for (let i = 0; i < envelopeBytes(wrappedUserKeyByRecovery).length; i++) {
      await expectCode(attempt({ wrappedUserKeyByRecovery: flipByte(wrappedUserKeyByRecovery, i) }), 'UNWRAP_FAILED');
    }
    await expectCode(attempt({ code: 'not a code' }), 'RECOVERY_CODE_MALFORMED');
  });

  it('keeps the auth value apart from the password auth value and from the wrap key', async () => {
    const { upload, unlocked } = await make('acc-a');
    const code = createRecoveryCode();
    const { wrappedUserKeyByRecovery, recoveryAuthValue } = await wrapUserKeyWithRecoveryCode({ accountId: 'acc-a', userKey: unlocked.userKey, code });
    expect(recoveryAuthValue).not.toBe(upload.authValue);
    // The auth value as a key does not open the wrap: the server cannot unwrap with what it is shown.
    const asKey = await crypto.subtle.importKey('raw', fromBase64url(recoveryAuthValue)!, 'AES-GCM', false, ['decrypt']);
    const [, iv, ct] = wrappedUserKeyByRecovery.split('.');
    const aad = new TextEncoder().encode('zegel:v1|acc-a|recovery');
    await expect(crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64url(iv!)!, additionalData: aad }, asKey, fromBase64url(ct!)!)).rejects.toBeDefined();
  });

  it('stores neither the code, the password, the user key nor the private key in the wrapped blob', async () => {
    const { unlocked } = await make('acc-a');
    const code = createRecoveryCode();
    const stored = await wrapUserKeyWithRecoveryCode({ accountId: 'acc-a', userKey: unlocked.userKey, code });
    const text = JSON.stringify(stored);
    const blob = envelopeBytes(stored.wrappedUserKeyByRecovery);
    const encoder = new TextEncoder();
    const secrets = [encoder.encode(code), encoder.encode(code.replace(/-/g, '')), encoder.encode(PASSWORD), unlocked.userKey, unlocked.privateKey.write()];
    for (const secret of secrets) {
      expect(containsBytes(blob, secret, 8)).toBe(false);
      expect(containsBase64(text, secret)).toBe(false);
    }
    expect(text).not.toContain(code);
    expect(text).not.toContain(code.replace(/-/g, ''));
  });
});
