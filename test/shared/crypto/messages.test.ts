// Secure messages: a round trip is byte-identical for every reader, and every way the stored chunks can
// be tampered with, reordered, mixed, unsigned or signed by someone else fails with its own code.
import * as openpgp from 'openpgp';
import type { PublicKey, PrivateKey } from 'openpgp';
import { checkCiphertextChunk } from '../../../shared/crypto/ciphertext-check';
import { decryptMessage, encryptMessage, encryptMessageAtOnce, openMessage, type EncryptMessageOptions } from '../../../shared/crypto/messages';
import { sha256Hex } from '../../../shared/crypto/sha256';
import { expectCode, containsBytes } from './helpers';
import { collect, concatBytes, flipped, makeKeys, makeV4Keys, openOptions, pdfLike, storeOf, type TestKeys } from './message-fixtures';

const SUBJECT = 'Dagvaarding — zaak C/13/123456 ✓';
const BODY = 'Geachte griffie,\r\n\r\nHierbij de stukken.\n\nMet vriendelijke groet,\nmr. A. Advocaat';
const PDF_NAME = 'Conclusie van antwoord (definitief).pdf';
const CHUNK = 1024;

let alice: TestKeys; // sender (signs)
let bob: TestKeys; // recipient
let carol: TestKeys; // not a recipient
let mallory: TestKeys; // another sender

beforeAll(async () => {
  [alice, bob, carol, mallory] = await Promise.all([makeKeys(), makeKeys(), makeKeys(), makeKeys()]);
});

function options(overrides: Partial<EncryptMessageOptions> = {}): EncryptMessageOptions {
  return {
    subject: SUBJECT,
    body: BODY,
    attachments: [
      { name: PDF_NAME, type: 'application/pdf', data: pdfLike(3000) },
      { name: 'bijlage-2.txt', type: 'text/plain; charset=utf-8', data: new TextEncoder().encode('productie 2\n') },
    ],
    recipientKeys: [bob.publicKey],
    senderKey: alice.publicKey,
    signingKey: alice.privateKey,
    chunkSize: CHUNK,
    ...overrides,
  };
}

async function plaintextOf(ciphertext: Uint8Array, reader: TestKeys): Promise<Uint8Array> {
  const message = await openpgp.readMessage({ binaryMessage: ciphertext });
  const { data } = await openpgp.decrypt({ message, decryptionKeys: reader.privateKey, format: 'binary' });
  return data as Uint8Array;
}

async function encryptRaw(plaintext: Uint8Array, to: PublicKey[], signer?: PrivateKey): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ binary: plaintext });
  return (await openpgp.encrypt({ message, encryptionKeys: to, ...(signer ? { signingKeys: signer } : {}), format: 'binary' })) as Uint8Array;
}

