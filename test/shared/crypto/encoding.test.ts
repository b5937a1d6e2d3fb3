// Base64url, the encoding of every blob and value the client uploads: canonical, strict, round-trip safe.
import { fromBase64url, toBase64url } from '../../../shared/crypto/encoding';

describe('base64url', () => {
  it('round-trips every length from 0 to 40 bytes', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = globalThis.crypto.getRandomValues(new Uint8Array(n));
      const text = toBase64url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(fromBase64url(text)).toEqual(bytes);
    }
  });

  it('matches RFC 4648 test vectors (without padding)', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) expect(toBase64url(new TextEncoder().encode(plain))).toBe(encoded);
    expect(toBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it.each(['Zg==', 'Zm9v\n', 'Zm+v', 'Zm/v', 'Z', 'Zh', 'Zm9', 'Zm9vYmF z'])('refuses the non-canonical or foreign spelling %j', (text) => {
    expect(fromBase64url(text)).toBeUndefined();
  });
});
