// SHA-256 as lowercase hex: one buffer at a time (WebCrypto), or incrementally over a part's chunks
// (WebCrypto has no incremental digest, so the running hash of a streamed part uses hash-wasm).
import { createSHA256 } from 'hash-wasm';

export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // WebCrypto wants memory backed by a plain ArrayBuffer; copy only when it is not.
  const input = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', input)));
}

/** A running SHA-256 over data that arrives in pieces; memory use does not grow with the input. */
export interface RunningSha256 {
  update(bytes: Uint8Array): void;
  /** Ends the hash; call once. */
  digestHex(): string;
}

export async function createRunningSha256(): Promise<RunningSha256> {
  const hasher = await createSHA256();
  hasher.init();
  return {
    update(bytes) {
      hasher.update(bytes);
    },
    digestHex() {
      return hasher.digest('hex');
    },
  };
}

/** Constant-shape comparison of two hex digests (they are not secrets, but the habit costs nothing). */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