describe('round trip', () => {
  it('returns subject, body and both attachments byte-identical to the recipient', async () => {
    const sent = await encryptMessageAtOnce(options());
    const store = storeOf(sent);
    const got = await decryptMessage(openOptions(store, bob, [alice]));
    expect(got.subject).toBe(SUBJECT);
    expect(got.body).toBe(BODY);
    expect(got.bodyType).toBe('text/plain');
    expect(got.attachments.map((a) => [a.name, a.contentType, a.size])).toEqual([
      [PDF_NAME, 'application/pdf', 3000],
      ['bijlage-2.txt', 'text/plain; charset=utf-8', 12],
    ]);
    expect(got.attachments[0]!.data).toEqual(pdfLike(3000));
    expect(new TextDecoder().decode(got.attachments[1]!.data)).toBe('productie 2\n');
    expect(got.signerFingerprint).toBe(alice.fingerprint);
    expect(got.manifestHash).toBe(sent.manifestHash);
  });

  it('lets the sender read the message from Sent items with her own key', async () => {
    const store = storeOf(await encryptMessageAtOnce(options()));
    const got = await decryptMessage(openOptions(store, alice, [alice]));
    expect(got.subject).toBe(SUBJECT);
    expect(got.attachments[0]!.data).toEqual(pdfLike(3000));
  });

  it('cannot be decrypted with a key it was not encrypted to', async () => {
    const store = storeOf(await encryptMessageAtOnce(options()));
    await expectCode(openMessage(openOptions(store, carol, [alice])), 'DECRYPT_FAILED');
  });

  it('encrypts every chunk as its own binary OpenPGP message with AEAD (SEIPDv2), one session key per reader', async () => {
    const sent = await encryptMessageAtOnce(options({ recipientKeys: [bob.publicKey, carol.publicKey.armor()] }));
    for (const part of sent.parts) {
      expect(part.chunks).toHaveLength(part.chunkCount);
      for (const chunk of part.chunks) {
        expect(checkCiphertextChunk(chunk.ciphertext)).toEqual({ ok: true, seipdVersion: 2, sessionKeyPackets: 3 });
        expect(chunk.sha256).toBe(await sha256Hex(chunk.ciphertext));
      }
    }
    const store = storeOf(sent);
    expect((await decryptMessage(openOptions(store, carol, [alice]))).subject).toBe(SUBJECT);
  });

  it('lays out subject, body, attachments and a single-chunk manifest, and chunks by the chunk size', async () => {
    const sent = await encryptMessageAtOnce(options());
    expect(sent.layout).toEqual([
      { partId: 'p0', role: 'subject', chunkCount: 1 },
      { partId: 'p1', role: 'body', chunkCount: 1 },
      { partId: 'p2', role: 'attachment', chunkCount: 3 },
      { partId: 'p3', role: 'attachment', chunkCount: 1 },
      { partId: 'p4', role: 'manifest', chunkCount: 1 },
    ]);
    expect(sent.chunks).toHaveLength(7);
  });

  it('never puts names, subject or body in the clear in what the server stores', async () => {
    const sent = await encryptMessageAtOnce(options());
    const stored = concatBytes(sent.parts.flatMap((p) => p.chunks.map((c) => c.ciphertext)));
    for (const secret of [PDF_NAME, 'bijlage-2', 'Dagvaarding', 'Geachte griffie']) {
      expect(containsBytes(stored, new TextEncoder().encode(secret), 8)).toBe(false);
    }
  });

  it('handles an empty body, an empty attachment, HTML and a part that fills its chunks exactly', async () => {
    const exact = pdfLike(2 * CHUNK, 7);
    const sent = await encryptMessageAtOnce(
      options({ subject: '', body: '<p>Zie bijlage</p>', bodyType: 'text/html', attachments: [{ name: 'leeg.bin', data: new Uint8Array(0) }, { name: 'exact.bin', data: exact }] }),
    );
    expect(sent.layout.map((p) => p.chunkCount)).toEqual([1, 1, 1, 2, 1]);
    const got = await decryptMessage(openOptions(storeOf(sent), bob, [alice]));
    expect(got.subject).toBe('');
    expect(got.bodyType).toBe('text/html');
    expect(got.attachments.map((a) => [a.contentType, a.data.length])).toEqual([
      ['application/octet-stream', 0],
      ['application/octet-stream', 2 * CHUNK],
    ]);
    expect(got.attachments[1]!.data).toEqual(exact);
  });

  it('reads attachments from a Blob and from a ReadableStream', async () => {
    const data = pdfLike(2500, 3);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < data.length; at += 700) controller.enqueue(data.slice(at, at + 700));
        controller.close();
      },
    });
    const sent = await encryptMessageAtOnce(
      options({
        attachments: [
          { name: 'blob.pdf', type: 'application/pdf', data: new Blob([new Uint8Array(data)]) },
          { name: 'stream.pdf', type: 'application/pdf', data: stream, size: data.length },
        ],
      }),
    );
    const got = await decryptMessage(openOptions(storeOf(sent), bob, [alice]));
    expect(got.attachments[0]!.data).toEqual(data);
    expect(got.attachments[1]!.data).toEqual(data);
  });

  it('includes a principal for whom a secretary sends: both can read, the secretary signs', async () => {
    const [secretary, lawyer] = await Promise.all([makeKeys(), makeKeys()]);
    const sent = await encryptMessageAtOnce(options({ recipientKeys: [bob.publicKey, lawyer.publicKey], senderKey: secretary.publicKey, signingKey: secretary.privateKey }));
    const store = storeOf(sent);
    const asLawyer = await decryptMessage(openOptions(store, lawyer, [secretary, lawyer]));
    expect(asLawyer.signerFingerprint).toBe(secretary.fingerprint);
    await expectCode(openMessage(openOptions(store, bob, [lawyer])), 'SIGNATURE_INVALID');
  });
});

