// The message being composed, as promises: recipients, From, subject, body and attachments, and the
// writes Secure send makes when it turns the draft into a note to the sender. Components receive
// these functions as capabilities; nothing outside addin/office/ calls Office.js.
import { OfficeError, officeCall } from './async-result';
import { isSetSupported } from './requirements';

export type RecipientType = 'user' | 'externalUser' | 'distributionList' | 'other';

export interface Recipient {
  emailAddress: string;
  displayName: string;
  recipientType: RecipientType;
}

export interface ComposeRecipients {
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
}

export type RecipientInput = string | { emailAddress: string; displayName?: string };

export type BodyFormat = 'html' | 'text';

export interface ComposeAttachment {
  id: string;
  name: string;
  contentType: string;
  /** Size as Outlook reports it, in bytes. */
  size: number;
  kind: 'file' | 'item' | 'cloud';
  isInline: boolean;
  /** The bytes of a file, or the .eml of an attached item; null for cloud attachments. */
  content: Uint8Array | null;
  /** The link of a cloud attachment, else null. */
  url: string | null;
}

/** 'sent' once Outlook accepted the send; 'unsupported' when the pane must ask the user to press Send. */
export type SendResult = 'sent' | 'unsupported';

function item(): Office.MessageCompose {
  const current = Office.context.mailbox.item as Office.MessageCompose | undefined;
  if (!current) throw new Error('No mail item is open');
  return current;
}

const RECIPIENT_TYPES: readonly string[] = ['user', 'externalUser', 'distributionList', 'other'];

function toRecipient(details: Office.EmailAddressDetails): Recipient {
  const type = String(details.recipientType ?? 'other');
  return {
    emailAddress: String(details.emailAddress ?? ''),
    displayName: String(details.displayName ?? ''),
    recipientType: (RECIPIENT_TYPES.includes(type) ? type : 'other') as RecipientType,
  };
}

function readField(field: 'to' | 'cc' | 'bcc'): Promise<Recipient[]> {
  return officeCall<Office.EmailAddressDetails[]>(`${field}.getAsync`, (callback) => item()[field].getAsync(callback)).then((list) => (list ?? []).map(toRecipient));
}

export async function getComposeRecipients(): Promise<ComposeRecipients> {
  const [to, cc, bcc] = await Promise.all([readField('to'), readField('cc'), readField('bcc')]);
  return { to, cc, bcc };
}

/** Replaces the given recipient fields; fields left out stay as they are. */
export async function setRecipients(recipients: Partial<Record<'to' | 'cc' | 'bcc', RecipientInput[]>>): Promise<void> {
  for (const field of ['to', 'cc', 'bcc'] as const) {
    const list = recipients[field];
    if (!list) continue;
    const entries = list.map((r) => (typeof r === 'string' ? r : { emailAddress: r.emailAddress, displayName: r.displayName ?? r.emailAddress }));
    await officeCall<void>(`${field}.setAsync`, (callback) => item()[field].setAsync(entries, callback));
  }
}

/** The From address (Mailbox 1.7 in compose); null when this client cannot tell. */
export async function getFrom(): Promise<Recipient | null> {
  const from = (item() as Partial<Office.MessageCompose>).from;
  if (!from || typeof from.getAsync !== 'function') return null;
  const value = await officeCall<Office.EmailAddressDetails>('from.getAsync', (callback) => from.getAsync(callback));
  return value ? toRecipient({ ...value, recipientType: value.recipientType ?? 'user' }) : null;
}

export function getSubject(): Promise<string> {
  const subject: unknown = Office.context.mailbox.item?.subject;
  if (typeof subject === 'string') return Promise.resolve(subject);
  return officeCall<string>('subject.getAsync', (callback) => item().subject.getAsync(callback)).then((s) => s ?? '');
}

export function setSubject(subject: string): Promise<void> {
  return officeCall<void>('subject.setAsync', (callback) => item().subject.setAsync(subject, callback));
}

function coercion(format: BodyFormat): Office.CoercionType {
  return format === 'html' ? Office.CoercionType.Html : Office.CoercionType.Text;
}

export function getBody(format: BodyFormat): Promise<string> {
  return officeCall<string>('body.getAsync', (callback) => item().body.getAsync(coercion(format), callback)).then((b) => b ?? '');
}

