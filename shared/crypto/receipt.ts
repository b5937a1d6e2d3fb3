// Verifies the server's receipts offline: a compact JWS (EdDSA only) from a key picked by `kid` in a key
// set the caller supplies, never from the token's own headers. Also checks a receipt or a manifest
// against what the client sent or decrypted.
import { importJWK, jwtVerify, type CompactJWSHeaderParameters, type JWK } from 'jose';
import { PART_ID_PATTERN } from './chunk-format';
import { CryptoError } from './errors';
import type { Manifest } from './manifest';
import { SHA256_HEX_PATTERN } from './sha256';

export const RECEIPT_TYPE = 'zegel-receipt+jwt';
export const RECEIPT_ALGORITHM = 'EdDSA';
/** How far a receipt's `iat` may lie ahead of the verifier's clock. */
export const RECEIPT_CLOCK_TOLERANCE_SECONDS = 300;
const MAX_RECEIPT_LENGTH = 4 * 1024 * 1024;

export interface ReceiptChunk {
  partId: string;
  index: number;
  /** SHA-256 of the stored ciphertext chunk, lowercase hex. */
  sha256: string;
  /** Bytes of the stored ciphertext chunk. */
  size: number;
}

/** What the API signs when a message is committed. */
export interface ReceiptPayload {
  iss: string;
  /** Seconds since the epoch when the server signed. */
  iat: number;
  /** The message id again: a receipt is unique per message. */
  jti: string;
  messageId: string;
  /** The server's clock at commit, ISO 8601 UTC. */
  serverTime: string;
  /** On whose behalf: the lawyer or bailiff, with the BAR/KBvG number when it went to a court. */
  principal: { accountId: string; professionalNumber: string | null; kind: 'lawyer' | 'bailiff' | null };
  /** Who pressed send (the principal, or a secretary with a grant). */
  actor: { accountId: string };
  /** Recipient addresses as the server resolved them. */
  recipients: string[];
  /** Every stored chunk. */
  chunks: ReceiptChunk[];
  /** SHA-256 of the manifest part's single ciphertext chunk. */
  manifestHash: string;
}

/**
 * A published receipt key. Besides the standard members, `nbf` and `exp` (seconds since the epoch) may
 * bound when the server signed with it: a receipt whose `iat` lies outside is refused. Retired keys
 * stay in the set, so old receipts keep verifying.
 */
export type ReceiptJwk = JWK & { nbf?: number; exp?: number };

