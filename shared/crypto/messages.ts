// Secure messages: subject, body and attachments become parts, each split into chunks that are each
// their own signed, AEAD-encrypted OpenPGP message, plus a signed manifest part listing every part's
// name, type, size and SHA-256. Encryption and decryption go chunk by chunk, so a 200 MB attachment is
// never held whole in memory. Format and guarantees: README.md, "Messages".
import type { PrivateKey } from 'openpgp';
import { chunkHeaderLength, readChunkHeader, sameBytes, writeChunkHeader, PART_ID_PATTERN, PART_ROLES, MESSAGE_NONCE_BYTES, type PartRole } from './chunk-format';
import { fromBase64url, randomBytes, toBase64url, utf8 } from './encoding';
import { CryptoError } from './errors';
import {
  DEFAULT_CHUNK_SIZE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  MAX_ATTACHMENTS,
  MAX_CHUNK_SIZE,
  MAX_CHUNKS_PER_PART,
  MAX_MANIFEST_BYTES,
  MIN_CHUNK_SIZE,
  expectedChunkCount,
  isContentType,
  isFileName,
  parseManifest,
  serializeManifest,
  type ContentRole,
  type Manifest,
  type ManifestPart,
} from './manifest';
import { assertDecryptionKeys, assertEncryptionKeys, assertSigningKey, decryptAndVerify, encryptAndSign, fingerprintOf, isList, readPublicKey, readPublicKeys, type KeyInput } from './pgp';
import { createRunningSha256, sameDigest, sha256Hex } from './sha256';

export type { PartRole } from './chunk-format';
export type { ContentRole, Manifest, ManifestPart } from './manifest';
export { DEFAULT_CHUNK_SIZE, MAX_ATTACHMENTS, MAX_CHUNK_SIZE, MAX_MANIFEST_BYTES, MIN_CHUNK_SIZE } from './manifest';

/** Room for session-key packets (one per recipient), signature, AEAD tags and framing on top of a chunk. */
const CIPHERTEXT_OVERHEAD = 1024 * 1024;
const TEXT_PLAIN = 'text/plain; charset=utf-8';
const TEXT_HTML = 'text/html; charset=utf-8';
const OCTET_STREAM = 'application/octet-stream';

