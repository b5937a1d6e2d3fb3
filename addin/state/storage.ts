// The slice of Web Storage the app uses, so tests and hosts without storage can pass their own.
// Every key the app writes starts with STORAGE_PREFIX; nothing secret is written to localStorage.

export interface KeyValueStorage {
  getItem: (key: string) => string | null;
  setItem: (key: string, value: string) => void;
  removeItem: (key: string) => void;
}

export const STORAGE_PREFIX = 'zegel:v1:';

/** A storage that forgets everything (when the host has none or refuses it, e.g. blocked third-party storage). */
export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** window.localStorage or window.sessionStorage when usable, else memory. Reading the property itself can throw. */
export function browserStorage(kind: 'localStorage' | 'sessionStorage'): KeyValueStorage {
  try {
    const storage = typeof window !== 'undefined' ? window[kind] : undefined;
    if (!storage) return memoryStorage();
    const probe = `${STORAGE_PREFIX}probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return memoryStorage();
  }
}

export function readJson<T>(storage: KeyValueStorage, key: string, isValid: (value: unknown) => value is T): T | null {
  try {
    const text = storage.getItem(key);
    if (text === null) return null;
    const value = JSON.parse(text) as unknown;
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

export function writeJson(storage: KeyValueStorage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Full or refused storage: the app still works, it only cannot resume.
  }
}

export function remove(storage: KeyValueStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // as above
  }
}