describe('tampering with a chunk', () => {
  it.each([
    ['at the start of the encrypted data', 250],
    ['in the middle', 600],
    ['in the final authentication tag', -1],
  ])('a flipped byte %s fails with DECRYPT_FAILED and releases none of that chunk', async (_where, at) => {
    const sent = await encryptMessageAtOnce(options());
    const store = storeOf(sent);
    store.replace('p2', 1, flipped(store.get('p2', 1), at));
    const opened = await openMessage(openOptions(store, bob, [alice]));
    const received: Uint8Array[] = [];
    await expectCode(collect(opened.readPart('p2'), received), 'DECRYPT_FAILED');
    expect(received).toHaveLength(1); // chunk 0 only; nothing of chunk 1
    expect(received[0]).toEqual(pdfLike(3000).subarray(0, CHUNK));
  });

  it('a flipped byte in a session-key packet is caught by the receipt (OpenPGP authenticates the data, not the key ids)', async () => {
    const sent = await encryptMessageAtOnce(options());
    const store = storeOf(sent);
    // Byte 20 lies in the recipient fingerprint of the first PKESK, past the 8 bytes that form its key id.
    store.replace('p2', 1, flipped(store.get('p2', 1), 20));
    const without = await openMessage(openOptions(store, bob, [alice]));
    expect(await without.readPartBytes('p2')).toEqual(pdfLike(3000)); // the plaintext cannot be changed this way
    const withReceipt = await openMessage({ ...openOptions(store, bob, [alice]), receipt: { manifestHash: sent.manifestHash, chunks: sent.chunks } });
    const received: Uint8Array[] = [];
    await expectCode(collect(withReceipt.readPart('p2'), received), 'DECRYPT_FAILED');
    expect(received).toHaveLength(1);
  });

  it('a flipped byte in the manifest fails the whole message with DECRYPT_FAILED', async () => {
    const store = storeOf(await encryptMessageAtOnce(options()));
    store.replace('p4', 0, flipped(store.get('p4', 0), -20));
    await expectCode(openMessage(openOptions(store, bob, [alice])), 'DECRYPT_FAILED');
  });

  it('a correctly signed chunk encrypted without AEAD (SEIPDv1) fails with DECRYPT_FAILED', async () => {
    const v4 = await makeV4Keys();
    const store = storeOf(await encryptMessageAtOnce(options()));
    const legacy = await encryptRaw(await plaintextOf(store.get('p1', 0), bob), [bob.publicKey, v4.publicKey], alice.privateKey);
    expect(checkCiphertextChunk(legacy)).toMatchObject({ ok: true, seipdVersion: 1 });
    store.replace('p1', 0, legacy);
    await expectCode((await openMessage(openOptions(store, bob, [alice]))).readText('body'), 'DECRYPT_FAILED');
  });

  it('a truncated chunk or garbage fails with DECRYPT_FAILED', async () => {
    const store = storeOf(await encryptMessageAtOnce(options()));
    store.replace('p0', 0, store.get('p0', 0).subarray(0, 200));
    store.replace('p1', 0, new TextEncoder().encode(BODY));
    const opened = await openMessage(openOptions(store, bob, [alice]));
    await expectCode(opened.readText('subject'), 'DECRYPT_FAILED');
    await expectCode(opened.readText('body'), 'DECRYPT_FAILED');
  });
});

