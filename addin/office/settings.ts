// The user's roaming settings (stored in their mailbox, shared by all their Outlook clients; 32 KB).
import { officeCall } from './async-result';
import { hasMailbox } from './requirements';

/** A saved setting, or undefined when absent or outside Outlook. */
export function roamingGet(key: string): unknown {
  if (!hasMailbox()) return undefined;
  const value: unknown = Office.context.roamingSettings.get(key);
  return value === null ? undefined : value;
}

/** Sets a value (JSON-serialisable) and saves the settings to the mailbox; rejects beyond 32 KB. */
export async function roamingSet(key: string, value: unknown): Promise<void> {
  Office.context.roamingSettings.set(key, value);
  return officeCall<void>('roamingSettings.saveAsync', (callback) => Office.context.roamingSettings.saveAsync(callback));
}

/** Removes a setting and saves the settings to the mailbox. */
export async function roamingRemove(key: string): Promise<void> {
  Office.context.roamingSettings.remove(key);
  return officeCall<void>('roamingSettings.saveAsync', (callback) => Office.context.roamingSettings.saveAsync(callback));
}
