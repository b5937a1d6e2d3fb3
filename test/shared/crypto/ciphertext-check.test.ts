// The server's gate (checklist L2): only binary OpenPGP encrypted messages — session-key packets, then
// one SEIPD packet, then nothing — are stored; plaintext, signed-only data, armor and debris are not.
import * as openpgp from 'openpgp';
import { checkCiphertextChunk, createCiphertextChecker, type CiphertextVerdict } from '../../../shared/crypto/ciphertext-check';
import { encryptMessageAtOnce } from '../../../shared/crypto/messages';
import { concatBytes, makeKeys, makeV4Keys, pdfLike, type TestKeys } from './message-fixtures';

let alice: TestKeys;
let bob: TestKeys;
let chunk: Uint8Array; // a real message chunk: two PKESKs (v6) and a SEIPDv2 with partial lengths
let small: Uint8Array; // a real small chunk

beforeAll(async () => {
  [alice, bob] = await Promise.all([makeKeys(), makeKeys()]);
  const sent = await encryptMessageAtOnce({
    subject: 'Onderwerp',
    body: 'Tekst',
    attachments: [{ name: 'a.pdf', type: 'application/pdf', data: pdfLike(9000) }],
    recipientKeys: [bob.publicKey],
    senderKey: alice.publicKey,
    signingKey: alice.privateKey,
    chunkSize: 8192,
  });
  chunk = sent.parts[2]!.chunks[0]!.ciphertext;
  small = sent.parts[0]!.chunks[0]!.ciphertext;
});

const reason = (verdict: CiphertextVerdict) => (verdict.ok ? 'ok' : verdict.reason);
const bytes = (...values: number[]) => new Uint8Array(values);

/** Length in bytes of the top-level packets before the SEIPD packet (two v6 PKESKs, new format, one-octet lengths here). */
function sessionKeyPacketsLength(message: Uint8Array): number {
  let at = 0;
  while ((message[at]! & 0x3f) !== 18) at += 2 + message[at + 1]!;
  return at;
}

describe('accepts', () => {
  it('every chunk the message code makes (SEIPDv2, partial body lengths)', () => {
    expect(checkCiphertextChunk(chunk)).toEqual({ ok: true, seipdVersion: 2, sessionKeyPackets: 2 });
    expect(checkCiphertextChunk(small)).toEqual({ ok: true, seipdVersion: 2, sessionKeyPackets: 2 });
  });

  it('a password-encrypted message (SKESK) and a SEIPDv1 message to a v4 key', async () => {
    const message = await openpgp.createMessage({ binary: pdfLike(100) });
    const withPassword = await openpgp.encrypt({ message, passwords: 'correct horse', format: 'binary', config: { aeadProtect: true } });
    expect(checkCiphertextChunk(withPassword)).toMatchObject({ ok: true, seipdVersion: 2, sessionKeyPackets: 1 });
    const v4 = await makeV4Keys();
    const legacy = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: pdfLike(100) }), encryptionKeys: v4.publicKey, format: 'binary' });
    expect(checkCiphertextChunk(legacy)).toMatchObject({ ok: true, seipdVersion: 1, sessionKeyPackets: 1 });
    // The same with its PKESK written in the old packet format (as older GnuPG versions do).
    const length = legacy[1]!;
    expect(legacy[0]).toBe(0xc1);
    expect(length).toBeLessThan(192);
    const oldFormat = concatBytes([bytes(0x84, length), legacy.subarray(2)]);
    expect(checkCiphertextChunk(oldFormat)).toMatchObject({ ok: true, seipdVersion: 1 });
  });
});