describe('chunk order and binding', () => {
  it('refuses swapped chunks', async () => {
    const store = storeOf(await encryptMessageAtOnce(options()));
    store.replace('p2', 0, store.get('p2', 1));
    store.replace('p2', 1, store.get('p2', 0));
    const opened = await openMessage(openOptions(store, bob, [alice]));
    const received: Uint8Array[] = [];
    await expectCode(collect(opened.readPart('p2'), received), 'CHUNK_MISPLACED');
    expect(received).toHaveLength(0);
  });

  it('refuses a chunk served twice in place of the next one', async () => {
    const store = storeOf(await encryptMessageAtOnce(options()));
    store.replace('p2', 2, store.get('p2', 1));
    const opened = await openMessage(openOptions(store, bob, [alice]));
    await expectCode(opened.readPartBytes('p2'), 'CHUNK_MISPLACED');
  });

  it('refuses a part list with a dropped chunk, and a dropped last chunk served as the end', async () => {
    const sent = await encryptMessageAtOnce(options());
    const store = storeOf(sent);
    store.layout.find((p) => p.partId === 'p2')!.chunkCount = 2;
    await expectCode(openMessage(openOptions(store, bob, [alice])), 'MANIFEST_MISMATCH');
  });

  it('refuses a part list that drops a part, adds one, or relabels one', async () => {
    const sent = await encryptMessageAtOnce(options());
    const dropped = storeOf(sent);
    dropped.layout.splice(3, 1);
    await expectCode(openMessage(openOptions(dropped, bob, [alice])), 'MANIFEST_MISMATCH');
    const added = storeOf(sent);
    added.layout.push({ partId: 'p9', role: 'attachment', chunkCount: 1 });
    await expectCode(openMessage(openOptions(added, bob, [alice])), 'MANIFEST_MISMATCH');
    const relabelled = storeOf(sent);
    relabelled.layout[1]!.role = 'attachment';
    await expectCode(openMessage(openOptions(relabelled, bob, [alice])), 'MANIFEST_MISMATCH');
  });

  it('refuses a chunk from another part of the same message', async () => {
    const store = storeOf(await encryptMessageAtOnce(options()));
    store.replace('p3', 0, store.get('p2', 0));
    store.replace('p0', 0, store.get('p1', 0));
    const opened = await openMessage(openOptions(store, bob, [alice]));
    await expectCode(opened.readPartBytes('p3'), 'CHUNK_MISPLACED');
    await expectCode(opened.readText('subject'), 'CHUNK_MISPLACED');
  });

  it('refuses a chunk from another message by the same sender, in the same place', async () => {
    const first = storeOf(await encryptMessageAtOnce(options()));
    const second = storeOf(await encryptMessageAtOnce(options()));
    first.replace('p2', 1, second.get('p2', 1));
    first.replace('p1', 0, second.get('p1', 0));
    const opened = await openMessage(openOptions(first, bob, [alice]));
    await expectCode(opened.readPartBytes('p2'), 'CHUNK_MISPLACED');
    await expectCode(opened.readText('body'), 'CHUNK_MISPLACED');
  });

  it('refuses a receipt that lists other chunks than the server stores', async () => {
    const sent = await encryptMessageAtOnce(options());
    const receipt = { manifestHash: sent.manifestHash, chunks: sent.chunks.filter((c) => !(c.partId === 'p2' && c.index === 2)) };
    await expectCode(openMessage({ ...openOptions(storeOf(sent), bob, [alice]), receipt }), 'MANIFEST_MISMATCH');
  });

  it('refuses a manifest from another message (the receipt names the right one)', async () => {
    const first = await encryptMessageAtOnce(options());
    const second = storeOf(await encryptMessageAtOnce(options()));
    await expectCode(openMessage({ ...openOptions(second, bob, [alice]), receipt: { manifestHash: first.manifestHash, chunks: first.chunks } }), 'MANIFEST_MISMATCH');
  });
});