/** What `File` and `Blob` offer; read one slice per chunk. */
export interface BlobLike {
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export type AttachmentData = Uint8Array | ReadableStream<Uint8Array> | BlobLike;

export interface AttachmentInput {
  /** The file name as the user sees it; it travels only inside the encrypted manifest. */
  name: string;
  /** MIME type; `application/octet-stream` when absent. */
  type?: string;
  data: AttachmentData;
  /** Plaintext bytes. Required for a ReadableStream (the stream must deliver exactly this many); checked for the others. */
  size?: number;
}

export interface EncryptMessageOptions {
  subject: string;
  body: string;
  bodyType?: 'text/plain' | 'text/html';
  attachments?: readonly AttachmentInput[];
  /** The recipients' keys (accounts, organisation units), and the principal's when a secretary sends on behalf. */
  recipientKeys: readonly KeyInput[];
  /** The sender's own public key, so Sent items stay readable. */
  senderKey: KeyInput;
  /** The acting user's unlocked private key (a secretary signs for a lawyer with her own key). */
  signingKey: PrivateKey;
  /** Plaintext bytes per chunk, MIN_CHUNK_SIZE–MAX_CHUNK_SIZE; DEFAULT_CHUNK_SIZE (4 MiB) when absent. */
  chunkSize?: number;
}

/** One chunk ready to upload: `PUT …/parts/{partId}/chunks/{index}` with `ciphertext` as the body. */
export interface EncryptedChunk {
  partId: string;
  index: number;
  /** A binary OpenPGP message (PKESKs + SEIPDv2); passes checkCiphertextChunk. */
  ciphertext: Uint8Array;
  /** SHA-256 of `ciphertext`, lowercase hex: what the receipt will list. */
  sha256: string;
  size: number;
}

/** A stored chunk as the receipt lists it. */
export interface ChunkRecord {
  partId: string;
  index: number;
  sha256: string;
  size: number;
}

/** The part list the server needs when the message is created; it reveals roles and counts, never names. */
export interface PartLayout {
  partId: string;
  role: PartRole;
  chunkCount: number;
}

export interface OutgoingPart extends PartLayout {
  /** Plaintext bytes (the manifest's final size is known only once it is made). */
  size: number | undefined;
  /**
   * The encrypted chunks, made one at a time as they are read (the next is not started until the
   * previous was taken). Readable once. The manifest part can be read only after every other part.
   */
  chunks: AsyncIterable<EncryptedChunk>;
}

/** Available once every part, the manifest last, has been read. */
export interface SentSummary {
  manifest: Manifest;
  /** SHA-256 (lowercase hex) of the manifest part's ciphertext: the manifest is always exactly one chunk. */
  manifestHash: string;
  /** Every chunk made, in the order made; compare with the receipt's list. */
  chunks: ChunkRecord[];
}

export interface OutgoingMessage {
  /** Subject, body, attachments in order, then the manifest. */
  parts: readonly OutgoingPart[];
  layout: PartLayout[];
  /** Throws INVALID_INPUT until every chunk of every part has been read. */
  summary(): SentSummary;
}

interface Source {
  size: number;
  pieces(chunkSize: number): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

function invalid(message: string): CryptoError {
  return new CryptoError('INVALID_INPUT', message);
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof value === 'object' && value !== null && typeof (value as { getReader?: unknown }).getReader === 'function';
}

function isBlobLike(value: unknown): value is BlobLike {
  return typeof value === 'object' && value !== null && typeof (value as BlobLike).size === 'number' && typeof (value as BlobLike).slice === 'function';
}

async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        finished = true;
        return;
      }
      if (!(next.value instanceof Uint8Array)) throw invalid('An attachment stream must deliver Uint8Array pieces.');
      yield next.value;
    }
  } finally {
    // Stopped early (an error, too many bytes): tell the producer, so it stops generating.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function toSource(data: AttachmentData, declaredSize: number | undefined, what: string): Source {
  if (declaredSize !== undefined && !(Number.isSafeInteger(declaredSize) && declaredSize >= 0)) throw invalid(`${what}: size must be a whole number of bytes.`);
  if (data instanceof Uint8Array) {
    if (declaredSize !== undefined && declaredSize !== data.length) throw invalid(`${what}: size does not match the data.`);
    return {
      size: data.length,
      pieces(chunkSize) {
        return (function* () {
          for (let at = 0; at < data.length; at += chunkSize) yield data.subarray(at, at + chunkSize);
        })();
      },
    };
  }
  if (isReadableStream(data)) {
    if (declaredSize === undefined) throw invalid(`${what}: a stream needs its size.`);
    return { size: declaredSize, pieces: () => readStream(data) };
  }
  if (isBlobLike(data)) {
    if (declaredSize !== undefined && declaredSize !== data.size) throw invalid(`${what}: size does not match the data.`);
    return {
      size: data.size,
      async *pieces(chunkSize) {
        for (let at = 0; at < data.size; at += chunkSize) yield new Uint8Array(await data.slice(at, Math.min(at + chunkSize, data.size)).arrayBuffer());
      },
    };
  }
  throw invalid(`${what}: data must be a Uint8Array, a ReadableStream or a Blob.`);
}

/**
 * Cuts a source into chunk plaintexts, each allocated with room for the header in front. Holds at most
 * one chunk and one source piece. The source must deliver exactly its declared size.
 */