const PAYLOAD_KEYS = ['iss', 'iat', 'jti', 'messageId', 'serverTime', 'principal', 'actor', 'recipients', 'chunks', 'manifestHash'];
const ID_PATTERN = /^[\x21-\x7e]{1,128}$/;
const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasExactly(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  return isRecord(value) && Object.keys(value).length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Throws with a reason (wrapped into RECEIPT_INVALID by the caller) unless the payload has exactly the receipt shape. */
function checkPayload(payload: unknown): ReceiptPayload {
  const bad = (why: string) => new Error(`receipt payload: ${why}`);
  if (!hasExactly(payload, PAYLOAD_KEYS)) throw bad('unexpected or missing claims');
  const { iss, iat, jti, messageId, serverTime, principal, actor, recipients, chunks, manifestHash } = payload;
  if (typeof iss !== 'string' || !isCount(iat)) throw bad('iss/iat');
  if (!isId(messageId) || jti !== messageId) throw bad('messageId/jti');
  if (typeof serverTime !== 'string' || !ISO_UTC_PATTERN.test(serverTime) || Number.isNaN(Date.parse(serverTime))) throw bad('serverTime');
  if (!hasExactly(principal, ['accountId', 'professionalNumber', 'kind']) || !isId(principal.accountId)) throw bad('principal');
  const { professionalNumber, kind } = principal;
  if (!(professionalNumber === null || (typeof professionalNumber === 'string' && /^[A-Za-z0-9-]{1,32}$/.test(professionalNumber)))) throw bad('professionalNumber');
  if (!(kind === null || kind === 'lawyer' || kind === 'bailiff')) throw bad('principal kind');
  if ((professionalNumber === null) !== (kind === null)) throw bad('professionalNumber and kind go together');
  if (!hasExactly(actor, ['accountId']) || !isId(actor.accountId)) throw bad('actor');
  if (!Array.isArray(recipients) || recipients.length === 0 || !recipients.every((r) => typeof r === 'string' && r.length > 0 && r.length <= 320)) throw bad('recipients');
  if (!Array.isArray(chunks) || chunks.length === 0) throw bad('chunks');
  const perPart = new Map<string, Set<number>>();
  for (const c of chunks as unknown[]) {
    if (!hasExactly(c, ['partId', 'index', 'sha256', 'size'])) throw bad('chunk fields');
    if (typeof c.partId !== 'string' || !PART_ID_PATTERN.test(c.partId) || !isCount(c.index) || !isCount(c.size) || c.size === 0) throw bad('chunk');
    if (typeof c.sha256 !== 'string' || !SHA256_HEX_PATTERN.test(c.sha256)) throw bad('chunk hash');
    const seen = perPart.get(c.partId) ?? new Set<number>();
    if (seen.has(c.index)) throw bad('duplicate chunk');
    seen.add(c.index);
    perPart.set(c.partId, seen);
  }
  for (const indexes of perPart.values()) {
    for (let i = 0; i < indexes.size; i++) if (!indexes.has(i)) throw bad('chunk indexes have a gap');
  }
  if (typeof manifestHash !== 'string' || !SHA256_HEX_PATTERN.test(manifestHash)) throw bad('manifestHash');
  // The manifest is one chunk, so its hash is the hash of a part that has exactly one chunk.
  const typed = chunks as ReceiptChunk[];
  if (!typed.some((c) => c.sha256 === manifestHash && c.index === 0 && perPart.get(c.partId)?.size === 1)) throw bad('manifestHash names no stored single-chunk part');
  return {
    iss,
    iat,
    jti: messageId,
    messageId,
    serverTime,
    principal: { accountId: principal.accountId, professionalNumber, kind },
    actor: { accountId: actor.accountId },
    recipients: [...(recipients as string[])],
    chunks: typed.map((c) => ({ partId: c.partId, index: c.index, sha256: c.sha256, size: c.size })),
    manifestHash,
  };
}

/** Picks the one key with the header's `kid` from the caller's set; only public Ed25519 signing keys. */
function keyFromSet(keys: readonly ReceiptJwk[], header: CompactJWSHeaderParameters): ReceiptJwk {
  if (header.alg !== RECEIPT_ALGORITHM) throw new Error('algorithm not allowed');
  // A receipt from our server never points at keys; one that does is refused rather than ignored.
  for (const name of ['jku', 'jwk', 'x5u', 'x5c']) if (name in header) throw new Error(`key-carrying header ${name}`);
  if (typeof header.kid !== 'string' || header.kid.length === 0) throw new Error('no kid');
  const matches = keys.filter((k) => isRecord(k) && k.kid === header.kid);
  const jwk = matches[0];
  if (matches.length !== 1 || !jwk) throw new Error('kid not in the key set exactly once');
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || 'd' in jwk) throw new Error('not a public Ed25519 key');
  if (jwk.alg !== undefined && jwk.alg !== RECEIPT_ALGORITHM) throw new Error('key is for another algorithm');
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new Error('key is not for signatures');
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) throw new Error('key may not verify');
  return jwk;
}

/**
 * Verifies a receipt against a key set obtained out of band (the server's published JWKS, shipped or
 * pinned). Exactly EdDSA, header `typ: zegel-receipt+jwt`, the given issuer, the key chosen by `kid`
 * from `jwks` only, `iat` within the key's `nbf`/`exp` and not in the future (`now`, default the
 * current time), and a payload of exactly the ReceiptPayload shape. Anything else: RECEIPT_INVALID.
 */