describe('signatures', () => {
  it('refuses a message signed by someone other than the expected sender', async () => {
    const store = storeOf(await encryptMessageAtOnce(options({ senderKey: mallory.publicKey, signingKey: mallory.privateKey })));
    await expectCode(openMessage(openOptions(store, bob, [alice])), 'SIGNATURE_INVALID');
  });

  it('refuses a chunk signed by someone else, even with a valid header for its place', async () => {
    const store = storeOf(await encryptMessageAtOnce(options()));
    // Mallory (or a recipient) decrypts the real chunk and re-encrypts the same plaintext under her own signature.
    const framed = await plaintextOf(store.get('p1', 0), bob);
    store.replace('p1', 0, await encryptRaw(framed, [bob.publicKey], mallory.privateKey));
    const opened = await openMessage(openOptions(store, bob, [alice, mallory]));
    await expectCode(opened.readText('body'), 'SIGNATURE_INVALID');
  });

  it('refuses an unsigned chunk', async () => {
    const store = storeOf(await encryptMessageAtOnce(options()));
    const framed = await plaintextOf(store.get('p2', 0), bob);
    store.replace('p2', 0, await encryptRaw(framed, [bob.publicKey]));
    const opened = await openMessage(openOptions(store, bob, [alice]));
    const received: Uint8Array[] = [];
    await expectCode(collect(opened.readPart('p2'), received), 'SIGNATURE_INVALID');
    expect(received).toHaveLength(0);
  });

  it('reads a message from a sender whose clock runs a few minutes fast', async () => {
    const fakeOnlyDate = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;
    jest.useFakeTimers({ now: Date.now() + 5 * 60 * 1000, doNotFake: [...fakeOnlyDate] });
    let sent;
    try {
      sent = await encryptMessageAtOnce(options());
    } finally {
      jest.useRealTimers();
    }
    expect(Date.parse(sent.manifest.createdAt)).toBeGreaterThan(Date.now() + 4 * 60 * 1000);
    expect((await decryptMessage(openOptions(storeOf(sent), bob, [alice]))).subject).toBe(SUBJECT);
  });

  it('refuses an unsigned manifest', async () => {
    const store = storeOf(await encryptMessageAtOnce(options()));
    store.replace('p4', 0, await encryptRaw(await plaintextOf(store.get('p4', 0), bob), [bob.publicKey]));
    await expectCode(openMessage(openOptions(store, bob, [alice])), 'SIGNATURE_INVALID');
  });
});

