// Facts about where the pane runs: the mailbox's own address, and why Outlook opened the pane (the
// first-use prompt or the Smart Alerts button pass a context; see addin/send-event/ids.ts).
import { officeCall } from './async-result';
import { hasMailbox, isSetSupported } from './requirements';

/** The signed-in mailbox's address (the user's own, also when composing from a shared mailbox); null outside Outlook. */
export function mailboxAddress(): string | null {
  if (!hasMailbox()) return null;
  const address = Office.context.mailbox.userProfile?.emailAddress;
  return typeof address === 'string' && address !== '' ? address : null;
}

/**
 * Whether the pane runs on a message being composed (not on one being read): in compose mode the
 * item's subject is an object with getAsync, in read mode a plain string.
 */
export function isComposing(): boolean {
  if (!hasMailbox()) return false;
  const item = Office.context.mailbox.item as { itemType?: unknown; subject?: unknown } | null | undefined;
  if (!item || String(item.itemType) !== 'message') return false;
  const subject = item.subject as { getAsync?: unknown } | string | undefined;
  return typeof subject === 'object' && subject !== null && typeof subject.getAsync === 'function';
}

export type LaunchReason = 'onboarding' | 'smart-alert' | 'ribbon';

/**
 * Why the pane was opened: from the first-use notification, from the Smart Alerts dialog, or else
 * from the ribbon. Mailbox 1.8; Outlook may answer with null or an error when there is no context.
 */
export async function getLaunchReason(): Promise<LaunchReason> {
  if (!hasMailbox() || !isSetSupported('1.8')) return 'ribbon';
  const item = Office.context.mailbox.item as Office.MessageCompose | undefined;
  if (!item || typeof item.getInitializationContextAsync !== 'function') return 'ribbon';
  let context: unknown;
  try {
    context = await officeCall<string>('getInitializationContextAsync', (callback) => item.getInitializationContextAsync(callback));
  } catch {
    return 'ribbon';
  }
  let parsed: unknown = context;
  if (typeof context === 'string') {
    try {
      parsed = JSON.parse(context);
    } catch {
      return 'ribbon';
    }
  }
  const reason = parsed && typeof parsed === 'object' ? (parsed as { zegel?: unknown }).zegel : undefined;
  return reason === 'onboarding' || reason === 'smart-alert' ? reason : 'ribbon';
}
