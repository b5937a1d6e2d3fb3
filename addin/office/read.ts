// The message open in Outlook's reading pane, as promises: subject, sender and body. The add-in's
// inbox view uses it to open the secure message a Zegel notification e-mail points to (the link
// format and the check of its origin live in addin/webapp/notification-link.ts). Read mode only.
import { officeCall } from './async-result';
import { hasMailbox } from './requirements';

export interface ReadItem {
  subject: string;
  from: { emailAddress: string; displayName: string } | null;
  /** Who actually sent it (differs from `from` when a delegate sent on someone's behalf). */
  sender: { emailAddress: string; displayName: string } | null;
  /** The body as HTML, as Outlook hands it over (links intact). */
  bodyHtml: string;
}

function readItem(): Office.MessageRead | null {
  if (!hasMailbox()) return null;
  const item = Office.context.mailbox.item as Office.MessageRead | undefined;
  // In read mode the subject is a string; a draft's is an object with getAsync.
  if (!item || typeof item.subject !== 'string') return null;
  return item;
}

/** The current read item, or null when the pane runs outside Outlook or on a draft. */
export async function getReadItem(): Promise<ReadItem | null> {
  const item = readItem();
  if (!item) return null;
  const bodyHtml = await officeCall<string>('body.getAsync', (callback) => item.body.getAsync(Office.CoercionType.Html, callback));
  const person = (details: Office.EmailAddressDetails | undefined) => (details ? { emailAddress: String(details.emailAddress ?? ''), displayName: String(details.displayName ?? '') } : null);
  return { subject: item.subject, from: person(item.from), sender: person(item.sender), bodyHtml: String(bodyHtml ?? '') };
}