describe('manifest', () => {
  async function manifestOf(store: ReturnType<typeof storeOf>) {
    const framed = await plaintextOf(store.get('p4', 0), bob);
    const headerLength = 27 + 2;
    return { header: framed.subarray(0, headerLength), json: JSON.parse(new TextDecoder().decode(framed.subarray(headerLength))) };
  }

  it('lists format, nonce, time, signer, chunk size and every part with name, type, size, count and plaintext SHA-256', async () => {
    const sent = await encryptMessageAtOnce(options());
    const { json } = await manifestOf(storeOf(sent));
    expect(json).toEqual(sent.manifest);
    expect(json).toMatchObject({ format: 'zegel-message-manifest', version: 1, signerFingerprint: alice.fingerprint, chunkSize: CHUNK });
    expect(json.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(json.parts[2]).toEqual({ partId: 'p2', role: 'attachment', name: PDF_NAME, contentType: 'application/pdf', size: 3000, chunkCount: 3, sha256: await sha256Hex(pdfLike(3000)) });
    expect(json.parts[0]).toEqual({ partId: 'p0', role: 'subject', contentType: 'text/plain; charset=utf-8', size: new TextEncoder().encode(SUBJECT).length, chunkCount: 1, sha256: await sha256Hex(new TextEncoder().encode(SUBJECT)) });
  });

  it('has a stable hash: SHA-256 of the single manifest chunk, the same for sender, server and reader', async () => {
    const sent = await encryptMessageAtOnce(options());
    const manifestChunk = sent.parts.find((p) => p.role === 'manifest')!.chunks[0]!;
    expect(sent.manifestHash).toBe(await sha256Hex(manifestChunk.ciphertext));
    expect(sent.chunks.find((c) => c.partId === 'p4')).toEqual({ partId: 'p4', index: 0, sha256: sent.manifestHash, size: manifestChunk.size });
    const store = storeOf(sent);
    const first = await openMessage({ ...openOptions(store, bob, [alice]), receipt: { manifestHash: sent.manifestHash, chunks: sent.chunks } });
    const again = await openMessage(openOptions(store, alice, [alice]));
    expect(first.manifestHash).toBe(sent.manifestHash);
    expect(again.manifestHash).toBe(sent.manifestHash);
  });

  it('detects a part whose plaintext does not match the signed hash, before releasing its last chunk', async () => {
    // Only the signer can make such a manifest: simulate a buggy or dishonest sender client.
    const store = storeOf(await encryptMessageAtOnce(options()));
    const { header, json } = await manifestOf(store);
    json.parts[2].sha256 = '0'.repeat(64);
    const forged = concatBytes([header, new TextEncoder().encode(JSON.stringify(json))]);
    store.replace('p4', 0, await encryptRaw(forged, [bob.publicKey], alice.privateKey));
    const opened = await openMessage(openOptions(store, bob, [alice]));
    expect(await opened.readText('subject')).toBe(SUBJECT);
    const received: Uint8Array[] = [];
    await expectCode(collect(opened.readPart('p2'), received), 'MANIFEST_MISMATCH');
    expect(received).toHaveLength(2); // chunks 0 and 1; the last is held back
  });

  it('refuses a signed manifest with unknown fields or naming another signer', async () => {
    const store = storeOf(await encryptMessageAtOnce(options()));
    const { header, json } = await manifestOf(store);
    const withExtra = concatBytes([header, new TextEncoder().encode(JSON.stringify({ ...json, extra: 1 }))]);
    store.replace('p4', 0, await encryptRaw(withExtra, [bob.publicKey], alice.privateKey));
    await expectCode(openMessage(openOptions(store, bob, [alice])), 'MANIFEST_INVALID');
    const otherSigner = concatBytes([header, new TextEncoder().encode(JSON.stringify({ ...json, signerFingerprint: mallory.fingerprint }))]);
    store.replace('p4', 0, await encryptRaw(otherSigner, [bob.publicKey], alice.privateKey));
    await expectCode(openMessage(openOptions(store, bob, [alice])), 'SIGNATURE_INVALID');
  });
});

describe('encryption options and reading order', () => {
  it('refuses a v4 recipient key (no AEAD) and an unparsable one', async () => {
    const v4 = await makeV4Keys();
    await expectCode(encryptMessage(options({ recipientKeys: [v4.publicKey] })), 'KEY_UNUSABLE');
    await expectCode(encryptMessage(options({ recipientKeys: ['-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxx\n'] })), 'KEY_UNUSABLE');
  });

  it('refuses a locked signing key', async () => {
    const locked = await openpgp.encryptKey({ privateKey: alice.privateKey, passphrase: 'x', config: { s2kType: openpgp.enums.s2k.iterated } });
    await expectCode(encryptMessage(options({ signingKey: locked })), 'KEY_UNUSABLE');
  });

  it('refuses bad chunk sizes, names and types', async () => {
    await expectCode(encryptMessage(options({ chunkSize: 100 })), 'INVALID_INPUT');
    await expectCode(encryptMessage(options({ chunkSize: 16 * 1024 * 1024 })), 'INVALID_INPUT');
    await expectCode(encryptMessage(options({ attachments: [{ name: 'a\nb.pdf', data: new Uint8Array(1) }] })), 'INVALID_INPUT');
    await expectCode(encryptMessage(options({ attachments: [{ name: 'a.pdf', type: 'pdf', data: new Uint8Array(1) }] })), 'INVALID_INPUT');
    await expectCode(encryptMessage(options({ recipientKeys: [] })), 'INVALID_INPUT');
  });

  it('refuses a stream that is shorter or longer than its declared size', async () => {
    const streamOf = (n: number) => new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new Uint8Array(n)), c.close()) });
    for (const [actual, declared] of [
      [1000, 1500],
      [1500, 1000],
      [2048, 2047],
    ] as const) {
      const outgoing = await encryptMessage(options({ attachments: [{ name: 's.bin', data: streamOf(actual), size: declared }] }));
      await expectCode(collect((async function* () {
        for await (const chunk of outgoing.parts[2]!.chunks) yield chunk.ciphertext;
      })()), 'INVALID_INPUT');
    }
    await expectCode(encryptMessage(options({ attachments: [{ name: 's.bin', data: streamOf(1) }] })), 'INVALID_INPUT');
  });

  it('makes the manifest only after every other part, reads chunks once, and gives the summary at the end', async () => {
    const outgoing = await encryptMessage(options());
    const manifest = outgoing.parts.at(-1)!;
    expect(manifest.role).toBe('manifest');
    await expectCode(collect((async function* () {
      for await (const c of manifest.chunks) yield c.ciphertext;
    })()), 'INVALID_INPUT');
    expect(() => outgoing.summary()).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    for (const part of outgoing.parts.slice(0, -1)) for await (const _chunk of part.chunks) void _chunk;
    expect(() => outgoing.parts[0]!.chunks[Symbol.asyncIterator]()).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
