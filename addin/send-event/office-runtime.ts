// Callback-style Office.js helpers for the event handlers. Classic Outlook on Windows runs them in an
// ES2016 JavaScript-only runtime: no promises from Office, no DOM, no `?:`. Every helper calls its
// callback exactly once, also when Office fails or throws, so a handler's completion path stays whole.
import type { RecipientLike } from '../../shared/court/recipients';
import { GROUPS_CHECKED_KEY } from './ids';

/** Every handler completes within this time, well before Outlook's 5-minute limit for launch events. */
export const SAFETY_TIMEOUT_MS = 8000;

export function supports(version: string): boolean {
  try {
    return Boolean(Office.context.requirements.isSetSupported('Mailbox', version));
  } catch (e) {
    return false;
  }
}

function succeeded(result: { status: unknown } | undefined): boolean {
  return Boolean(result) && (result as { status: unknown }).status === Office.AsyncResultStatus.Succeeded;
}

/**
 * Wraps a completion so that it runs once: the safety timer is cancelled first, later calls are
 * ignored, and when the timer fires first the completion runs with `timeoutValue`.
 */
export function completeOnce<T>(complete: (value: T) => void, timeoutMs: number, timeoutValue: T): (value: T) => void {
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  function finish(value: T): void {
    if (done) return;
    done = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    try {
      complete(value);
    } catch (e) {
      // Outlook refused the completion. Nothing else can be done from here, and a throw would only
      // reach the timer or Office's dispatcher.
    }
  }
  if (typeof setTimeout === 'function') {
    timer = setTimeout(function () {
      timer = undefined;
      finish(timeoutValue);
    }, timeoutMs);
  }
  return finish;
}

export function composeItem(): Office.MessageCompose {
  return Office.context.mailbox.item as Office.MessageCompose;
}

type RecipientField = 'to' | 'cc' | 'bcc';
const FIELDS: RecipientField[] = ['to', 'cc', 'bcc'];

function toRecipients(value: unknown): RecipientLike[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list: RecipientLike[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const r = value[i] as Office.EmailAddressDetails | undefined;
    if (!r) continue;
    list.push({ emailAddress: String(r.emailAddress || ''), displayName: String(r.displayName || ''), recipientType: r.recipientType });
  }
  return list;
}

/**
 * Reads To, Cc and Bcc. `failed` is true when any field could not be read; the lists are then
 * incomplete and must not be used to allow a send. A synchronous throw propagates to the caller.
 */
export function readAllRecipients(callback: (failed: boolean, lists: RecipientLike[][]) => void): void {
  const item = composeItem();
  const lists: RecipientLike[][] = [[], [], []];
  const answered = [false, false, false];
  let failed = false;
  let reported = false;
  FIELDS.forEach(function (field, index) {
    item[field].getAsync(function (result: Office.AsyncResult<Office.EmailAddressDetails[]>) {
      if (answered[index]) return;
      answered[index] = true;
      let list: RecipientLike[] | undefined;
      if (succeeded(result)) list = toRecipients(result.value);
      if (list) lists[index] = list;
      else failed = true;
      if (reported || !answered[0] || !answered[1] || !answered[2]) return;
      reported = true;
      callback(failed, lists);
    });
  });
}

/** Shows or replaces a notification; `callback(true)` when Outlook accepted it. */
export function replaceNotice(key: string, details: Office.NotificationMessageDetails, callback: (shown: boolean) => void): void {
  let called = false;
  function done(shown: boolean): void {
    if (called) return;
    called = true;
    callback(shown);
  }
  try {
    composeItem().notificationMessages.replaceAsync(key, details, function (result: Office.AsyncResult<void>) {
      done(succeeded(result));
    });
  } catch (e) {
    done(false);
  }
}

