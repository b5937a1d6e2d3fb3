// Fixtures for the message, organisation-key, grant and receipt tests: v6 key pairs as accounts make
// them, a fake chunk store, and small deterministic "files".
import * as openpgp from 'openpgp';
import type { PrivateKey, PublicKey } from 'openpgp';
import type { EncryptedMessage, OpenMessageOptions, PartLayout } from '../../../shared/crypto/messages';

export interface TestKeys {
  privateKey: PrivateKey;
  publicKey: PublicKey;
  fingerprint: string;
}

/** The same key profile as createAccountKeys (v6, Ed25519 + X25519, AEAD preference, no user ID). */
export async function makeKeys(): Promise<TestKeys> {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [], config: { v6Keys: true, aeadProtect: true }, format: 'object' });
  return { privateKey, publicKey, fingerprint: publicKey.getFingerprint() };
}

/** A v4 key (the library's default profile): no SEIPDv2 support, so the message code must refuse it. */
export async function makeV4Keys(): Promise<TestKeys> {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'v4' }], format: 'object' });
  return { privateKey, publicKey, fingerprint: publicKey.getFingerprint() };
}

/** Deterministic bytes that look like a small PDF: header, binary body with every byte value, trailer. */
export function pdfLike(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  const head = new TextEncoder().encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const tail = new TextEncoder().encode('\n%%EOF\n');
  out.set(head.subarray(0, Math.min(head.length, size)), 0);
  if (size > head.length + tail.length) out.set(tail, size - tail.length);
  return out;
}

/** A chunk store as the server keeps it, with a way to serve something else for one slot. */
export function storeOf(message: EncryptedMessage) {
  const chunks = new Map<string, Uint8Array>();
  for (const part of message.parts) for (const chunk of part.chunks) chunks.set(`${chunk.partId}/${chunk.index}`, chunk.ciphertext);
  const overrides = new Map<string, Uint8Array>();
  const fetched: string[] = [];
  return {
    chunks,
    fetched,
    layout: message.layout.map((p) => ({ ...p })) as PartLayout[],
    get(partId: string, index: number): Uint8Array {
      const bytes = chunks.get(`${partId}/${index}`);
      if (!bytes) throw new Error(`no chunk ${partId}/${index}`);
      return bytes;
    },
    /** Serve `bytes` whenever `partId/index` is fetched. */
    replace(partId: string, index: number, bytes: Uint8Array) {
      overrides.set(`${partId}/${index}`, bytes);
    },
    fetchChunk: async (partId: string, index: number): Promise<Uint8Array> => {
      await Promise.resolve();
      const key = `${partId}/${index}`;
      fetched.push(key);
      const bytes = overrides.get(key) ?? chunks.get(key);
      if (!bytes) throw new Error(`404 ${key}`);
      return bytes;
    },
  };
}

export function openOptions(store: ReturnType<typeof storeOf>, reader: TestKeys, signers: TestKeys[]): OpenMessageOptions {
  return { parts: store.layout, fetchChunk: store.fetchChunk, decryptionKeys: [reader.privateKey], expectedSigners: signers.map((s) => s.publicKey) };
}

export function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  const i = at < 0 ? copy.length + at : at;
  copy[i] = (copy[i] ?? 0) ^ 0x01;
  return copy;
}

export async function collect(iterable: AsyncIterable<Uint8Array>, sink: Uint8Array[] = []): Promise<Uint8Array[]> {
  for await (const piece of iterable) sink.push(piece);
  return sink;
}

export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
