// Shared fixtures for the shared/crypto tests: the cheap test KDF profile and byte searches for leak checks.
import { TEST_KDF_PARAMS, newKdfParams, type KdfParams } from '../../../shared/crypto/kdf';
import { fromBase64url, toBase64url } from '../../../shared/crypto/encoding';
import type { CryptoErrorCode } from '../../../shared/crypto/errors';

/** Pass as `floor` wherever a test uses TEST_KDF_PARAMS; production code never passes a floor. */
export const TEST_FLOOR = TEST_KDF_PARAMS;

export function testKdfParams(): KdfParams {
  return newKdfParams(TEST_KDF_PARAMS);
}

export async function expectCode(promise: Promise<unknown>, code: CryptoErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'CryptoError', code });
}

export function expectCodeSync(fn: () => unknown, code: CryptoErrorCode): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toMatchObject({ name: 'CryptoError', code });
}

/** The raw bytes inside an envelope `v1.<iv>.<ct>`: IV followed by ciphertext and tag. */
export function envelopeBytes(envelope: string): Uint8Array {
  const [version, iv, ct] = envelope.split('.');
  expect(version).toBe('v1');
  const ivBytes = fromBase64url(iv ?? '');
  const ctBytes = fromBase64url(ct ?? '');
  if (!ivBytes || !ctBytes) throw new Error('not an envelope');
  return new Uint8Array([...ivBytes, ...ctBytes]);
}

export function flipByte(envelope: string, index: number): string {
  const [version, iv, ct] = envelope.split('.');
  const ivBytes = fromBase64url(iv ?? '')!;
  const ctBytes = fromBase64url(ct ?? '')!;
  const target = index < ivBytes.length ? ivBytes : ctBytes;
  const at = index < ivBytes.length ? index : index - ivBytes.length;
  target[at] = (target[at] ?? 0) ^ 0x01;
  return `${version}.${toBase64url(ivBytes)}.${toBase64url(ctBytes)}`;
}

export function containsBytes(haystack: Uint8Array, needle: Uint8Array, minLength = needle.length): boolean {
  // Any window of `minLength` bytes of the needle counts, so a partial leak is found too.
  for (let n = 0; n + minLength <= needle.length; n++) {
    const window = needle.subarray(n, n + minLength);
    outer: for (let h = 0; h + window.length <= haystack.length; h++) {
      for (let k = 0; k < window.length; k++) if (haystack[h + k] !== window[k]) continue outer;
      return true;
    }
  }
  return false;
}

/** Whether `text` contains the bytes base64url-encoded at any of the three byte alignments. */
export function containsBase64(text: string, bytes: Uint8Array): boolean {
  return [0, 1, 2].some((skip) => {
    const encoded = toBase64url(bytes.subarray(skip));
    // Drop the last, partial character group: it depends on the bytes that follow.
    const stable = encoded.slice(0, Math.floor(((bytes.length - skip) * 8) / 6) - 1);
    return stable.length >= 8 && text.includes(stable);
  });
}
