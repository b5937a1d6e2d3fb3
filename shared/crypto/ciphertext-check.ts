// A cheap structural check that bytes are a binary OpenPGP encrypted message (checklist L2). The API
// runs it on every stored chunk; it parses packet framing only, never decrypts, and imports nothing.
//
// Accepted grammar (RFC 9580 §10.3, narrowed):   ESK+ SEIPD   with nothing after it, where
//   ESK   = PKESK (tag 1, v3 or v6) | SKESK (tag 3, v4 or v6), definite lengths only
//   SEIPD = tag 18, version 1 or 2, new-format header, definite or partial body lengths
// Refused: armored text, a literal-data, compressed, signature or one-pass-signature packet at the
// top level, any other packet (marker, padding, legacy SED), old-format indeterminate lengths, a
// partial length on a non-data packet or a first partial chunk under 512 bytes, truncation, trailing bytes.

export type CiphertextRejection =
  /** No bytes at all. */
  | 'EMPTY'
  /** Starts with `-`: ASCII armor (only binary is stored). */
  | 'ARMORED'
  /** The first byte is not an OpenPGP packet header. */
  | 'NOT_OPENPGP'
  /** A literal-data packet at the top level: plaintext. */
  | 'LITERAL_DATA'
  /** A signature or one-pass-signature packet at the top level: signed, not encrypted. */
  | 'SIGNED_NOT_ENCRYPTED'
  /** A compressed-data packet at the top level. */
  | 'COMPRESSED_DATA'
  /** Any other packet type, or a session-key packet after the encrypted data. */
  | 'UNEXPECTED_PACKET'
  /** Encrypted data without a session-key packet before it. */
  | 'NO_SESSION_KEY_PACKET'
  /** More session-key packets than any real message carries. */
  | 'TOO_MANY_SESSION_KEY_PACKETS'
  /** A packet version this service does not accept (PKESK v3/v6, SKESK v4/v6, SEIPD v1/v2). */
  | 'UNSUPPORTED_VERSION'
  /** A malformed length (indeterminate, partial where not allowed, first partial under 512 bytes) or a packet too short to be valid. */
  | 'BAD_LENGTH'
  /** The data ends inside a packet, or before any encrypted data. */
  | 'TRUNCATED'
  /** Bytes after the encrypted-data packet. */
  | 'TRAILING_DATA';

export type CiphertextVerdict =
  | { ok: true; seipdVersion: 1 | 2; sessionKeyPackets: number }
  | { ok: false; reason: CiphertextRejection; offset: number };

/** Incremental form for request bodies: `push` each piece as it arrives (stop at the first rejection), then `end`. */
export interface CiphertextChecker {
  /** Undefined while the bytes so far could still be a valid message; a rejection as soon as they cannot. */
  push(bytes: Uint8Array): Extract<CiphertextVerdict, { ok: false }> | undefined;
  end(): CiphertextVerdict;
}

export const MAX_SESSION_KEY_PACKETS = 1000;

const TAG_PKESK = 1;
const TAG_SIGNATURE = 2;
const TAG_SKESK = 3;
const TAG_ONE_PASS_SIGNATURE = 4;
const TAG_COMPRESSED = 8;
const TAG_LITERAL = 11;
const TAG_SEIPD = 18;
const MIN_FIRST_PARTIAL = 512;
// Shortest valid bodies: SEIPDv1 = version + 8-byte-block prefix (10) + MDC packet (22);
// SEIPDv2 = version, cipher, AEAD mode, chunk size, 32-byte salt, final 16-byte tag.
const MIN_SEIPD_BODY: Record<1 | 2, number> = { 1: 1 + 10 + 22, 2: 4 + 32 + 16 };

type Stage =
  | { kind: 'packet' } // expecting the first byte of a packet header
  | { kind: 'length'; newFormat: boolean; lengthBytes: number[]; needed: number } // collecting length octets
  | { kind: 'body' }; // inside a body segment