export function setBody(content: string, format: BodyFormat): Promise<void> {
  return officeCall<void>('body.setAsync', (callback) => item().body.setAsync(content, { coercionType: coercion(format) }, callback));
}

function bytesFromBase64(base64: string): Uint8Array {
  const binary = atob(base64.replace(/\s/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function contentBytes(content: Office.AttachmentContent): { content: Uint8Array | null; url: string | null } {
  const format = String(content.format);
  if (format === 'base64') return { content: bytesFromBase64(content.content), url: null };
  if (format === 'eml' || format === 'iCalendar') return { content: new TextEncoder().encode(content.content), url: null };
  if (format === 'url') return { content: null, url: content.content };
  throw new OfficeError({ name: 'UnexpectedAttachmentFormat', message: format }, 'getAttachmentContentAsync');
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  zip: 'application/zip',
  eml: 'message/rfc822',
  msg: 'application/vnd.ms-outlook',
};

/** Compose-mode details carry no content type (only read mode does): fall back on the extension. */
function contentTypeOf(details: Office.AttachmentDetailsCompose, kind: ComposeAttachment['kind']): string {
  const given: unknown = (details as { contentType?: unknown }).contentType;
  if (typeof given === 'string' && given !== '') return given;
  if (kind === 'item') return 'message/rfc822';
  const extension = /\.([a-z0-9]+)$/i.exec(details.name)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/**
 * Every attachment with its content (Mailbox 1.8). Inline images are included and marked; the caller
 * decides what to do with them. Rejects when any content cannot be read: a missing part must never
 * be sent as if it were complete.
 */
export async function getAttachments(): Promise<ComposeAttachment[]> {
  const current = item();
  const list = await officeCall<Office.AttachmentDetailsCompose[]>('getAttachmentsAsync', (callback) => current.getAttachmentsAsync(callback));
  return Promise.all(
    (list ?? []).map(async (details) => {
      const content = await officeCall<Office.AttachmentContent>('getAttachmentContentAsync', (callback) => current.getAttachmentContentAsync(details.id, callback));
      const kind = String(details.attachmentType) as ComposeAttachment['kind'];
      return {
        id: details.id,
        name: details.name,
        contentType: contentTypeOf(details, kind),
        size: details.size,
        kind,
        isInline: Boolean(details.isInline),
        ...contentBytes(content),
      };
    }),
  );
}

export function removeAttachment(id: string): Promise<void> {
  return officeCall<void>('removeAttachmentAsync', (callback) => item().removeAttachmentAsync(id, callback));
}

/**
 * Sends the draft (Mailbox 1.15). 'unsupported' when the client lacks 1.15 or refuses the call
 * outright: sendAsync needs the ReadWriteMailbox permission, and Office.js throws without it. Then
 * the pane asks the user to press Send; OnMessageSend, seeing no court recipient, lets the note pass.
 */
export function sendItem(): Promise<SendResult> {
  if (!isSetSupported('1.15')) return Promise.resolve('unsupported');
  const current = item();
  if (typeof current.sendAsync !== 'function') return Promise.resolve('unsupported');
  return new Promise<SendResult>((resolve, reject) => {
    let settled = false;
    try {
      current.sendAsync((result: Office.AsyncResult<void>) => {
        if (settled) return;
        settled = true;
        if (result && result.status === Office.AsyncResultStatus.Succeeded) resolve('sent');
        else reject(new OfficeError(result ? result.error : undefined, 'sendAsync'));
      });
    } catch {
      // Nothing was sent: Office refused before sending (permission or host limits).
      settled = true;
      resolve('unsupported');
    }
  });
}

/**
 * Calls `listener` whenever To, Cc or Bcc change (Mailbox 1.7 RecipientsChanged). Resolves with a
 * function that stops listening.
 */
export async function onRecipientsChanged(listener: () => void): Promise<() => Promise<void>> {
  const current = item();
  await officeCall<void>('addHandlerAsync', (callback) => current.addHandlerAsync(Office.EventType.RecipientsChanged, () => listener(), callback));
  return () => officeCall<void>('removeHandlerAsync', (callback) => current.removeHandlerAsync(Office.EventType.RecipientsChanged, callback));
}
