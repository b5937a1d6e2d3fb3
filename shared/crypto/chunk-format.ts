// The small header at the start of every chunk's plaintext. It is inside the signed, encrypted data,
// so it binds each chunk to its message, part, role and position: the server can store and serve
// chunks, but cannot reorder, drop, duplicate or swap them without the reader noticing.

/** What a part holds. The manifest part lists the others; it does not list itself. */
export type PartRole = 'subject' | 'body' | 'attachment' | 'manifest';

export const PART_ROLES: readonly PartRole[] = ['subject', 'body', 'attachment', 'manifest'];

/** `p0`…`p999` without leading zeros (the API's route accepts `p` and 1–3 digits). */
export const PART_ID_PATTERN = /^p(?:0|[1-9][0-9]{0,2})$/;

export const MESSAGE_NONCE_BYTES = 16;

const MAGIC = [0x5a, 0x47, 0x43, 0x31]; // "ZGC1": Zegel chunk, format 1
const ROLE_CODE: Record<PartRole, number> = { subject: 1, body: 2, attachment: 3, manifest: 4 };
const LAST_CHUNK = 0x01;

/**
 * Layout (all integers big-endian):
 *
 * | offset | size | field                                                        |
 * |--------|------|--------------------------------------------------------------|
 * | 0      | 4    | magic `ZGC1`                                                  |
 * | 4      | 16   | message nonce (random per message; repeated in the manifest) |
 * | 20     | 1    | role: 1 subject, 2 body, 3 attachment, 4 manifest            |
 * | 21     | 1    | flags: bit 0 = last chunk of the part; other bits zero       |
 * | 22     | 4    | chunk index, counting from 0                                 |
 * | 26     | 1    | part id length n (2–4)                                       |
 * | 27     | n    | part id, ASCII (`p0`…`p999`)                                 |
 * | 27 + n | …    | the part's plaintext bytes carried by this chunk             |
 */
export interface ChunkHeader {
  messageNonce: Uint8Array;
  role: PartRole;
  partId: string;
  index: number;
  last: boolean;
}

const FIXED_BYTES = 27;

export function chunkHeaderLength(partId: string): number {
  return FIXED_BYTES + partId.length;
}

/** Writes the header at the start of `target` (sized by the caller) and returns where the data begins. */
export function writeChunkHeader(target: Uint8Array, header: ChunkHeader): number {
  if (!PART_ID_PATTERN.test(header.partId)) throw new RangeError('bad part id');
  if (header.messageNonce.length !== MESSAGE_NONCE_BYTES) throw new RangeError('bad message nonce');
  if (!Number.isInteger(header.index) || header.index < 0 || header.index > 0xffffffff) throw new RangeError('bad chunk index');
  target.set(MAGIC, 0);
  target.set(header.messageNonce, 4);
  target[20] = ROLE_CODE[header.role];
  target[21] = header.last ? LAST_CHUNK : 0;
  new DataView(target.buffer, target.byteOffset, target.byteLength).setUint32(22, header.index);
  target[26] = header.partId.length;
  for (let i = 0; i < header.partId.length; i++) target[FIXED_BYTES + i] = header.partId.charCodeAt(i);
  return FIXED_BYTES + header.partId.length;
}

/** Splits a chunk's plaintext into header and data, or undefined when it is not a well-formed Zegel chunk. */
export function readChunkHeader(plaintext: Uint8Array): { header: ChunkHeader; data: Uint8Array } | undefined {
  if (plaintext.length < FIXED_BYTES || MAGIC.some((b, i) => plaintext[i] !== b)) return undefined;
  const role = PART_ROLES.find((r) => ROLE_CODE[r] === plaintext[20]);
  const flags = plaintext[21] ?? 0xff;
  const idLength = plaintext[26] ?? 0;
  if (!role || (flags & ~LAST_CHUNK) !== 0 || plaintext.length < FIXED_BYTES + idLength) return undefined;
  const partId = String.fromCharCode(...plaintext.subarray(FIXED_BYTES, FIXED_BYTES + idLength));
  if (!PART_ID_PATTERN.test(partId)) return undefined;
  const index = new DataView(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).getUint32(22);
  return {
    header: { messageNonce: plaintext.slice(4, 4 + MESSAGE_NONCE_BYTES), role, partId, index, last: (flags & LAST_CHUNK) !== 0 },
    data: plaintext.subarray(FIXED_BYTES + idLength),
  };
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
