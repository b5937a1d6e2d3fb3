// Reads the draft once, whole, through the compose capabilities: what the pane shows and what the
// checks and the encryption use. Read again when the user presses Send, since the draft may have
// changed while the pane was open.
import type { ComposeAttachment, Recipient } from '../office/compose';
import { isCourtAddress } from '../../shared/court/recipients';
import type { ComposeCapabilities } from './types';

export interface DraftRecipient extends Recipient {
  field: 'to' | 'cc' | 'bcc';
  court: boolean;
}

export interface DraftSnapshot {
  recipients: DraftRecipient[];
  from: Recipient | null;
  subject: string;
  bodyHtml: string;
  bodyText: string;
  attachments: ComposeAttachment[];
}

/** Attachments with content need Mailbox 1.8; without it the draft cannot be sent from the pane. */
export class OutlookTooOldError extends Error {
  constructor() {
    super('Mailbox 1.8 is needed to read attachments');
    this.name = 'OutlookTooOldError';
  }
}

export async function readDraft(compose: ComposeCapabilities): Promise<DraftSnapshot> {
  if (!compose.isSetSupported('1.8')) throw new OutlookTooOldError();
  const [lists, from, subject, bodyHtml, bodyText, attachments] = await Promise.all([
    compose.getComposeRecipients(),
    compose.getFrom(),
    compose.getSubject(),
    compose.getBody('html'),
    compose.getBody('text'),
    compose.getAttachments(),
  ]);
  const recipients: DraftRecipient[] = [];
  for (const field of ['to', 'cc', 'bcc'] as const) {
    for (const r of lists[field]) recipients.push({ ...r, field, court: isCourtAddress(r.emailAddress) });
  }
  return { recipients, from, subject, bodyHtml, bodyText, attachments };
}
