// Single-use secrets that people may have to type: 128 random bits written in Crockford base32,
// grouped by four. The same string works in a link (in the URL fragment) and typed by hand.
import crypto from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newTypeableToken(): string {
  const bytes = crypto.randomBytes(17); // 136 bits, of which 130 are written
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{1,4}/g)?.join('-') ?? out;
}

/** Canonical form for hashing: upper case, separators dropped, Crockford's look-alikes mapped. */
export function normaliseTypedToken(text: string): string {
  const cleaned = text.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(cleaned) ? cleaned : '';
}
