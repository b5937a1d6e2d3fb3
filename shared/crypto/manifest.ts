// The message manifest: what a message holds (names, types, sizes, SHA-256 of every plaintext part),
// serialized as JSON and sent as its own encrypted, signed part, so the server never sees any of it.
import { PART_ID_PATTERN, MESSAGE_NONCE_BYTES, type PartRole } from './chunk-format';
import { fromBase64url } from './encoding';
import { CryptoError } from './errors';
import { SHA256_HEX_PATTERN } from './sha256';

export const MANIFEST_FORMAT = 'zegel-message-manifest';
export const MANIFEST_VERSION = 1;

/** Plaintext bytes per chunk. 4 MiB keeps memory flat and the number of requests low. */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;
export const MIN_CHUNK_SIZE = 1024;
/** Ciphertext overhead is under 64 KiB with 50 recipients, so chunks stay below the API's 8 MiB + 64 KiB. */
export const MAX_CHUNK_SIZE = 8 * 1024 * 1024;
/** The API accepts chunk indexes up to this count per part. */
export const MAX_CHUNKS_PER_PART = 100_000;
export const MAX_ATTACHMENTS = 100;
/** The manifest is always exactly one chunk, whatever the chunk size, and at most this many bytes. */
export const MAX_MANIFEST_BYTES = 256 * 1024;
export const MAX_NAME_LENGTH = 255;

/** Roles of the parts a manifest lists (everything but the manifest itself). */
export type ContentRole = Exclude<PartRole, 'manifest'>;

interface ManifestPartCommon {
  partId: string;
  /** MIME type with optional parameters, e.g. `text/plain; charset=utf-8`, `application/pdf`. */
  contentType: string;
  /** Plaintext bytes. */
  size: number;
  /** max(1, ceil(size / chunkSize)). */
  chunkCount: number;
  /** SHA-256 of the whole plaintext part, lowercase hex. */
  sha256: string;
}

export type ManifestPart = (ManifestPartCommon & { role: 'subject' | 'body' }) | (ManifestPartCommon & { role: 'attachment'; name: string });

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  /** 16 random bytes, base64url; every chunk header of the message carries the same bytes. */
  messageNonce: string;
  /** When the sender's client made the message (ISO 8601 UTC with milliseconds). Claimed, not proven. */
  createdAt: string;
  /** v6 fingerprint (64 lowercase hex) of the key that signed every chunk. */
  signerFingerprint: string;
  chunkSize: number;
  /** Subject, body and attachments in the sender's order. */
  parts: ManifestPart[];
}

export function expectedChunkCount(size: number, chunkSize: number): number {
  return size === 0 ? 1 : Math.ceil(size / chunkSize);
}

