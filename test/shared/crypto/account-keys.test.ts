// Account keys: create and unlock, and every way a wrong secret, a swapped blob or a flipped byte must fail alike.
import * as openpgp from 'openpgp';
import { createAccountKeys, rewrapForNewPassword, unlockWithPassword, unlockWithPasswordKeys } from '../../../shared/crypto/account-keys';
import { ENVELOPE_PATTERN, importAesKey, open, seal } from '../../../shared/crypto/envelope';
import { derivePasswordKeys } from '../../../shared/crypto/kdf';
import { fromBase64url } from '../../../shared/crypto/encoding';
import { TEST_FLOOR, containsBase64, containsBytes, envelopeBytes, expectCode, flipByte, testKdfParams } from './helpers';

const PASSWORD = 'een lange zin als wachtwoord';

async function makeAccount(accountId: string, password = PASSWORD) {
  return createAccountKeys({ accountId, password, kdfParams: testKdfParams(), floor: TEST_FLOOR });
}

function unlock(accountId: string, upload: Awaited<ReturnType<typeof makeAccount>>['upload'], password = PASSWORD) {
  return unlockWithPassword({
    accountId,
    password,
    kdfParams: upload.kdfParams,
    wrappedUserKeyByPassword: upload.wrappedUserKeyByPassword,
    encryptedPrivateKey: upload.encryptedPrivateKey,
    floor: TEST_FLOOR,
  });
}

