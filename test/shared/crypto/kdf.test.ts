// Password key derivation: deterministic, separated into wrap key and auth value, and never below the compiled-in floor.
import { argon2id } from 'hash-wasm';
import {
  MINIMUM_KDF_PARAMS,
  PRODUCTION_KDF_PARAMS,
  TEST_KDF_PARAMS,
  assertKdfParams,
  derivePasswordKeys,
  newKdfParams,
  type KdfParams,
} from '../../../shared/crypto/kdf';
import { fromBase64url, toBase64url } from '../../../shared/crypto/encoding';
import { importAesKey, open, seal } from '../../../shared/crypto/envelope';
import { TEST_FLOOR, expectCode, expectCodeSync, testKdfParams } from './helpers';

const derive = (password: string, params: KdfParams) => derivePasswordKeys({ password, params, floor: TEST_FLOOR });

describe('password key derivation', () => {
  const params = testKdfParams();

  it('gives the same auth value for the same password and parameters', async () => {
    const a = await derive('lange zin met woorden', params);
    const b = await derive('lange zin met woorden', { ...params });
    expect(a.authValue).toBe(b.authValue);
    expect(fromBase64url(a.authValue)).toHaveLength(32);
  });

  it('gives a different auth value for another salt or another password', async () => {
    const base = await derive('lange zin met woorden', params);
    const otherSalt = await derive('lange zin met woorden', testKdfParams());
    const otherPassword = await derive('lange zin met woordeN', params);
    expect(new Set([base.authValue, otherSalt.authValue, otherPassword.authValue]).size).toBe(3);
  });

  it('gives a different auth value for each cost parameter', async () => {
    const base = await derive('lange zin met woorden', params);
    const values = await Promise.all([
      derive('lange zin met woorden', { ...params, memoryKiB: params.memoryKiB + 8 }),
      derive('lange zin met woorden', { ...params, iterations: params.iterations + 1 }),
      derive('lange zin met woorden', { ...params, parallelism: params.parallelism + 1 }),
    ]);
    expect(new Set([base.authValue, ...values.map((v) => v.authValue)]).size).toBe(4);
  });

  it('is Argon2id then HKDF-SHA256 with info "zegel:auth:v1", and the wrap key is a separate HKDF output', async () => {
    const password = 'lange zin met woorden';
    const keys = await derive(password, params);
    const root = await argon2id({
      password,
      salt: fromBase64url(params.salt)!,
      iterations: params.iterations,
      memorySize: params.memoryKiB,
      parallelism: params.parallelism,
      hashLength: 32,
      outputType: 'binary',
    });
    const hkdf = await crypto.subtle.importKey('raw', new Uint8Array(root), 'HKDF', false, ['deriveBits']);
    const info = (text: string) => new TextEncoder().encode(text);
    const bits = async (label: string) => new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: info(label) }, hkdf, 256));
    expect(keys.authValue).toBe(toBase64url(await bits('zegel:auth:v1')));

    const wrapBytes = await bits('zegel:wrap:v1');
    expect(toBase64url(wrapBytes)).not.toBe(keys.authValue);
    expect(toBase64url(new Uint8Array(root))).not.toBe(keys.authValue);
    // The derived wrap key is exactly those HKDF bits: what one seals, the other opens.
    const sealed = await seal({ key: keys.wrapKey, plaintext: new Uint8Array(32), accountId: 'acc-1', purpose: 'password' });
    await expect(open({ key: await importAesKey(wrapBytes), envelope: sealed, accountId: 'acc-1', purpose: 'password' })).resolves.toHaveLength(32);
  });

  it('makes the wrap key non-extractable and useless as the auth value (the server cannot unwrap with what it sees)', async () => {
    const keys = await derive('lange zin met woorden', params);
    expect(keys.wrapKey.extractable).toBe(false);
    expect(keys.wrapKey.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    const sealed = await seal({ key: keys.wrapKey, plaintext: new Uint8Array(32), accountId: 'acc-1', purpose: 'password' });
    const authAsKey = await importAesKey(fromBase64url(keys.authValue)!);
    await expectCode(open({ key: authAsKey, envelope: sealed, accountId: 'acc-1', purpose: 'password' }), 'UNWRAP_FAILED');
  });

  it('uses the password exactly: no truncation (differs only in the 73rd and the 100th byte), no case folding, no trimming', async () => {
    const long = 'a'.repeat(72) + 'b'.repeat(28);
    const values = await Promise.all(
      [long, `${long.slice(0, 72)}c${long.slice(73)}`, `${long.slice(0, 99)}c`, long.toUpperCase(), `${long} `].map(async (p) => (await derive(p, params)).authValue),
    );
    expect(new Set(values).size).toBe(values.length);
  });

  it('normalises to NFC, so composed and decomposed spellings of a password derive the same keys', async () => {
    const composed = 'café crème brûlée'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect((await derive(decomposed, params)).authValue).toBe((await derive(composed, params)).authValue);
  });

  it('returns the checked parameters it used', async () => {
    const keys = await derive('lange zin met woorden', { ...params, extra: 'ignored' } as KdfParams);
    expect(keys.kdfParams).toEqual(params);
  });
});

