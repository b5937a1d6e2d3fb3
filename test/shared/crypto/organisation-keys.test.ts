// Organisation unit keys: made and wrapped in clerks' clients; a member opens only a wrap meant for her,
// signed by a trusted clerk; after rotation a removed member cannot open the new key.
import * as openpgp from 'openpgp';
import { checkCiphertextChunk } from '../../../shared/crypto/ciphertext-check';
import { fromBase64url, toBase64url } from '../../../shared/crypto/encoding';
import { decryptMessage, encryptMessageAtOnce } from '../../../shared/crypto/messages';
import { createUnitKey, rotateUnitKey, unwrapUnitKey, wrapUnitKeyFor } from '../../../shared/crypto/organisation-keys';
import { encryptAndSign } from '../../../shared/crypto/pgp';
import { expectCode } from './helpers';
import { makeKeys, storeOf, type TestKeys } from './message-fixtures';

const UNIT = 'Rechtbank Amsterdam — griffie handel';

let clerk: TestKeys; // admits members
let member: TestKeys;
let leaver: TestKeys;
let outsider: TestKeys;
let lawyer: TestKeys;

beforeAll(async () => {
  [clerk, member, leaver, outsider, lawyer] = await Promise.all([makeKeys(), makeKeys(), makeKeys(), makeKeys(), makeKeys()]);
});

it('creates a v6 Curve25519 unit key named after the unit', async () => {
  const unit = await createUnitKey({ unitName: UNIT });
  expect(unit.publicKey.keyPacket.version).toBe(6);
  expect(unit.publicKey.getAlgorithmInfo().algorithm).toBe('ed25519');
  expect(unit.publicKey.subkeys.map((s) => s.getAlgorithmInfo().algorithm)).toEqual(['x25519']);
  expect(unit.publicKey.getUserIDs()).toEqual([UNIT]);
  expect(unit.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  expect((await openpgp.readKey({ armoredKey: unit.armoredPublicKey })).getFingerprint()).toBe(unit.fingerprint);
  await expectCode(createUnitKey({ unitName: '' }), 'INVALID_INPUT');
  await expectCode(createUnitKey({ unitName: 'a\nb' }), 'INVALID_INPUT');
});

it('wraps for a member, who unwraps it and reads mail sent to the unit', async () => {
  const unit = await createUnitKey({ unitName: UNIT });
  const wrap = await wrapUnitKeyFor({ unitPrivateKey: unit.privateKey, memberPublicKey: member.publicKey, signingKey: clerk.privateKey });
  expect(wrap).toMatchObject({ unitFingerprint: unit.fingerprint, memberFingerprint: member.fingerprint });
  expect(checkCiphertextChunk(fromBase64url(wrap.wrapped)!)).toMatchObject({ ok: true, seipdVersion: 2, sessionKeyPackets: 1 });

  const opened = await unwrapUnitKey({ wrapped: wrap.wrapped, memberPrivateKey: member.privateKey, expectedSigners: [clerk.publicKey], expectedUnitFingerprint: unit.fingerprint });
  expect(opened.unitFingerprint).toBe(unit.fingerprint);
  expect(opened.wrappedBy).toBe(clerk.fingerprint);
  expect(opened.privateKey.isDecrypted()).toBe(true);

  const sent = await encryptMessageAtOnce({ subject: 'Verzoekschrift', body: 'Zie bijlage.', recipientKeys: [unit.armoredPublicKey], senderKey: lawyer.publicKey, signingKey: lawyer.privateKey });
  const got = await decryptMessage({ parts: sent.layout, fetchChunk: storeOf(sent).fetchChunk, decryptionKeys: [opened.privateKey], expectedSigners: [lawyer.publicKey] });
  expect(got.subject).toBe('Verzoekschrift');
});

it('cannot be unwrapped by anyone but the member it was wrapped for', async () => {
  const unit = await createUnitKey({ unitName: UNIT });
  const wrap = await wrapUnitKeyFor({ unitPrivateKey: unit.privateKey, memberPublicKey: member.publicKey, signingKey: clerk.privateKey });
  await expectCode(unwrapUnitKey({ wrapped: wrap.wrapped, memberPrivateKey: outsider.privateKey, expectedSigners: [clerk.publicKey] }), 'DECRYPT_FAILED');
  await expectCode(unwrapUnitKey({ wrapped: wrap.wrapped, memberPrivateKey: clerk.privateKey, expectedSigners: [clerk.publicKey] }), 'DECRYPT_FAILED');
});

it('refuses a wrap signed by someone other than a trusted clerk, or not signed at all', async () => {
  const unit = await createUnitKey({ unitName: UNIT });
  const byOutsider = await wrapUnitKeyFor({ unitPrivateKey: unit.privateKey, memberPublicKey: member.publicKey, signingKey: outsider.privateKey });
  await expectCode(unwrapUnitKey({ wrapped: byOutsider.wrapped, memberPrivateKey: member.privateKey, expectedSigners: [clerk.publicKey] }), 'SIGNATURE_INVALID');
  const genuine = await wrapUnitKeyFor({ unitPrivateKey: unit.privateKey, memberPublicKey: member.publicKey, signingKey: clerk.privateKey });
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ binaryMessage: fromBase64url(genuine.wrapped)! }), decryptionKeys: member.privateKey, format: 'binary' });
  const unsigned = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: data }), encryptionKeys: member.publicKey, format: 'binary' });
  await expectCode(unwrapUnitKey({ wrapped: toBase64url(unsigned), memberPrivateKey: member.privateKey, expectedSigners: [clerk.publicKey] }), 'SIGNATURE_INVALID');
});

