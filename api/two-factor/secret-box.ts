// AES-256-GCM sealing of small secrets at rest (TOTP seeds) under a key from configuration, never the database.
import crypto from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a sealed value belongs to; it is bound as associated data, so a blob moved elsewhere fails to open. */
export interface SealContext {
  /** Fixed string naming the use, e.g. "totp-seed". */
  purpose: string;
  /** Whose secret it is (the account id). */
  subject: string;
}

export interface SecretBox {
  /** `v1.<iv>.<ciphertext>.<tag>`, base64url; a fresh random IV every time. */
  seal(plaintext: Uint8Array, context: SealContext): string;
  /** The plaintext, or null when the blob is malformed, tampered with, sealed under another key or for another context. */
  open(sealed: string, context: SealContext): Buffer | null;
}

/** JSON keeps the two fields unambiguous whatever characters an account id contains. */
function associatedData(context: SealContext): Buffer {
  return Buffer.from(JSON.stringify(['zegel-secret-box', VERSION, context.purpose, context.subject]), 'utf8');
}

export function createSecretBox(options: { key: Buffer }): SecretBox {
  if (options.key.length !== 32) throw new Error('The secret-box key must be exactly 32 bytes.');
  // A private copy: a caller that later wipes or reuses its buffer cannot change what we encrypt with.
  const key = Buffer.from(options.key);

  return {
    seal(plaintext, context) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(context));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join('.');
    },
    open(sealed, context) {
      const parts = typeof sealed === 'string' ? sealed.split('.') : [];
      if (parts.length !== 4 || parts[0] !== VERSION) return null;
      const iv = Buffer.from(parts[1] ?? '', 'base64url');
      const ciphertext = Buffer.from(parts[2] ?? '', 'base64url');
      const tag = Buffer.from(parts[3] ?? '', 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(associatedData(context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      } catch {
        // Authentication failed: wrong key, wrong context or altered bytes. Callers treat it as "no secret".
        return null;
      }
    },
  };
}