describe('the compiled-in KDF floor', () => {
  const good = (): KdfParams => ({ ...newKdfParams(), ...MINIMUM_KDF_PARAMS });

  it('is OWASP’s minimum, and production parameters and fresh parameters are above it', () => {
    expect(MINIMUM_KDF_PARAMS).toEqual({ memoryKiB: 19456, iterations: 2, parallelism: 1 });
    expect(() => assertKdfParams(good())).not.toThrow();
    expect(() => assertKdfParams(newKdfParams())).not.toThrow();
    expect(newKdfParams()).toMatchObject(PRODUCTION_KDF_PARAMS);
    expect(fromBase64url(newKdfParams().salt)).toHaveLength(16);
    expect(newKdfParams().salt).not.toBe(newKdfParams().salt);
  });

  it.each([
    ['memory one KiB below the floor', { memoryKiB: 19455 }],
    ['one iteration', { iterations: 1 }],
    ['zero iterations', { iterations: 0 }],
    ['zero parallelism', { parallelism: 0 }],
    ['negative memory', { memoryKiB: -65536 }],
    ['argon2i', { algorithm: 'argon2i' }],
    ['argon2d', { algorithm: 'argon2d' }],
    ['pbkdf2', { algorithm: 'pbkdf2' }],
    ['a missing algorithm', { algorithm: undefined }],
    ['a 15-byte salt', { salt: toBase64url(new Uint8Array(15).fill(7)) }],
    ['an empty salt', { salt: '' }],
  ])('refuses %s with KDF_PARAMS_TOO_WEAK', (_name, change) => {
    expectCodeSync(() => assertKdfParams({ ...good(), ...change }), 'KDF_PARAMS_TOO_WEAK');
  });

  it.each([
    ['null', null],
    ['a string', 'argon2id'],
    ['memory as a string', { memoryKiB: '65536' }],
    ['fractional iterations', { iterations: 2.5 }],
    ['NaN memory', { memoryKiB: Number.NaN }],
    ['memory above 1 GiB', { memoryKiB: 1048577 }],
    ['33 iterations', { iterations: 33 }],
    ['17 lanes', { parallelism: 17 }],
    ['a salt that is not base64url', { salt: 'c2FsdHNhbHRzYWx0c2FsdA==' }],
    ['a 65-byte salt', { salt: toBase64url(new Uint8Array(65)) }],
    ['no salt', { salt: undefined }],
  ])('refuses %s with KDF_PARAMS_INVALID', (_name, change) => {
    const params = change !== null && typeof change === 'object' ? { ...good(), ...change } : change;
    expectCodeSync(() => assertKdfParams(params), 'KDF_PARAMS_INVALID');
  });

  it('is what derivePasswordKeys uses when no floor is passed: the test profile is refused', async () => {
    expect(TEST_KDF_PARAMS.memoryKiB).toBeLessThan(MINIMUM_KDF_PARAMS.memoryKiB);
    await expectCode(derivePasswordKeys({ password: 'lange zin met woorden', params: testKdfParams() }), 'KDF_PARAMS_TOO_WEAK');
  });

  it('is checked by derivePasswordKeys for each field, as a hostile account record would set them', async () => {
    for (const change of [{ memoryKiB: 19455 }, { iterations: 1 }, { parallelism: 0 }, { salt: toBase64url(new Uint8Array(8)) }, { algorithm: 'argon2i' }]) {
      await expectCode(derivePasswordKeys({ password: 'lange zin met woorden', params: { ...good(), ...change } as KdfParams }), 'KDF_PARAMS_TOO_WEAK');
    }
  });

  it('does not let a floor override go below one for any cost', () => {
    const zero = { memoryKiB: 0, iterations: 0, parallelism: 0 };
    expectCodeSync(() => assertKdfParams({ ...testKdfParams(), iterations: 0 }, zero), 'KDF_PARAMS_TOO_WEAK');
  });
});