/** Removes a notification; a key that is not there is not an error worth reporting. */
export function removeNotice(key: string, callback: () => void): void {
  let called = false;
  function done(): void {
    if (called) return;
    called = true;
    callback();
  }
  try {
    composeItem().notificationMessages.removeAsync(key, function () {
      done();
    });
  } catch (e) {
    done();
  }
}

function sessionDataAvailable(item: Office.MessageCompose): boolean {
  // Some Outlook builds report Mailbox 1.11 but leave these methods undefined (office-js#4154).
  const data = item.sessionData as Office.SessionData | undefined;
  return supports('1.11') && Boolean(data) && typeof (data as Office.SessionData).getAsync === 'function' && typeof (data as Office.SessionData).setAsync === 'function';
}

/** Reads the custom property that backs up session data; '' when absent or unreadable. */
function readCustomProperty(item: Office.MessageCompose, callback: (value: string) => void): void {
  let called = false;
  function done(value: string): void {
    if (called) return;
    called = true;
    callback(value);
  }
  try {
    item.loadCustomPropertiesAsync(function (result: Office.AsyncResult<Office.CustomProperties>) {
      try {
        if (!succeeded(result) || !result.value) {
          done('');
          return;
        }
        const value: unknown = result.value.get(GROUPS_CHECKED_KEY);
        if (typeof value === 'string') done(value);
        else done('');
      } catch (e) {
        done('');
      }
    });
  } catch (e) {
    done('');
  }
}

function writeCustomProperty(item: Office.MessageCompose, value: string, callback: (stored: boolean) => void): void {
  let called = false;
  function done(stored: boolean): void {
    if (called) return;
    called = true;
    callback(stored);
  }
  try {
    item.loadCustomPropertiesAsync(function (result: Office.AsyncResult<Office.CustomProperties>) {
      try {
        if (!succeeded(result) || !result.value) {
          done(false);
          return;
        }
        const props = result.value;
        props.set(GROUPS_CHECKED_KEY, value);
        props.saveAsync(function (saved: Office.AsyncResult<void>) {
          done(succeeded(saved));
        });
      } catch (e) {
        done(false);
      }
    });
  } catch (e) {
    done(false);
  }
}

/**
 * The group warnings the user has seen for this draft: the value in session data (Mailbox 1.11)
 * and the custom property that backs it up. Anything unreadable counts as not seen.
 */
export function readAcknowledged(callback: (fingerprints: string[]) => void): void {
  const item = composeItem();
  const found: string[] = [];
  let called = false;
  function done(): void {
    if (called) return;
    called = true;
    callback(found);
  }
  function fromCustomProperty(): void {
    readCustomProperty(item, function (value) {
      if (value !== '') found.push(value);
      done();
    });
  }
  if (!sessionDataAvailable(item)) {
    fromCustomProperty();
    return;
  }
  try {
    item.sessionData.getAsync(GROUPS_CHECKED_KEY, function (result: Office.AsyncResult<string>) {
      if (succeeded(result) && typeof result.value === 'string' && result.value !== '') found.push(result.value);
      fromCustomProperty();
    });
  } catch (e) {
    fromCustomProperty();
  }
}

/**
 * Remembers that the user saw the warning for these groups: in session data, which lives as long as
 * the draft is open and never travels with the message; when that fails, in a custom property on
 * the draft. `callback(false)` when neither could be written.
 */
export function writeAcknowledged(fingerprint: string, callback: (stored: boolean) => void): void {
  const item = composeItem();
  let called = false;
  function done(stored: boolean): void {
    if (called) return;
    called = true;
    callback(stored);
  }
  function toCustomProperty(): void {
    writeCustomProperty(item, fingerprint, done);
  }
  if (!sessionDataAvailable(item)) {
    toCustomProperty();
    return;
  }
  try {
    item.sessionData.setAsync(GROUPS_CHECKED_KEY, fingerprint, function (result: Office.AsyncResult<void>) {
      if (succeeded(result)) done(true);
      else toCustomProperty();
    });
  } catch (e) {
    toCustomProperty();
  }
}
