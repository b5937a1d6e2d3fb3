// Where the refresh token waits between openings of the pane: sessionStorage (this tab or pane only,
// gone when it closes), never localStorage and never a cookie. Beside it the account's wrapped keys,
// which are ciphertext under the password (the same the server holds), so that after a reload the
// password alone unlocks them without a second factor. See addin/taskpane/README.md.
import { STORAGE_PREFIX, readJson, remove, writeJson, type KeyValueStorage } from './storage';
import type { KdfParams, WrappedKeys } from '../api/types';

export interface StoredSession {
  refreshToken: string;
  email: string;
  accountId: string | null;
  /** Present after a full login; absent in a set-up session. */
  keys: Pick<WrappedKeys, 'wrappedUserKeyByPassword' | 'encryptedPrivateKey' | 'fingerprint'> | null;
  kdf: KdfParams | null;
}

export const SESSION_KEY = `${STORAGE_PREFIX}session`;

function isStored(value: unknown): value is StoredSession {
  const v = value as Partial<StoredSession> | null;
  return typeof v === 'object' && v !== null && typeof v.refreshToken === 'string' && typeof v.email === 'string';
}

export interface SessionStore {
  load: () => StoredSession | null;
  save: (session: StoredSession) => void;
  /** Keeps everything but the rotated refresh token. */
  rotate: (refreshToken: string) => void;
  clear: () => void;
}

export function sessionStore(storage: KeyValueStorage): SessionStore {
  const load = () => readJson(storage, SESSION_KEY, isStored);
  return {
    load,
    save: (session) => writeJson(storage, SESSION_KEY, session),
    rotate(refreshToken) {
      const current = load();
      if (current) writeJson(storage, SESSION_KEY, { ...current, refreshToken });
    },
    clear: () => remove(storage, SESSION_KEY),
  };
}
