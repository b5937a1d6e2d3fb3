// A 20 MiB attachment from a stream that makes its bytes only when asked: encryption reads at most about
// one chunk ahead of what it has handed out, and decryption fetches one chunk per chunk it releases, so
// memory follows the chunk size, not the file size. Nothing here is timed.
import { createHash } from 'node:crypto';
import { encryptMessage, openMessage } from '../../../shared/crypto/messages';
import { makeKeys, type TestKeys } from './message-fixtures';

const SIZE = 20 * 1024 * 1024;
const CHUNK = 4 * 1024 * 1024;
const PIECE = 64 * 1024;

let alice: TestKeys;
let bob: TestKeys;

beforeAll(async () => {
  [alice, bob] = await Promise.all([makeKeys(), makeKeys()]);
});

/** Bytes i of the file are a cheap function of i, generated piece by piece on demand. */
function lazyFile() {
  const state = { generated: 0, cancelled: false };
  const hash = createHash('sha256');
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.generated >= SIZE) {
          controller.close();
          return;
        }
        const piece = new Uint8Array(Math.min(PIECE, SIZE - state.generated));
        for (let i = 0; i < piece.length; i++) piece[i] = ((state.generated + i) * 2654435761) >>> 24;
        state.generated += piece.length;
        hash.update(piece);
        controller.enqueue(piece);
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state, digest: () => hash.digest('hex') };
}

it('encrypts and decrypts a 20 MiB stream chunk by chunk, never reading far ahead', async () => {
  const file = lazyFile();
  const outgoing = await encryptMessage({
    subject: 'Groot bestand',
    body: '',
    attachments: [{ name: 'productie-7.pdf', type: 'application/pdf', data: file.stream, size: SIZE }],
    recipientKeys: [bob.publicKey],
    senderKey: alice.publicKey,
    signingKey: alice.privateKey,
    chunkSize: CHUNK,
  });
  expect(outgoing.layout.find((p) => p.partId === 'p2')).toEqual({ partId: 'p2', role: 'attachment', chunkCount: 5 });
  expect(file.state.generated).toBe(0); // nothing is read before the chunks are asked for

  const stored = new Map<string, Uint8Array>();
  for (const part of outgoing.parts) {
    for await (const chunk of part.chunks) {
      if (part.partId === 'p2') {
        // When chunk k is handed out, the stream has produced at most chunk k's bytes plus one piece.
        expect(file.state.generated).toBeLessThanOrEqual((chunk.index + 1) * CHUNK + PIECE);
        expect(file.state.generated).toBeGreaterThanOrEqual(Math.min(SIZE, (chunk.index + 1) * CHUNK));
      }
      stored.set(`${chunk.partId}/${chunk.index}`, chunk.ciphertext);
    }
  }
  expect(file.state.generated).toBe(SIZE);
  const { manifest, manifestHash } = outgoing.summary();
  expect(manifest.parts[2]).toMatchObject({ size: SIZE, chunkCount: 5, sha256: file.digest() });

  let fetches = 0;
  const opened = await openMessage({
    parts: outgoing.layout,
    fetchChunk: async (partId, index) => {
      await Promise.resolve();
      fetches++;
      const bytes = stored.get(`${partId}/${index}`);
      if (!bytes) throw new Error('404');
      return bytes;
    },
    decryptionKeys: [bob.privateKey],
    expectedSigners: [alice.publicKey],
  });
  expect(opened.manifestHash).toBe(manifestHash);
  expect(fetches).toBe(1);
  const hash = createHash('sha256');
  let released = 0;
  for await (const data of opened.readPart('p2')) {
    released++;
    expect(fetches).toBe(1 + released); // one fetch per released chunk: nothing is fetched ahead
    hash.update(data);
  }
  expect(released).toBe(5);
  expect(hash.digest('hex')).toBe(manifest.parts[2]!.sha256);
}, 120_000);

it('stops the source when the reader stops early', async () => {
  const file = lazyFile();
  const outgoing = await encryptMessage({
    subject: 's',
    body: 'b',
    attachments: [{ name: 'a.bin', data: file.stream, size: SIZE }],
    recipientKeys: [bob.publicKey],
    senderKey: alice.publicKey,
    signingKey: alice.privateKey,
    chunkSize: 1024 * 1024,
  });
  for await (const chunk of outgoing.parts[2]!.chunks) {
    expect(chunk.index).toBe(0);
    break;
  }
  expect(file.state.cancelled).toBe(true);
  expect(file.state.generated).toBeLessThanOrEqual(1024 * 1024 + PIECE);
});
