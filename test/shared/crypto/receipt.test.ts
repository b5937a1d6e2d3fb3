// Receipts verify offline against a given key set only: exactly EdDSA, the receipt type, the issuer,
// the key by kid; forged, re-typed, tampered or out-of-period receipts fail with RECEIPT_INVALID.
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { encryptMessageAtOnce, decryptMessage, type EncryptedMessage } from '../../../shared/crypto/messages';
import { checkPlaintextAgainstManifest, checkReceiptMatchesUpload, verifyReceipt, type ReceiptJwk, type ReceiptPayload } from '../../../shared/crypto/receipt';
import { fromBase64url, toBase64url } from '../../../shared/crypto/encoding';
import { sha256Hex } from '../../../shared/crypto/sha256';
import { expectCode } from './helpers';
import { makeKeys, pdfLike, storeOf, type TestKeys } from './message-fixtures';

const ISSUER = 'https://zegel.test';
const TYP = 'zegel-receipt+jwt';
const NOW = new Date('2025-03-01T10:00:00.000Z');
const IAT = Math.floor(NOW.getTime() / 1000) - 60;

let alice: TestKeys;
let bob: TestKeys;
let sent: EncryptedMessage;
let signingKey: CryptoKey;
let publicJwk: JWK;
let jwks: { keys: ReceiptJwk[] };

beforeAll(async () => {
  [alice, bob] = await Promise.all([makeKeys(), makeKeys()]);
  sent = await encryptMessageAtOnce({
    subject: 'Beroepschrift',
    body: 'Zie bijlage.',
    attachments: [{ name: 'beroep.pdf', type: 'application/pdf', data: pdfLike(2500) }],
    recipientKeys: [bob.publicKey],
    senderKey: alice.publicKey,
    signingKey: alice.privateKey,
    chunkSize: 1024,
  });
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  signingKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'r1', alg: 'EdDSA', use: 'sig' };
  jwks = { keys: [publicJwk] };
});

function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    jti: 'msg-1',
    messageId: 'msg-1',
    serverTime: '2025-03-01T09:59:00.123Z',
    principal: { accountId: 'acc-lawyer', professionalNumber: 'A12345', kind: 'lawyer' },
    actor: { accountId: 'acc-secretary' },
    recipients: ['griffie@rechtspraak.nl'],
    chunks: sent.chunks.map(({ partId, index, sha256, size }) => ({ partId, index, sha256, size })),
    manifestHash: sent.manifestHash,
    ...overrides,
  };
}

async function sign(body = payload(), header: Record<string, unknown> = {}, key: CryptoKey | Uint8Array = signingKey, iat = IAT): Promise<string> {
  return new SignJWT(body)
    .setProtectedHeader({ alg: 'EdDSA', typ: TYP, kid: 'r1', ...header })
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .sign(key);
}

const verify = (jws: string, keys: { keys: ReceiptJwk[] } = jwks, now = NOW) => verifyReceipt({ jws, jwks: keys, issuer: ISSUER, now });

describe('valid receipts', () => {
  it('verifies and returns the payload', async () => {
    const receipt = await verify(await sign());
    const expected: ReceiptPayload = { iss: ISSUER, iat: IAT, ...(payload() as Omit<ReceiptPayload, 'iss' | 'iat'>) };
    expect(receipt).toEqual(expected);
  });

  it('covers exactly what the client uploaded', async () => {
    const receipt = await verify(await sign());
    expect(checkReceiptMatchesUpload({ receipt, sent })).toEqual({ ok: true });
    const fewer = { ...receipt, chunks: receipt.chunks.slice(1) };
    expect(checkReceiptMatchesUpload({ receipt: fewer, sent })).toMatchObject({ ok: false });
    const other = { ...receipt, manifestHash: '0'.repeat(64) };
    expect(checkReceiptMatchesUpload({ receipt: other, sent })).toEqual({ ok: false, problems: ['manifest hash differs'] });
  });

  it('accepts a receipt to a non-court recipient (no professional number)', async () => {
    const receipt = await verify(await sign(payload({ principal: { accountId: 'acc-lawyer', professionalNumber: null, kind: null } })));
    expect(receipt.principal.kind).toBeNull();
  });

  it('keeps verifying with a retired key, for receipts signed while it was current', async () => {
    const retired = { keys: [{ ...publicJwk, nbf: IAT - 3600, exp: IAT + 1 }] };
    await expect(verify(await sign(), retired, new Date('2035-01-01T00:00:00Z'))).resolves.toMatchObject({ messageId: 'msg-1' });
  });
});

