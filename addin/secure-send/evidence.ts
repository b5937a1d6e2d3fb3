// The evidence copy: once the receipt is verified, the draft becomes a note to the user's own address
// (recipients named in the body, the body replaced by the receipt summary, attachments removed,
// subject prefixed) and is sent, so Sent Items holds the evidence and no plaintext reaches the court
// by ordinary mail. OnMessageSend sees no court recipient and lets it pass: no marker to forge.
// Recipients go first, so that a failure half-way never leaves a court recipient beside changed
// content; before sending, the draft is read back and must hold only the user's address and no
// attachment (fail closed: otherwise nothing is sent and the user is told).
import { isCourtAddress } from '../../shared/court/recipients';
import type { ComposeCapabilities } from './types';

export type EvidenceStep = 'own-address' | 'recipients' | 'attachments' | 'body' | 'subject' | 'verify';

export class EvidenceError extends Error {
  readonly step: EvidenceStep;

  constructor(step: EvidenceStep, cause?: unknown) {
    super(`evidence note: ${step} failed`, { cause });
    this.name = 'EvidenceError';
    this.step = step;
  }
}

/** 'sent': Outlook sent the note; 'press-send': the note is ready and the user presses Send. */
export type EvidenceOutcome = 'sent' | 'press-send';

export interface EvidenceInput {
  compose: ComposeCapabilities;
  /** The original subject (the prefix is added once). */
  subject: string;
  subjectPrefix: string;
  /** The receipt summary, HTML (receipt-view.ts). */
  bodyHtml: string;
  /** Ids of the draft's attachments as read before sending. */
  attachmentIds: readonly string[];
  /**
   * What must never be written into the note: each guest's link and its fragment secret. The note is
   * evidence, meant to be kept, filed and shown (to a court, a client, a colleague, an archive), and it
   * sits in the user's own mailbox, which her secretaries, mail archives and backups read too. Whoever
   * holds the link and the code reads the message, and the server never sees the secret, so a copy of
   * it in the note would be the one place it could leak from; the note names guests by address only.
   * The access code is never put into it at all: it travels by phone, not by mail.
   */
  secrets?: readonly string[];
}

async function step<T>(name: EvidenceStep, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new EvidenceError(name, error);
  }
}

export async function makeEvidenceCopy(input: EvidenceInput): Promise<EvidenceOutcome> {
  const { compose } = input;
  const own = compose.mailboxAddress();
  if (!own || isCourtAddress(own)) throw new EvidenceError('own-address');
  // Fail closed before the draft is touched: a note that would carry a guest's secret is not made.
  const secrets = (input.secrets ?? []).filter((secret) => secret !== '');
  if (secrets.some((secret) => input.bodyHtml.includes(secret) || input.subject.includes(secret))) throw new EvidenceError('body');

  await step('recipients', () => compose.setRecipients({ to: [own], cc: [], bcc: [] }));
  await step('attachments', async () => {
    for (const id of input.attachmentIds) {
      try {
        await compose.removeAttachment(id);
      } catch (error) {
        // Already gone (removed by the user meanwhile) is what we want; anything else is a failure.
        if ((error as { officeName?: unknown } | null)?.officeName !== 'InvalidAttachmentId') throw error;
      }
    }
  });
  await step('body', () => compose.setBody(input.bodyHtml, 'html'));
  const subject = input.subject.startsWith(input.subjectPrefix) ? input.subject : `${input.subjectPrefix} ${input.subject}`.trim();
  await step('subject', () => compose.setSubject(subject));

  await step('verify', async () => {
    const recipients = await compose.getComposeRecipients();
    const all = [...recipients.to, ...recipients.cc, ...recipients.bcc];
    const onlyOwn = all.length > 0 && all.every((r) => r.emailAddress.trim().toLowerCase() === own.trim().toLowerCase());
    if (!onlyOwn || all.some((r) => isCourtAddress(r.emailAddress))) throw new Error('the note still has other recipients');
    if ((await compose.getAttachments()).length > 0) throw new Error('the note still has attachments');
  });

  try {
    return (await compose.sendItem()) === 'sent' ? 'sent' : 'press-send';
  } catch {
    // Outlook refused to send it from the pane; the note is ready, the user can press Send.
    return 'press-send';
  }
}