describe('creating account keys', () => {
  it('uploads only envelopes, an auth value, parameters and the public key', async () => {
    const { upload, unlocked } = await makeAccount('acc-a');
    expect(Object.keys(upload).sort()).toEqual(['authValue', 'encryptedPrivateKey', 'fingerprint', 'kdfParams', 'publicKey', 'wrappedUserKeyByPassword']);
    expect(upload.wrappedUserKeyByPassword).toMatch(ENVELOPE_PATTERN);
    expect(upload.encryptedPrivateKey).toMatch(ENVELOPE_PATTERN);
    expect(envelopeBytes(upload.wrappedUserKeyByPassword)).toHaveLength(12 + 32 + 16);
    expect(fromBase64url(upload.authValue)).toHaveLength(32);
    expect(upload.publicKey).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(upload.publicKey).not.toMatch(/PRIVATE/);
    expect(upload.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(unlocked.userKey).toHaveLength(32);
    expect(unlocked.fingerprint).toBe(upload.fingerprint);
  });

  it('makes an RFC 9580 v6 Curve25519 key pair (Ed25519 + X25519, never RSA) with no user ID', async () => {
    const { upload } = await makeAccount('acc-a');
    const key = await openpgp.readKey({ armoredKey: upload.publicKey });
    expect(key.keyPacket.version).toBe(6);
    expect(key.getAlgorithmInfo().algorithm).toBe('ed25519');
    expect(key.subkeys.map((s) => s.getAlgorithmInfo().algorithm)).toEqual(['x25519']);
    expect(key.users).toHaveLength(0);
    expect(key.getFingerprint()).toBe(upload.fingerprint);
  });

  it('gives every account its own user key, key pair and salt', async () => {
    const [a, b] = await Promise.all([makeAccount('acc-a'), makeAccount('acc-b')]);
    expect(a.unlocked.userKey).not.toEqual(b.unlocked.userKey);
    expect(a.upload.fingerprint).not.toBe(b.upload.fingerprint);
    expect(a.upload.kdfParams.salt).not.toBe(b.upload.kdfParams.salt);
    expect(a.upload.authValue).not.toBe(b.upload.authValue);
  });
});

describe('unlocking with the password', () => {
  it('returns the user key and a private key that decrypts and signs for the published public key', async () => {
    const { upload, unlocked } = await makeAccount('acc-a');
    const keys = await unlock('acc-a', upload);
    expect(keys.userKey).toEqual(unlocked.userKey);
    expect(keys.fingerprint).toBe(upload.fingerprint);
    expect(keys.privateKey.isDecrypted()).toBe(true);
    // Regression: the parsed key keeps views into its input buffer, so that buffer must not be wiped.
    await expect(keys.privateKey.verifyPrimaryKey()).resolves.toBeUndefined();

    const published = await openpgp.readKey({ armoredKey: upload.publicKey });
    const sender = await openpgp.generateKey({ type: 'curve25519', userIDs: [], config: { v6Keys: true }, format: 'object' });
    const encrypted = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'Conclusie van antwoord' }),
      encryptionKeys: published,
      signingKeys: sender.privateKey,
    });
    const message = await openpgp.readMessage({ armoredMessage: encrypted });
    const { data } = await openpgp.decrypt({ message, decryptionKeys: keys.privateKey, verificationKeys: sender.publicKey, expectSigned: true });
    expect(data).toBe('Conclusie van antwoord');
    // AEAD (SEIPDv2) was chosen by the sender because the key advertises it.
    expect(message.packets.filterByTag(openpgp.enums.packet.aeadEncryptedData, openpgp.enums.packet.symEncryptedIntegrityProtectedData)[0]).toMatchObject({ version: 2 });

    const signature = await openpgp.sign({ message: await openpgp.createMessage({ text: 'manifest' }), signingKeys: keys.privateKey, detached: true });
    const verified = await openpgp.verify({
      message: await openpgp.createMessage({ text: 'manifest' }),
      signature: await openpgp.readSignature({ armoredSignature: signature }),
      verificationKeys: published,
      expectSigned: true,
    });
    expect(verified.data).toBe('manifest');
  });

  it('fails with UNWRAP_FAILED for a wrong password', async () => {
    const { upload } = await makeAccount('acc-a');
    await expectCode(unlock('acc-a', upload, 'een lange zin als wachtwoorD'), 'UNWRAP_FAILED');
    await expectCode(unlock('acc-a', upload, `${PASSWORD} `), 'UNWRAP_FAILED');
  });

  it("fails when account A's wrapped user key is copied into account B's record, even with the same password", async () => {
    const [a, b] = await Promise.all([makeAccount('acc-a'), makeAccount('acc-b')]);
    // Everything of A's, under B's account id: the associated data no longer matches.
    await expectCode(unlock('acc-b', a.upload), 'UNWRAP_FAILED');
    // A's wrapped user key next to B's own private key and parameters.
    await expectCode(unlock('acc-b', { ...b.upload, wrappedUserKeyByPassword: a.upload.wrappedUserKeyByPassword, kdfParams: a.upload.kdfParams }), 'UNWRAP_FAILED');
    // B's wrapped user key with A's encrypted private key: right user key for B, wrong blob.
    await expectCode(unlock('acc-b', { ...b.upload, encryptedPrivateKey: a.upload.encryptedPrivateKey }), 'UNWRAP_FAILED');
  });

  it('fails when one byte of either blob is flipped, wherever it is (IV, ciphertext or tag)', async () => {
    const { upload } = await makeAccount('acc-a');
    const passwordKeys = await derivePasswordKeys({ password: PASSWORD, params: upload.kdfParams, floor: TEST_FLOOR });
    const attempt = (blobs: { wrappedUserKeyByPassword: string; encryptedPrivateKey: string }) => unlockWithPasswordKeys({ accountId: 'acc-a', passwordKeys, ...blobs });
    await expect(attempt(upload)).resolves.toMatchObject({ fingerprint: upload.fingerprint });

    for (const field of ['wrappedUserKeyByPassword', 'encryptedPrivateKey'] as const) {
      const length = envelopeBytes(upload[field]).length;
      for (let i = 0; i < length; i++) {
        await expectCode(attempt({ ...upload, [field]: flipByte(upload[field], i) }), 'UNWRAP_FAILED');
      }
    }
  });

  it.each([
    ['an empty string', ''],
    ['another version', 'v2.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA'],
    ['a truncated tag', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAA'],
    ['padding', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=='],
    ['garbage', 'not an envelope at all'],
  ])('fails with UNWRAP_FAILED for a wrapped user key that is %s', async (_name, envelope) => {
    const { upload } = await makeAccount('acc-a');
    await expectCode(unlock('acc-a', { ...upload, wrappedUserKeyByPassword: envelope }), 'UNWRAP_FAILED');
  });

  it('binds purpose: a blob sealed for one purpose does not open as another', async () => {
    const key = await importAesKey(crypto.getRandomValues(new Uint8Array(32)));
    const sealed = await seal({ key, plaintext: new Uint8Array([1, 2, 3]), accountId: 'acc-a', purpose: 'recovery' });
    await expectCode(open({ key, envelope: sealed, accountId: 'acc-a', purpose: 'password' }), 'UNWRAP_FAILED');
    await expectCode(open({ key, envelope: sealed, accountId: 'acc-a', purpose: 'private-key' }), 'UNWRAP_FAILED');
    await expect(open({ key, envelope: sealed, accountId: 'acc-a', purpose: 'recovery' })).resolves.toEqual(new Uint8Array([1, 2, 3]));
  });

  it.each(['', 'a|b', 'acc a', 'x'.repeat(129), 'ação'])('refuses the account id %j, which could make associated data ambiguous', async (accountId) => {
    await expectCode(createAccountKeys({ accountId, password: PASSWORD, kdfParams: testKdfParams(), floor: TEST_FLOOR }), 'INVALID_INPUT');
  });

  it('refuses weak parameters from the record before touching the blobs', async () => {
    const { upload } = await makeAccount('acc-a');
    await expectCode(
      unlockWithPassword({ accountId: 'acc-a', password: PASSWORD, kdfParams: upload.kdfParams, wrappedUserKeyByPassword: upload.wrappedUserKeyByPassword, encryptedPrivateKey: upload.encryptedPrivateKey }),
      'KDF_PARAMS_TOO_WEAK',
    );
  });
});