async function* framedChunks(source: Source, chunkSize: number, headerLength: number, what: string): AsyncGenerator<{ framed: Uint8Array; index: number; last: boolean }> {
  const count = expectedChunkCount(source.size, chunkSize);
  const pieces = source.pieces(chunkSize);
  const iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array> = Symbol.asyncIterator in pieces ? pieces[Symbol.asyncIterator]() : pieces[Symbol.iterator]();
  let pending: Uint8Array = new Uint8Array(0);
  try {
    for (let index = 0; index < count; index++) {
      const last = index === count - 1;
      const dataLength = last ? source.size - chunkSize * (count - 1) : chunkSize;
      const framed = new Uint8Array(headerLength + dataLength);
      let filled = 0;
      while (filled < dataLength) {
        if (pending.length === 0) {
          const next = await iterator.next();
          if (next.done) throw invalid(`${what}: the data ended before its declared size.`);
          pending = next.value;
          continue;
        }
        const take = Math.min(pending.length, dataLength - filled);
        framed.set(pending.subarray(0, take), headerLength + filled);
        filled += take;
        pending = pending.subarray(take);
      }
      if (last) {
        if (pending.length > 0) throw invalid(`${what}: the data is longer than its declared size.`);
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          if (next.value.length > 0) throw invalid(`${what}: the data is longer than its declared size.`);
        }
      }
      yield { framed, index, last };
    }
  } finally {
    await iterator.return?.();
  }
}

/** An async iterable that can be iterated once; a second reader would get a different, broken stream. */
function readableOnce<T>(make: () => AsyncGenerator<T>): AsyncIterable<T> {
  let used = false;
  return {
    [Symbol.asyncIterator]() {
      if (used) throw invalid('These chunks were already read; encrypt the message again to read them again.');
      used = true;
      return make();
    },
  };
}

function checkChunkSize(chunkSize: unknown): number {
  if (typeof chunkSize !== 'number' || !Number.isSafeInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw invalid(`The chunk size must be a whole number of bytes from ${MIN_CHUNK_SIZE} to ${MAX_CHUNK_SIZE}.`);
  }
  return chunkSize;
}

/**
 * Prepares a message for upload. Nothing is encrypted yet: each part's `chunks` makes its chunks one at
 * a time while they are read, hashing the plaintext as it goes, so memory stays at about one chunk per
 * part being read, whatever the attachment's size. Read the parts in order (or the content parts in
 * parallel), the manifest last; then `summary()` gives the manifest hash to check the receipt against.
 *
 * Every chunk is signed by `signingKey` and encrypted to the recipients and the sender (AEAD, SEIPDv2).
 * Throws INVALID_INPUT for malformed options and KEY_UNUSABLE for a key that cannot be used.
 */