describe('RECEIPT_INVALID', () => {
  it('for a kid that is not in the key set, or no kid', async () => {
    await expectCode(verify(await sign(payload(), { kid: 'r2' })), 'RECEIPT_INVALID');
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    await expectCode(verify(await sign(payload(), { kid: 'r2' }, other.privateKey), { keys: [publicJwk, { ...(await exportJWK(other.publicKey)), kid: 'r1' }] }), 'RECEIPT_INVALID'); // kid twice
    await expectCode(verify(await sign(payload(), { kid: undefined })), 'RECEIPT_INVALID');
  });

  it('for a signature by another key under our kid', async () => {
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    await expectCode(verify(await sign(payload(), {}, other.privateKey)), 'RECEIPT_INVALID');
  });

  it('for HS256 keyed with the public key (algorithm confusion)', async () => {
    const secret = fromBase64url(publicJwk.x!)!;
    const forged = await new SignJWT(payload()).setProtectedHeader({ alg: 'HS256', typ: TYP, kid: 'r1' }).setIssuer(ISSUER).setIssuedAt(IAT).sign(secret);
    await expectCode(verify(forged), 'RECEIPT_INVALID');
  });

  it('for alg none', async () => {
    const encode = (value: unknown) => toBase64url(new TextEncoder().encode(JSON.stringify(value)));
    const unsigned = `${encode({ alg: 'none', typ: TYP, kid: 'r1' })}.${encode({ iss: ISSUER, iat: IAT, ...payload() })}.`;
    await expectCode(verify(unsigned), 'RECEIPT_INVALID');
  });

  it('for a tampered payload', async () => {
    const [header, body, signature] = (await sign()).split('.');
    const claims = JSON.parse(new TextDecoder().decode(fromBase64url(body!)));
    claims.recipients = ['wederpartij@example.nl'];
    const tampered = `${header}.${toBase64url(new TextEncoder().encode(JSON.stringify(claims)))}.${signature}`;
    await expectCode(verify(tampered), 'RECEIPT_INVALID');
  });

  it('for a key set whose key had expired (or not started) when the receipt was signed', async () => {
    await expectCode(verify(await sign(), { keys: [{ ...publicJwk, exp: IAT }] }), 'RECEIPT_INVALID');
    await expectCode(verify(await sign(), { keys: [{ ...publicJwk, exp: IAT - 86400 }] }), 'RECEIPT_INVALID');
    await expectCode(verify(await sign(), { keys: [{ ...publicJwk, nbf: IAT + 1 }] }), 'RECEIPT_INVALID');
  });

  it('for another type, another issuer, a key-carrying header, or a private key in the set', async () => {
    await expectCode(verify(await sign(payload(), { typ: 'at+jwt' })), 'RECEIPT_INVALID');
    await expectCode(verifyReceipt({ jws: await sign(), jwks, issuer: 'https://elsewhere.test', now: NOW }), 'RECEIPT_INVALID');
    await expectCode(verify(await sign(payload(), { jwk: publicJwk })), 'RECEIPT_INVALID');
    const privateJwk = { ...(await exportJWK(signingKey)), kid: 'r1' };
    await expectCode(verify(await sign(), { keys: [privateJwk] }), 'RECEIPT_INVALID');
  });

  it('for a receipt issued in the future', async () => {
    await expectCode(verify(await sign(payload(), {}, signingKey, IAT + 3600)), 'RECEIPT_INVALID');
  });

  it('for payloads that are not exactly a receipt', async () => {
    const bad = [
      payload({ extra: true }),
      payload({ jti: 'msg-2' }),
      payload({ serverTime: 'yesterday' }),
      payload({ recipients: [] }),
      payload({ principal: { accountId: 'acc-lawyer', professionalNumber: 'A1', kind: 'judge' } }),
      payload({ chunks: [...sent.chunks, sent.chunks[0]] }),
      payload({ chunks: sent.chunks.filter((c) => !(c.partId === 'p2' && c.index === 1)) }),
      payload({ manifestHash: sent.chunks[0]!.sha256.replace(/./, (c) => (c === '0' ? '1' : '0')) }),
    ];
    for (const body of bad) await expectCode(verify(await sign(body)), 'RECEIPT_INVALID');
    const { manifestHash: _dropped, ...withoutHash } = payload();
    await expectCode(verify(await sign(withoutHash)), 'RECEIPT_INVALID');
  });
});

describe('plaintext against the manifest', () => {
  it('matches what was decrypted, and names what differs', async () => {
    const got = await decryptMessage({ parts: sent.layout, fetchChunk: storeOf(sent).fetchChunk, decryptionKeys: [bob.privateKey], expectedSigners: [alice.publicKey] });
    const enc = new TextEncoder();
    const parts = [
      { partId: 'p0', plaintextSha256: await sha256Hex(enc.encode(got.subject)) },
      { partId: 'p1', plaintextSha256: await sha256Hex(enc.encode(got.body)) },
      { partId: 'p2', plaintextSha256: await sha256Hex(got.attachments[0]!.data) },
    ];
    expect(checkPlaintextAgainstManifest({ manifest: got.manifest, parts })).toEqual({ ok: true });
    const wrong = [parts[0]!, { partId: 'p2', plaintextSha256: '0'.repeat(64) }, { partId: 'p7', plaintextSha256: '0'.repeat(64) }];
    expect(checkPlaintextAgainstManifest({ manifest: got.manifest, parts: wrong })).toEqual({
      ok: false,
      problems: ['p1: missing', 'p2: SHA-256 differs from the manifest', 'p7: not in the manifest'],
    });
  });
});