describe('what the server stores', () => {
  it('contains neither the password, the user key nor the private key, in raw bytes or in base64', async () => {
    const { upload, unlocked } = await makeAccount('acc-a');
    const privateBytes = unlocked.privateKey.write();
    const secretSeeds = unlocked.privateKey.getKeys().map((k) => {
      const params = (k.keyPacket as unknown as { privateParams: Record<string, Uint8Array> }).privateParams;
      return Object.values(params)[0]!;
    });
    const password = new TextEncoder().encode(PASSWORD);
    const stored = JSON.stringify(upload);
    const blobs = [envelopeBytes(upload.wrappedUserKeyByPassword), envelopeBytes(upload.encryptedPrivateKey), new TextEncoder().encode(stored)];
    for (const secret of [password, unlocked.userKey, ...secretSeeds]) {
      expect(secret.length).toBeGreaterThanOrEqual(16);
      for (const blob of blobs) expect(containsBytes(blob, secret, 8)).toBe(false);
      expect(containsBase64(stored, secret)).toBe(false);
    }
    expect(stored).not.toContain(PASSWORD);
    // Any 16-byte run of the serialized private key would be a leak; its public part is published on purpose.
    const publicBytes = unlocked.publicKey.write();
    for (let i = 0; i + 16 <= privateBytes.length; i += 4) {
      const run = privateBytes.subarray(i, i + 16);
      if (containsBytes(publicBytes, run)) continue;
      for (const blob of blobs.slice(0, 2)) expect(containsBytes(blob, run)).toBe(false);
    }
  });
});

describe('changing the password', () => {
  it('re-wraps the same user key under the new password with fresh parameters; the old password no longer opens the new wrap', async () => {
    const { upload, unlocked } = await makeAccount('acc-a');
    const next = await rewrapForNewPassword({ accountId: 'acc-a', userKey: unlocked.userKey, newPassword: 'een heel andere zin nu', kdfParams: testKdfParams(), floor: TEST_FLOOR });
    expect(next.kdfParams.salt).not.toBe(upload.kdfParams.salt);
    expect(next.authValue).not.toBe(upload.authValue);
    expect(next.wrappedUserKeyByPassword).toMatch(ENVELOPE_PATTERN);

    const record = { ...upload, ...next };
    const keys = await unlock('acc-a', record, 'een heel andere zin nu');
    expect(keys.userKey).toEqual(unlocked.userKey);
    expect(keys.fingerprint).toBe(upload.fingerprint);
    await expectCode(unlock('acc-a', record, PASSWORD), 'UNWRAP_FAILED');
    // The caller's user key is left intact (the function wipes only its own copy).
    expect(unlocked.userKey.some((b) => b !== 0)).toBe(true);
  });

  it('refuses a user key that is not 32 bytes', async () => {
    await expectCode(rewrapForNewPassword({ accountId: 'acc-a', userKey: new Uint8Array(31), newPassword: PASSWORD, kdfParams: testKdfParams(), floor: TEST_FLOOR }), 'INVALID_INPUT');
  });
});