export async function encryptMessage(options: EncryptMessageOptions): Promise<OutgoingMessage> {
  const chunkSize = checkChunkSize(options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  if (typeof options.subject !== 'string' || typeof options.body !== 'string') throw invalid('Subject and body must be text.');
  const bodyType = options.bodyType ?? 'text/plain';
  if (bodyType !== 'text/plain' && bodyType !== 'text/html') throw invalid('The body type must be text/plain or text/html.');
  const attachments = options.attachments ?? [];
  if (!isList(attachments) || attachments.length > MAX_ATTACHMENTS) throw invalid(`At most ${MAX_ATTACHMENTS} attachments.`);
  if (!isList(options.recipientKeys) || options.recipientKeys.length === 0) throw invalid('A message needs at least one recipient key.');

  await assertSigningKey(options.signingKey, 'signing key');
  const signingKey = options.signingKey;
  const encryptionKeys = await readPublicKeys([...options.recipientKeys, await readPublicKey(options.senderKey, 'sender key')], 'recipient keys');
  await assertEncryptionKeys(encryptionKeys, 'recipient keys');

  const messageNonce = randomBytes(MESSAGE_NONCE_BYTES);
  const createdAt = new Date().toISOString();
  const signerFingerprint = fingerprintOf(signingKey);
  const maxPartSize = chunkSize * MAX_CHUNKS_PER_PART;

  interface ContentPart {
    partId: string;
    role: ContentRole;
    name?: string;
    contentType: string;
    source: Source;
  }
  const contentParts: ContentPart[] = [
    { partId: 'p0', role: 'subject', contentType: TEXT_PLAIN, source: toSource(utf8(options.subject), undefined, 'subject') },
    { partId: 'p1', role: 'body', contentType: bodyType === 'text/html' ? TEXT_HTML : TEXT_PLAIN, source: toSource(utf8(options.body), undefined, 'body') },
  ];
  attachments.forEach((attachment, i) => {
    const what = `attachment ${i + 1}`;
    if (typeof attachment !== 'object' || attachment === null) throw invalid(`${what}: not an attachment.`);
    if (!isFileName(attachment.name)) throw invalid(`${what}: the name must be 1–255 characters without control characters.`);
    const contentType = attachment.type === undefined || attachment.type === '' ? OCTET_STREAM : attachment.type;
    if (!isContentType(contentType)) throw invalid(`${what}: not a MIME type.`);
    contentParts.push({ partId: `p${i + 2}`, role: 'attachment', name: attachment.name, contentType, source: toSource(attachment.data, attachment.size, what) });
  });
  for (const part of contentParts) if (part.source.size > maxPartSize) throw invalid(`Part ${part.partId} is larger than ${maxPartSize} bytes.`);
  const manifestPartId = `p${contentParts.length}`;

  const hashes = new Map<string, string>();
  const records: ChunkRecord[] = [];
  let summary: SentSummary | undefined;

  async function seal(framed: Uint8Array, header: { partId: string; role: PartRole; index: number; last: boolean }): Promise<EncryptedChunk> {
    writeChunkHeader(framed, { messageNonce, ...header });
    const ciphertext = await encryptAndSign({ data: framed, encryptionKeys, signingKey });
    framed.fill(0); // best effort: this copy of the plaintext is no longer needed
    const sha256 = await sha256Hex(ciphertext);
    const record = { partId: header.partId, index: header.index, sha256, size: ciphertext.length };
    records.push(record);
    return { ...record, ciphertext };
  }

  async function* contentChunks(part: ContentPart): AsyncGenerator<EncryptedChunk> {
    const hasher = await createRunningSha256();
    const headerLength = chunkHeaderLength(part.partId);
    for await (const { framed, index, last } of framedChunks(part.source, chunkSize, headerLength, part.partId)) {
      hasher.update(framed.subarray(headerLength));
      const chunk = await seal(framed, { partId: part.partId, role: part.role, index, last });
      if (last) hashes.set(part.partId, hasher.digestHex());
      yield chunk;
    }
  }

  async function* manifestChunks(): AsyncGenerator<EncryptedChunk> {
    if (contentParts.some((p) => !hashes.has(p.partId))) throw invalid('Read every other part before the manifest.');
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      messageNonce: toBase64url(messageNonce),
      createdAt,
      signerFingerprint,
      chunkSize,
      parts: contentParts.map((p): ManifestPart => {
        const common = { partId: p.partId, contentType: p.contentType, size: p.source.size, chunkCount: expectedChunkCount(p.source.size, chunkSize), sha256: hashes.get(p.partId) ?? '' };
        return p.role === 'attachment' ? { ...common, role: 'attachment', name: p.name ?? '' } : { ...common, role: p.role };
      }),
    };
    const bytes = serializeManifest(manifest);
    if (bytes.length > MAX_MANIFEST_BYTES) throw invalid('The manifest is too large: use fewer or shorter-named attachments.');
    const headerLength = chunkHeaderLength(manifestPartId);
    const framed = new Uint8Array(headerLength + bytes.length);
    framed.set(bytes, headerLength);
    const chunk = await seal(framed, { partId: manifestPartId, role: 'manifest', index: 0, last: true });
    summary = { manifest, manifestHash: chunk.sha256, chunks: [...records] };
    yield chunk;
  }

  const parts: OutgoingPart[] = [
    ...contentParts.map((p) => ({
      partId: p.partId,
      role: p.role,
      chunkCount: expectedChunkCount(p.source.size, chunkSize),
      size: p.source.size,
      chunks: readableOnce(() => contentChunks(p)),
    })),
    { partId: manifestPartId, role: 'manifest', chunkCount: 1, size: undefined, chunks: readableOnce(manifestChunks) },
  ];
  return {
    parts,
    layout: parts.map(({ partId, role, chunkCount }) => ({ partId, role, chunkCount })),
    summary() {
      if (!summary) throw invalid('The message is not fully encrypted yet: read every part, the manifest last.');
      return summary;
    },
  };
}