export async function verifyReceipt(options: { jws: string; jwks: { keys: readonly ReceiptJwk[] }; issuer: string; now?: Date }): Promise<ReceiptPayload> {
  const fail = (cause?: unknown) => new CryptoError('RECEIPT_INVALID', 'The receipt is not valid.', { cause });
  const { jws, jwks, issuer } = options;
  const now = options.now ?? new Date();
  if (typeof jws !== 'string' || jws.length > MAX_RECEIPT_LENGTH) throw fail();
  if (!isRecord(jwks) || !Array.isArray(jwks.keys)) throw fail(new Error('no key set'));
  if (typeof issuer !== 'string' || issuer.length === 0) throw new CryptoError('INVALID_INPUT', 'Name the issuer whose receipts to accept.');
  let chosen: ReceiptJwk | undefined;
  let payload: unknown;
  try {
    const result = await jwtVerify(
      jws,
      async (header) => {
        chosen = keyFromSet(jwks.keys, header);
        return importJWK({ kty: 'OKP', crv: 'Ed25519', x: chosen.x }, RECEIPT_ALGORITHM);
      },
      { algorithms: [RECEIPT_ALGORITHM], issuer, typ: RECEIPT_TYPE, requiredClaims: ['iss', 'iat', 'jti'], currentDate: now },
    );
    payload = result.payload;
  } catch (error) {
    throw fail(error);
  }
  let receipt: ReceiptPayload;
  try {
    receipt = checkPayload(payload);
  } catch (error) {
    throw fail(error);
  }
  if (receipt.iat > Math.floor(now.getTime() / 1000) + RECEIPT_CLOCK_TOLERANCE_SECONDS) throw fail(new Error('issued in the future'));
  if (chosen?.nbf !== undefined && !(typeof chosen.nbf === 'number' && receipt.iat >= chosen.nbf)) throw fail(new Error('signed before the key was in use'));
  if (chosen?.exp !== undefined && !(typeof chosen.exp === 'number' && receipt.iat < chosen.exp)) throw fail(new Error('signed after the key was retired'));
  return receipt;
}

export type CheckVerdict = { ok: true } | { ok: false; problems: string[] };

/**
 * After decrypting: do the plaintext hashes the reader computed match the signed manifest, part for
 * part? Missing, unknown and differing parts are named.
 */
export function checkPlaintextAgainstManifest(options: { manifest: Manifest; parts: readonly { partId: string; plaintextSha256: string }[] }): CheckVerdict {
  const problems: string[] = [];
  const given = new Map<string, string>();
  for (const p of options.parts) {
    if (given.has(p.partId)) problems.push(`${p.partId}: given twice`);
    given.set(p.partId, p.plaintextSha256.toLowerCase());
  }
  for (const part of options.manifest.parts) {
    const hash = given.get(part.partId);
    if (hash === undefined) problems.push(`${part.partId}: missing`);
    else if (hash !== part.sha256) problems.push(`${part.partId}: SHA-256 differs from the manifest`);
    given.delete(part.partId);
  }
  for (const partId of given.keys()) problems.push(`${partId}: not in the manifest`);
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/**
 * After sending: does the receipt cover exactly what this client uploaded (every chunk's hash and
 * size, and the manifest hash)? Use with encryptMessage's summary().
 */
export function checkReceiptMatchesUpload(options: { receipt: ReceiptPayload; sent: { manifestHash: string; chunks: readonly ReceiptChunk[] } }): CheckVerdict {
  const { receipt, sent } = options;
  const problems: string[] = [];
  if (receipt.manifestHash !== sent.manifestHash) problems.push('manifest hash differs');
  const key = (c: { partId: string; index: number }) => `${c.partId}/${c.index}`;
  const stored = new Map(receipt.chunks.map((c) => [key(c), c]));
  for (const c of sent.chunks) {
    const s = stored.get(key(c));
    if (!s) problems.push(`${key(c)}: not in the receipt`);
    else if (s.sha256 !== c.sha256 || s.size !== c.size) problems.push(`${key(c)}: stored bytes differ`);
    stored.delete(key(c));
  }
  for (const k of stored.keys()) problems.push(`${k}: in the receipt but not sent`);
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