const CONTENT_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(?:; ?[a-z0-9!#$&^_.+-]+=(?:[a-z0-9!#$&^_.+-]+|"[\x20\x21\x23-\x5b\x5d-\x7e]*"))*$/i;
const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_PATTERN = /[\u0000-\u001f\u007f-\u009f]/;

export function isContentType(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 255 && CONTENT_TYPE_PATTERN.test(value);
}

/** A file name as the sender's mail client gave it: 1–255 UTF-16 units, no control characters. */
export function isFileName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH && !CONTROL_PATTERN.test(value);
}

export function isIsoUtc(value: unknown): value is string {
  return typeof value === 'string' && ISO_UTC_PATTERN.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

/** JSON with a fixed key order (the order the objects are built in), UTF-8. */
export function serializeManifest(manifest: Manifest): Uint8Array<ArrayBuffer> {
  const parts = manifest.parts.map((p) =>
    p.role === 'attachment'
      ? { partId: p.partId, role: p.role, name: p.name, contentType: p.contentType, size: p.size, chunkCount: p.chunkCount, sha256: p.sha256 }
      : { partId: p.partId, role: p.role, contentType: p.contentType, size: p.size, chunkCount: p.chunkCount, sha256: p.sha256 },
  );
  const ordered = {
    format: manifest.format,
    version: manifest.version,
    messageNonce: manifest.messageNonce,
    createdAt: manifest.createdAt,
    signerFingerprint: manifest.signerFingerprint,
    chunkSize: manifest.chunkSize,
    parts,
  };
  return new TextEncoder().encode(JSON.stringify(ordered));
}

function hasExactly(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

const MANIFEST_KEYS = ['format', 'version', 'messageNonce', 'createdAt', 'signerFingerprint', 'chunkSize', 'parts'] as const;
const PART_KEYS = ['partId', 'role', 'contentType', 'size', 'chunkCount', 'sha256'] as const;
const ATTACHMENT_KEYS = [...PART_KEYS, 'name'] as const;

/**
 * Parses and checks a decrypted manifest strictly: unknown keys, an unknown version, a chunk count that
 * does not follow from size and chunk size, duplicate part ids, or not exactly one subject and one body
 * all throw MANIFEST_INVALID. Only a signed manifest is ever given to this function.
 */
export function parseManifest(bytes: Uint8Array): Manifest {
  const invalid = (why: string) => new CryptoError('MANIFEST_INVALID', `The message manifest is not valid: ${why}.`);
  if (bytes.length > MAX_MANIFEST_BYTES) throw invalid('too large');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    throw invalid('not UTF-8 JSON');
  }
  if (!hasExactly(value, MANIFEST_KEYS)) throw invalid('unexpected fields');
  if (value.format !== MANIFEST_FORMAT) throw invalid('unknown format');
  if (value.version !== MANIFEST_VERSION) throw invalid('unknown version');
  const nonce = typeof value.messageNonce === 'string' ? fromBase64url(value.messageNonce) : undefined;
  if (!nonce || nonce.length !== MESSAGE_NONCE_BYTES) throw invalid('message nonce');
  if (!isIsoUtc(value.createdAt)) throw invalid('createdAt');
  if (typeof value.signerFingerprint !== 'string' || !SHA256_HEX_PATTERN.test(value.signerFingerprint)) throw invalid('signer fingerprint');
  const chunkSize = value.chunkSize;
  if (!isCount(chunkSize, MAX_CHUNK_SIZE) || chunkSize < MIN_CHUNK_SIZE) throw invalid('chunk size');
  if (!Array.isArray(value.parts) || value.parts.length < 2 || value.parts.length > MAX_ATTACHMENTS + 2) throw invalid('part list');
  const parts: ManifestPart[] = [];
  const seen = new Set<string>();
  for (const raw of value.parts as unknown[]) {
    const isAttachment = typeof raw === 'object' && raw !== null && (raw as { role?: unknown }).role === 'attachment';
    if (!hasExactly(raw, isAttachment ? ATTACHMENT_KEYS : PART_KEYS)) throw invalid('unexpected part fields');
    const { partId, role, contentType, size, chunkCount, sha256 } = raw;
    if (typeof partId !== 'string' || !PART_ID_PATTERN.test(partId) || seen.has(partId)) throw invalid('part id');
    seen.add(partId);
    if (role !== 'subject' && role !== 'body' && role !== 'attachment') throw invalid('part role');
    if (!isContentType(contentType)) throw invalid('content type');
    if (!isCount(size, chunkSize * MAX_CHUNKS_PER_PART)) throw invalid('part size');
    if (chunkCount !== expectedChunkCount(size, chunkSize)) throw invalid('chunk count');
    if (typeof sha256 !== 'string' || !SHA256_HEX_PATTERN.test(sha256)) throw invalid('part hash');
    const common = { partId, contentType, size, chunkCount, sha256 };
    if (role === 'attachment') {
      if (!isFileName(raw.name)) throw invalid('file name');
      parts.push({ ...common, role, name: raw.name });
    } else {
      parts.push({ ...common, role });
    }
  }
  if (parts.filter((p) => p.role === 'subject').length !== 1 || parts.filter((p) => p.role === 'body').length !== 1) {
    throw invalid('needs exactly one subject and one body');
  }
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    messageNonce: value.messageNonce as string,
    createdAt: value.createdAt,
    signerFingerprint: value.signerFingerprint,
    chunkSize,
    parts,
  };
}
