// Holds the unlocked account keys while the pane is open: in memory only, wiped at logout. A small
// interface so a vault that keeps a non-extractable WebCrypto key in IndexedDB (expiring with the
// session's idle limit) can replace this one without touching the screens.
import type { UnlockedAccountKeys } from '../../shared/crypto/account-keys';

export type { UnlockedAccountKeys };

export interface KeyVault {
  get: () => UnlockedAccountKeys | null;
  set: (keys: UnlockedAccountKeys) => void;
  /** Forgets the keys and overwrites the user key's bytes. */
  clear: () => void;
}

export function memoryKeyVault(): KeyVault {
  let held: UnlockedAccountKeys | null = null;
  return {
    get: () => held,
    set(keys) {
      if (held && held.userKey !== keys.userKey) held.userKey.fill(0);
      held = keys;
    },
    clear() {
      held?.userKey.fill(0);
      held = null;
    },
  };
}