it('refuses a tampered wrap, a wrap naming another member, and a key other than the pinned unit', async () => {
  const unit = await createUnitKey({ unitName: UNIT });
  const wrap = await wrapUnitKeyFor({ unitPrivateKey: unit.privateKey, memberPublicKey: member.publicKey, signingKey: clerk.privateKey });
  const bytes = fromBase64url(wrap.wrapped)!;
  bytes[bytes.length - 5]! ^= 1;
  await expectCode(unwrapUnitKey({ wrapped: toBase64url(bytes), memberPrivateKey: member.privateKey, expectedSigners: [clerk.publicKey] }), 'DECRYPT_FAILED');
  await expectCode(unwrapUnitKey({ wrapped: 'not base64!', memberPrivateKey: member.privateKey, expectedSigners: [clerk.publicKey] }), 'DECRYPT_FAILED');

  // A clerk's signed wrap for the leaver, re-encrypted to the member: it names the leaver, so it is refused.
  const forLeaver = await wrapUnitKeyFor({ unitPrivateKey: unit.privateKey, memberPublicKey: leaver.publicKey, signingKey: clerk.privateKey });
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ binaryMessage: fromBase64url(forLeaver.wrapped)! }), decryptionKeys: leaver.privateKey, format: 'binary' });
  const redirected = await encryptAndSign({ data, encryptionKeys: [member.publicKey], signingKey: clerk.privateKey });
  await expectCode(unwrapUnitKey({ wrapped: toBase64url(redirected), memberPrivateKey: member.privateKey, expectedSigners: [clerk.publicKey] }), 'UNWRAP_FAILED');

  const other = await createUnitKey({ unitName: 'Gerechtshof Den Haag' });
  await expectCode(unwrapUnitKey({ wrapped: wrap.wrapped, memberPrivateKey: member.privateKey, expectedSigners: [clerk.publicKey], expectedUnitFingerprint: other.fingerprint }), 'UNWRAP_FAILED');
});

it('rotation: the remaining members get the new key, a removed member cannot unwrap it', async () => {
  const old = await createUnitKey({ unitName: UNIT });
  const oldWraps = await Promise.all([member, leaver].map((m) => wrapUnitKeyFor({ unitPrivateKey: old.privateKey, memberPublicKey: m.publicKey, signingKey: clerk.privateKey })));

  const { unitKey, wraps } = await rotateUnitKey({ unitName: UNIT, memberPublicKeys: [member.publicKey, clerk.publicKey], signingKey: clerk.privateKey });
  expect(unitKey.fingerprint).not.toBe(old.fingerprint);
  expect(wraps.map((w) => w.memberFingerprint)).toEqual([member.fingerprint, clerk.fingerprint]);
  const mine = await unwrapUnitKey({ wrapped: wraps[0]!.wrapped, memberPrivateKey: member.privateKey, expectedSigners: [clerk.publicKey] });
  expect(mine.unitFingerprint).toBe(unitKey.fingerprint);
  for (const w of wraps) {
    await expectCode(unwrapUnitKey({ wrapped: w.wrapped, memberPrivateKey: leaver.privateKey, expectedSigners: [clerk.publicKey] }), 'DECRYPT_FAILED');
  }
  // Mail to the old key stays readable to whoever held it: rotation protects future mail only.
  expect((await unwrapUnitKey({ wrapped: oldWraps[1]!.wrapped, memberPrivateKey: leaver.privateKey, expectedSigners: [clerk.publicKey] })).unitFingerprint).toBe(old.fingerprint);

  const sent = await encryptMessageAtOnce({ subject: 'Na rotatie', body: '', recipientKeys: [unitKey.publicKey], senderKey: lawyer.publicKey, signingKey: lawyer.privateKey });
  const store = storeOf(sent);
  await expectCode(decryptMessage({ parts: sent.layout, fetchChunk: store.fetchChunk, decryptionKeys: [leaver.privateKey, (await unwrapUnitKey({ wrapped: oldWraps[1]!.wrapped, memberPrivateKey: leaver.privateKey, expectedSigners: [clerk.publicKey] })).privateKey], expectedSigners: [lawyer.publicKey] }), 'DECRYPT_FAILED');
  expect((await decryptMessage({ parts: sent.layout, fetchChunk: store.fetchChunk, decryptionKeys: [mine.privateKey], expectedSigners: [lawyer.publicKey] })).subject).toBe('Na rotatie');
});