/** A whole encrypted message in memory: for small messages, and for tests. */
export interface EncryptedMessage extends SentSummary {
  parts: (PartLayout & { chunks: EncryptedChunk[] })[];
  layout: PartLayout[];
}

/** encryptMessage, read to the end at once. Holds every ciphertext in memory: not for large attachments. */
export async function encryptMessageAtOnce(options: EncryptMessageOptions): Promise<EncryptedMessage> {
  const outgoing = await encryptMessage(options);
  const parts: EncryptedMessage['parts'] = [];
  for (const part of outgoing.parts) {
    const chunks: EncryptedChunk[] = [];
    for await (const chunk of part.chunks) chunks.push(chunk);
    parts.push({ partId: part.partId, role: part.role, chunkCount: part.chunkCount, chunks });
  }
  return { ...outgoing.summary(), parts, layout: outgoing.layout };
}

export interface OpenMessageOptions {
  /** The part list as the server reports it; checked against the signed manifest. */
  parts: readonly PartLayout[];
  /** Fetches one stored chunk's bytes. Called one chunk at a time, in order, as parts are read. */
  fetchChunk: (partId: string, index: number) => Promise<Uint8Array>;
  /** The reader's unlocked private key(s): an account key, or unit keys for a clerk. */
  decryptionKeys: readonly PrivateKey[];
  /** Keys the message may be signed by (the sender's, as pinned or fetched); the manifest's signer must be one of them. */
  expectedSigners: readonly KeyInput[];
  /**
   * The message's verified receipt (verifyReceipt), when the reader has it. Then the manifest must be
   * the one the receipt names (MANIFEST_MISMATCH otherwise), which binds what is read to the receipt's
   * message id, and every fetched chunk must have the SHA-256 the receipt lists (DECRYPT_FAILED
   * otherwise), so even bits OpenPGP does not authenticate (recipient key ids) cannot change unnoticed.
   */
  receipt?: { manifestHash: string; chunks: readonly { partId: string; index: number; sha256: string }[] };
}