describe('refuses', () => {
  it('empty input, plaintext and garbage', () => {
    expect(reason(checkCiphertextChunk(new Uint8Array(0)))).toBe('EMPTY');
    expect(reason(checkCiphertextChunk(new TextEncoder().encode('Geachte griffie, hierbij de stukken.')))).toBe('NOT_OPENPGP');
    expect(reason(checkCiphertextChunk(pdfLike(5000)))).toBe('NOT_OPENPGP'); // starts with "%PDF"
    for (let seed = 1; seed <= 50; seed++) {
      const garbage = pdfLike(2000, seed).subarray(16);
      expect(checkCiphertextChunk(garbage).ok).toBe(false);
    }
  });

  it('armored text: binary only', async () => {
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: pdfLike(100) }), encryptionKeys: bob.publicKey });
    expect(reason(checkCiphertextChunk(new TextEncoder().encode(armored)))).toBe('ARMORED');
  });

  it('a literal-data packet (plaintext wrapped as OpenPGP)', async () => {
    const literal = (await openpgp.createMessage({ binary: pdfLike(100) })).write() as Uint8Array;
    expect(reason(checkCiphertextChunk(literal))).toBe('LITERAL_DATA');
    expect(checkCiphertextChunk(literal)).toMatchObject({ offset: 0 });
  });

  it('a signed but unencrypted message, and a bare detached signature', async () => {
    const message = await openpgp.createMessage({ binary: pdfLike(100) });
    const signed = await openpgp.sign({ message, signingKeys: alice.privateKey, format: 'binary' });
    expect(reason(checkCiphertextChunk(signed))).toBe('SIGNED_NOT_ENCRYPTED');
    const detached = await openpgp.sign({ message, signingKeys: alice.privateKey, detached: true, format: 'binary' });
    expect(reason(checkCiphertextChunk(detached))).toBe('SIGNED_NOT_ENCRYPTED');
  });

  it('a compressed-data packet, a marker packet and a public key', () => {
    expect(reason(checkCiphertextChunk(bytes(0xc8, 0x02, 0x00, 0x00)))).toBe('COMPRESSED_DATA');
    expect(reason(checkCiphertextChunk(bytes(0xca, 0x03, 0x50, 0x47, 0x50)))).toBe('UNEXPECTED_PACKET');
    expect(reason(checkCiphertextChunk(bob.publicKey.write()))).toBe('UNEXPECTED_PACKET');
  });

  it('encrypted data without a session-key packet, and session-key packets without encrypted data', () => {
    const eskLength = sessionKeyPacketsLength(chunk);
    expect(reason(checkCiphertextChunk(chunk.subarray(eskLength)))).toBe('NO_SESSION_KEY_PACKET');
    expect(reason(checkCiphertextChunk(chunk.subarray(0, eskLength)))).toBe('TRUNCATED');
  });

  it('a literal-data packet or a second session-key packet after the encrypted data', () => {
    const literal = bytes(0xcb, 0x07, 0x62, 0x00, 0, 0, 0, 0, 0x41);
    expect(reason(checkCiphertextChunk(concatBytes([small, literal])))).toBe('TRAILING_DATA');
    expect(reason(checkCiphertextChunk(concatBytes([small, small])))).toBe('TRAILING_DATA');
    expect(reason(checkCiphertextChunk(concatBytes([small, bytes(0)])))).toBe('TRAILING_DATA');
  });

  it('truncation anywhere', () => {
    for (const cut of [1, 2, 40, 120, 300, 600, chunk.length - 17, chunk.length - 1]) {
      expect(reason(checkCiphertextChunk(chunk.subarray(0, cut)))).toBe('TRUNCATED');
    }
  });

  it('unsupported packet versions', () => {
    const pkeskVersion5 = small.slice();
    pkeskVersion5[2] = 5; // first PKESK's version byte
    expect(reason(checkCiphertextChunk(pkeskVersion5))).toBe('UNSUPPORTED_VERSION');
    const eskLength = sessionKeyPacketsLength(small);
    const seipdVersion3 = small.slice();
    const first = small[eskLength + 1]!;
    const lengthOctets = first < 192 || (first >= 224 && first < 255) ? 1 : first < 224 ? 2 : 5;
    seipdVersion3[eskLength + 1 + lengthOctets] = 3; // SEIPD version byte
    expect(reason(checkCiphertextChunk(seipdVersion3))).toBe('UNSUPPORTED_VERSION');
  });

  it('malformed lengths: indeterminate, partial on a session-key packet, a first partial under 512 bytes, an empty packet', () => {
    const esk = small.subarray(0, sessionKeyPacketsLength(small));
    expect(reason(checkCiphertextChunk(bytes(0x87, 0x01, 0x02)))).toBe('BAD_LENGTH');
    expect(reason(checkCiphertextChunk(bytes(0xc1, 0xe9, 0x06)))).toBe('BAD_LENGTH');
    expect(reason(checkCiphertextChunk(concatBytes([esk, bytes(0xd2, 0xe8, 0x02)])))).toBe('BAD_LENGTH'); // 256-byte partial
    expect(reason(checkCiphertextChunk(bytes(0xc1, 0x00)))).toBe('BAD_LENGTH');
    expect(reason(checkCiphertextChunk(concatBytes([esk, bytes(0xd2, 0x05, 0x02, 0x09, 0x03, 0x0c, 0x00)])))).toBe('BAD_LENGTH'); // SEIPDv2 too short
  });

  it('non-binary input', () => {
    expect(reason(checkCiphertextChunk('-----BEGIN PGP MESSAGE-----' as unknown as Uint8Array))).toBe('NOT_OPENPGP');
  });
});

describe('incremental checker', () => {
  it('gives the same verdict for any split of the input', () => {
    for (const pieceSize of [1, 3, 511, 4096]) {
      const checker = createCiphertextChecker();
      const early: unknown[] = [];
      for (let at = 0; at < chunk.length; at += pieceSize) early.push(checker.push(chunk.subarray(at, at + pieceSize)));
      expect(early.filter((v) => v !== undefined)).toEqual([]);
      expect(checker.end()).toEqual(checkCiphertextChunk(chunk));
    }
  });

  it('rejects as soon as the bytes cannot be a valid message, before the rest arrives', async () => {
    const literal = (await openpgp.createMessage({ binary: pdfLike(100_000) })).write() as Uint8Array;
    const checker = createCiphertextChecker();
    expect(checker.push(literal.subarray(0, 1))).toMatchObject({ ok: false, reason: 'LITERAL_DATA', offset: 0 });
    expect(checker.push(literal.subarray(1))).toMatchObject({ reason: 'LITERAL_DATA' });
    expect(checker.end()).toMatchObject({ reason: 'LITERAL_DATA' });
    const trailing = createCiphertextChecker();
    trailing.push(small);
    expect(trailing.push(bytes(0xc1))).toMatchObject({ reason: 'TRAILING_DATA', offset: small.length });
  });
});