export function createCiphertextChecker(): CiphertextChecker {
  let offset = 0; // bytes consumed so far
  let stage: Stage = { kind: 'packet' };
  let rejection: Extract<CiphertextVerdict, { ok: false }> | undefined;
  let tag = 0;
  let segmentRemaining = 0; // bytes left in the current body segment
  let partial = false; // the current segment is a partial one: another length follows
  let firstSegment = true;
  let bodyLength = 0; // bytes of the current packet's body seen so far
  let packetVersion = -1;
  let sessionKeyPackets = 0;
  let seipdVersion: 1 | 2 | undefined;
  let seipdComplete = false;

  const reject = (reason: CiphertextRejection, at = offset) => {
    rejection = { ok: false, reason, offset: at };
    return rejection;
  };

  function startPacket(first: number): CiphertextRejection | undefined {
    if (seipdComplete) return 'TRAILING_DATA';
    if ((first & 0x80) === 0) return offset === 0 && first === 0x2d ? 'ARMORED' : 'NOT_OPENPGP';
    const newFormat = (first & 0x40) !== 0;
    tag = newFormat ? first & 0x3f : (first >> 2) & 0x0f;
    if (tag === TAG_LITERAL) return 'LITERAL_DATA';
    if (tag === TAG_SIGNATURE || tag === TAG_ONE_PASS_SIGNATURE) return 'SIGNED_NOT_ENCRYPTED';
    if (tag === TAG_COMPRESSED) return 'COMPRESSED_DATA';
    if (tag === TAG_PKESK || tag === TAG_SKESK) {
      if (seipdVersion !== undefined) return 'UNEXPECTED_PACKET';
      if (++sessionKeyPackets > MAX_SESSION_KEY_PACKETS) return 'TOO_MANY_SESSION_KEY_PACKETS';
    } else if (tag === TAG_SEIPD) {
      if (sessionKeyPackets === 0) return 'NO_SESSION_KEY_PACKET';
    } else {
      return 'UNEXPECTED_PACKET';
    }
    if (!newFormat) {
      const lengthType = first & 0x03;
      if (lengthType === 3) return 'BAD_LENGTH'; // indeterminate length
      stage = { kind: 'length', newFormat: false, lengthBytes: [], needed: [1, 2, 4][lengthType] ?? 1 };
    } else {
      stage = { kind: 'length', newFormat: true, lengthBytes: [], needed: 1 };
    }
    firstSegment = true;
    bodyLength = 0;
    packetVersion = -1;
    return undefined;
  }

  /** Consumes one length octet; returns a rejection, or undefined (then `stage` says what comes next). */
  function lengthOctet(stageNow: Extract<Stage, { kind: 'length' }>, octet: number): CiphertextRejection | undefined {
    stageNow.lengthBytes.push(octet);
    const bytes = stageNow.lengthBytes;
    if (stageNow.newFormat && bytes.length === 1) {
      if (octet >= 192 && octet <= 223) stageNow.needed = 2;
      else if (octet === 255) stageNow.needed = 5;
      else if (octet >= 224) {
        // Partial body length: only for the encrypted data packet, first piece at least 512 bytes.
        const size = 2 ** (octet & 0x1f);
        if (tag !== TAG_SEIPD || (firstSegment && size < MIN_FIRST_PARTIAL)) return 'BAD_LENGTH';
        return enterSegment(size, true);
      }
    }
    if (bytes.length < stageNow.needed) return undefined;
    let length: number;
    if (!stageNow.newFormat) {
      length = bytes.reduce((acc, b) => acc * 256 + b, 0);
    } else if (bytes.length === 1) {
      length = bytes[0] ?? 0;
    } else if (bytes.length === 2) {
      length = ((bytes[0] ?? 0) - 192) * 256 + (bytes[1] ?? 0) + 192;
    } else {
      length = bytes.slice(1).reduce((acc, b) => acc * 256 + b, 0);
    }
    return enterSegment(length, false);
  }

  function enterSegment(length: number, isPartial: boolean): CiphertextRejection | undefined {
    segmentRemaining = length;
    partial = isPartial;
    firstSegment = false;
    stage = { kind: 'body' };
    return segmentRemaining === 0 ? segmentDone() : undefined;
  }

  function segmentDone(): CiphertextRejection | undefined {
    if (partial) {
      stage = { kind: 'length', newFormat: true, lengthBytes: [], needed: 1 };
      return undefined;
    }
    // The packet is complete.
    if (tag === TAG_SEIPD) {
      if (seipdVersion === undefined || bodyLength < MIN_SEIPD_BODY[seipdVersion]) return 'BAD_LENGTH';
      seipdComplete = true;
    } else if (bodyLength < 2) {
      return 'BAD_LENGTH';
    }
    stage = { kind: 'packet' };
    return undefined;
  }

  function checkVersion(version: number): CiphertextRejection | undefined {
    packetVersion = version;
    if (tag === TAG_PKESK) return version === 3 || version === 6 ? undefined : 'UNSUPPORTED_VERSION';
    if (tag === TAG_SKESK) return version === 4 || version === 6 ? undefined : 'UNSUPPORTED_VERSION';
    if (version !== 1 && version !== 2) return 'UNSUPPORTED_VERSION';
    seipdVersion = version;
    return undefined;
  }

  return {
    push(bytes) {
      if (rejection) return rejection;
      let i = 0;
      while (i < bytes.length) {
        const at = offset;
        let problem: CiphertextRejection | undefined;
        if (stage.kind === 'packet') {
          problem = startPacket(bytes[i] ?? 0);
          i++;
          offset++;
        } else if (stage.kind === 'length') {
          problem = lengthOctet(stage, bytes[i] ?? 0);
          i++;
          offset++;
        } else {
          if (bodyLength === 0 && packetVersion === -1) problem = checkVersion(bytes[i] ?? 0);
          const take = Math.min(segmentRemaining, bytes.length - i);
          i += take;
          offset += take;
          bodyLength += take;
          segmentRemaining -= take;
          if (!problem && segmentRemaining === 0) problem = segmentDone();
        }
        if (problem) return reject(problem, at);
      }
      return undefined;
    },
    end() {
      if (rejection) return rejection;
      if (offset === 0) return reject('EMPTY');
      if (!seipdComplete || stage.kind !== 'packet' || seipdVersion === undefined) return reject('TRUNCATED');
      return { ok: true, seipdVersion, sessionKeyPackets };
    },
  };
}

/** One-shot form: is this whole buffer one binary OpenPGP encrypted message and nothing else? */
export function checkCiphertextChunk(bytes: Uint8Array): CiphertextVerdict {
  if (!(bytes instanceof Uint8Array)) return { ok: false, reason: 'NOT_OPENPGP', offset: 0 };
  const checker = createCiphertextChecker();
  return checker.push(bytes) ?? checker.end();
}