export interface AttachmentInfo {
  partId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface OpenedMessage {
  manifest: Manifest;
  manifestHash: string;
  /** The v6 fingerprint that signed every chunk of this message. */
  signerFingerprint: string;
  attachments: AttachmentInfo[];
  /**
   * Streams a part's plaintext, one verified chunk at a time. Each chunk is released only after it
   * decrypted, its signature verified, and its header named this message, part and position; the last
   * chunk only after the whole part's size and SHA-256 matched the manifest. Anything else throws
   * (DECRYPT_FAILED, SIGNATURE_INVALID, CHUNK_MISPLACED, MANIFEST_MISMATCH): discard what was
   * written so far, as a browser download discards an interrupted file.
   */
  readPart(partId: string): AsyncIterable<Uint8Array>;
  /** The whole part, returned only when all of it verified. */
  readPartBytes(partId: string): Promise<Uint8Array>;
  /** Subject or body as text. */
  readText(role: 'subject' | 'body'): Promise<string>;
}

function mismatch(message: string): CryptoError {
  return new CryptoError('MANIFEST_MISMATCH', message);
}

function misplaced(): CryptoError {
  return new CryptoError('CHUNK_MISPLACED', 'A chunk is not the one that belongs here: the stored message was reordered, cut short or mixed with another.');
}

function checkLayout(parts: readonly PartLayout[]): PartLayout[] {
  if (!isList(parts)) throw mismatch('The part list is missing.');
  const seen = new Set<string>();
  for (const p of parts) {
    const ok =
      typeof p === 'object' &&
      p !== null &&
      typeof p.partId === 'string' &&
      PART_ID_PATTERN.test(p.partId) &&
      !seen.has(p.partId) &&
      PART_ROLES.includes(p.role) &&
      Number.isSafeInteger(p.chunkCount) &&
      p.chunkCount >= 1 &&
      p.chunkCount <= MAX_CHUNKS_PER_PART;
    if (!ok) throw mismatch('The part list is malformed.');
    seen.add(p.partId);
  }
  return parts.map(({ partId, role, chunkCount }) => ({ partId, role, chunkCount }));
}

/** The receipt's chunk hashes by `partId/index`, after checking that it lists exactly the chunks of the part list. */
function receiptChunkHashes(receipt: OpenMessageOptions['receipt'], layout: readonly PartLayout[]): Map<string, string> | undefined {
  if (receipt === undefined) return undefined;
  const hashes = new Map<string, string>();
  if (!isList(receipt.chunks)) throw mismatch('The receipt lists no chunks.');
  for (const c of receipt.chunks) hashes.set(`${c.partId}/${c.index}`, c.sha256);
  const expected = layout.reduce((n, p) => n + p.chunkCount, 0);
  const complete = layout.every((p) => Array.from({ length: p.chunkCount }, (_, i) => hashes.has(`${p.partId}/${i}`)).every(Boolean));
  if (hashes.size !== expected || !complete) throw mismatch('The receipt lists other chunks than the server stores.');
  return hashes;
}

/**
 * Opens a stored message: fetches and verifies the manifest (exactly one chunk), checks the server's
 * part list against it, and returns readers for the parts. The manifest's signer must be one of
 * `expectedSigners`; every other chunk must then be signed by that same key.
 */
export async function openMessage(options: OpenMessageOptions): Promise<OpenedMessage> {
  const layout = checkLayout(options.parts);
  assertDecryptionKeys(options.decryptionKeys);
  const decryptionKeys = [...options.decryptionKeys];
  const expectedSigners = await readPublicKeys(options.expectedSigners, 'expected signers');
  if (expectedSigners.length === 0) throw new CryptoError('KEY_UNUSABLE', 'Name the key(s) the message must be signed by.');
  const { fetchChunk } = options;

  const manifestEntries = layout.filter((p) => p.role === 'manifest');
  const manifestEntry = manifestEntries[0];
  if (manifestEntries.length !== 1 || !manifestEntry || manifestEntry.chunkCount !== 1) throw mismatch('A message has exactly one manifest, of one chunk.');
  const receiptHashes = receiptChunkHashes(options.receipt, layout);
  const manifestCiphertext = await fetchChunk(manifestEntry.partId, 0);
  const manifestHash = await sha256Hex(manifestCiphertext);
  if (options.receipt && !sameDigest(manifestHash, options.receipt.manifestHash)) throw mismatch('This is not the manifest the receipt names.');
  const opened = await decryptAndVerify({
    ciphertext: manifestCiphertext,
    decryptionKeys,
    verificationKeys: expectedSigners,
    maxCiphertextBytes: MAX_MANIFEST_BYTES + CIPHERTEXT_OVERHEAD,
  });
  const signer = opened.signer;
  const framedManifest = readChunkHeader(opened.data);
  if (!framedManifest) throw misplaced();
  const { header } = framedManifest;
  if (header.role !== 'manifest' || header.partId !== manifestEntry.partId || header.index !== 0 || !header.last) throw misplaced();
  const manifest = parseManifest(framedManifest.data);
  const messageNonce = header.messageNonce;
  const manifestNonce = fromBase64url(manifest.messageNonce);
  if (!manifestNonce || !sameBytes(manifestNonce, messageNonce)) throw new CryptoError('MANIFEST_INVALID', 'The manifest names another message.');
  const signerFingerprint = fingerprintOf(signer);
  if (manifest.signerFingerprint !== signerFingerprint) throw new CryptoError('SIGNATURE_INVALID', 'The manifest was signed by another key than it names.');

  // The server's list must be exactly the manifest's parts plus the manifest.
  if (layout.length !== manifest.parts.length + 1) throw mismatch('The server lists other parts than the manifest.');
  for (const part of manifest.parts) {
    const listed = layout.find((p) => p.partId === part.partId);
    if (!listed || listed.role !== part.role || listed.chunkCount !== part.chunkCount) throw mismatch(`Part ${part.partId} is not stored as the manifest describes it.`);
  }

  const maxCiphertextBytes = manifest.chunkSize + CIPHERTEXT_OVERHEAD;

  async function* readPartChunks(part: ManifestPart): AsyncGenerator<Uint8Array> {
    const hasher = await createRunningSha256();
    for (let index = 0; index < part.chunkCount; index++) {
      const last = index === part.chunkCount - 1;
      const ciphertext = await fetchChunk(part.partId, index);
      const attested = receiptHashes?.get(`${part.partId}/${index}`);
      if (attested !== undefined && !(ciphertext instanceof Uint8Array && sameDigest(await sha256Hex(ciphertext), attested))) {
        throw new CryptoError('DECRYPT_FAILED', 'A stored chunk is not the one the receipt lists.');
      }
      const { data: plaintext } = await decryptAndVerify({ ciphertext, decryptionKeys, verificationKeys: [signer], maxCiphertextBytes });
      const framed = readChunkHeader(plaintext);
      if (!framed) throw misplaced();
      const h = framed.header;
      if (!sameBytes(h.messageNonce, messageNonce) || h.role !== part.role || h.partId !== part.partId || h.index !== index || h.last !== last) throw misplaced();
      const expectedLength = last ? part.size - manifest.chunkSize * (part.chunkCount - 1) : manifest.chunkSize;
      if (framed.data.length !== expectedLength) throw mismatch(`Part ${part.partId} does not have the size the manifest names.`);
      hasher.update(framed.data);
      // The last chunk is held back until the whole part is proven to be what the sender signed.
      if (last && !sameDigest(hasher.digestHex(), part.sha256)) throw mismatch(`Part ${part.partId} does not match the manifest's SHA-256.`);
      yield framed.data;
    }
  }

  function partById(partId: string): ManifestPart {
    const part = manifest.parts.find((p) => p.partId === partId);
    if (!part) throw invalid(`The message has no part ${String(partId)}.`);
    return part;
  }

  async function readPartBytes(partId: string): Promise<Uint8Array> {
    const part = partById(partId);
    const out = new Uint8Array(part.size);
    let at = 0;
    for await (const data of readPartChunks(part)) {
      out.set(data, at);
      at += data.length;
    }
    return out;
  }

  return {
    manifest,
    manifestHash,
    signerFingerprint,
    attachments: manifest.parts.flatMap((p) => (p.role === 'attachment' ? [{ partId: p.partId, name: p.name, contentType: p.contentType, size: p.size, sha256: p.sha256 }] : [])),
    readPart(partId) {
      const part = partById(partId);
      return { [Symbol.asyncIterator]: () => readPartChunks(part) };
    },
    readPartBytes,
    async readText(role) {
      const part = manifest.parts.find((p) => p.role === role);
      if (!part) throw invalid(`The message has no ${String(role)}.`);
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await readPartBytes(part.partId));
    },
  };
}

export interface DecryptedMessage {
  manifest: Manifest;
  manifestHash: string;
  signerFingerprint: string;
  subject: string;
  body: string;
  bodyType: 'text/plain' | 'text/html';
  attachments: (AttachmentInfo & { data: Uint8Array })[];
}

/** openMessage, read whole: every part verified against the manifest before anything is returned. */
export async function decryptMessage(options: OpenMessageOptions): Promise<DecryptedMessage> {
  const opened = await openMessage(options);
  const subject = await opened.readText('subject');
  const body = await opened.readText('body');
  const bodyPart = opened.manifest.parts.find((p) => p.role === 'body');
  const attachments: DecryptedMessage['attachments'] = [];
  for (const info of opened.attachments) attachments.push({ ...info, data: await opened.readPartBytes(info.partId) });
  return {
    manifest: opened.manifest,
    manifestHash: opened.manifestHash,
    signerFingerprint: opened.signerFingerprint,
    subject,
    body,
    bodyType: bodyPart?.contentType.startsWith('text/html') ? 'text/html' : 'text/plain',
    attachments,
  };
}
