// What the user sees of a verified receipt, and what goes into the evidence note and the download:
// time, message id, on whose behalf (with the BAR/KBvG number), recipients, the attachments' names and
// SHA-256 (of the plaintext files, from the signed manifest, so the user can hash her own copy), and
// the signed JWS itself, which anyone can verify offline.
import type { Manifest } from '../../shared/crypto/messages';
import type { ReceiptPayload } from '../../shared/crypto/receipt';
import { addressPart, isCourtAddress } from '../../shared/court/recipients';
import { textsFor } from './texts';

export interface ReceiptView {
  messageId: string;
  serverTime: string;
  principal: { accountId: string; email: string; self: boolean; professionalNumber: string | null; kind: 'lawyer' | 'bailiff' | null };
  actor: { accountId: string; email: string | null };
  /** As the draft named them (display names kept), court recipients and guests (access code, no account) marked. */
  recipients: { field: 'to' | 'cc' | 'bcc'; emailAddress: string; displayName: string; court: boolean; guest?: boolean }[];
  subject: string;
  attachments: { name: string; size: number; sha256: string }[];
  jws: string;
  payload: ReceiptPayload;
}

export function buildReceiptView(options: {
  payload: ReceiptPayload;
  jws: string;
  manifest: Manifest;
  subject: string;
  principal: { email: string; self: boolean };
  actorEmail: string | null;
  recipients: readonly { field: 'to' | 'cc' | 'bcc'; emailAddress: string; displayName: string }[];
  /** Addresses that received the message as guests (lowercase). */
  guests?: readonly string[];
}): ReceiptView {
  const { payload } = options;
  const guests = new Set(options.guests ?? []);
  return {
    messageId: payload.messageId,
    serverTime: payload.serverTime,
    principal: { accountId: payload.principal.accountId, email: options.principal.email, self: options.principal.self, professionalNumber: payload.principal.professionalNumber, kind: payload.principal.kind },
    actor: { accountId: payload.actor.accountId, email: options.actorEmail },
    recipients: options.recipients.map((r) => ({ ...r, court: isCourtAddress(r.emailAddress), ...(guests.has(addressPart(r.emailAddress).toLowerCase()) ? { guest: true } : {}) })),
    subject: options.subject,
    attachments: options.manifest.parts.flatMap((p) => (p.role === 'attachment' ? [{ name: p.name, size: p.size, sha256: p.sha256 }] : [])),
    jws: options.jws,
    payload,
  };
}

/** The server's time in Dutch time, with the UTC instant alongside (the receipt's own words). */
export function formatServerTime(iso: string, language: 'nl' | 'en'): string {
  const local = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeStyle: 'medium', timeZone: 'Europe/Amsterdam' }).format(new Date(iso));
  return `${local} (${iso})`;
}

export function recipientLabel(r: { emailAddress: string; displayName: string }): string {
  const name = r.displayName.trim();
  return name !== '' && name.toLowerCase() !== r.emailAddress.trim().toLowerCase() ? `${name} <${r.emailAddress.trim()}>` : r.emailAddress.trim();
}

function numberText(view: ReceiptView, none: string): string {
  return view.principal.professionalNumber ? view.principal.professionalNumber : none;
}

function recipientMark(r: ReceiptView['recipients'][number], n: ReturnType<typeof textsFor>['note']): string | null {
  return r.court ? n.court : r.guest ? n.guest : null;
}

/**
 * The note's lines, as plain text (also what a text-only client shows). Guests are named with their
 * address only: their link and code never go into the note (evidence.ts says why).
 */
export function receiptSummaryLines(view: ReceiptView, language: 'nl' | 'en'): string[] {
  const n = textsFor(language).note;
  const hasGuests = view.recipients.some((r) => r.guest);
  const lines = [
    n.title,
    '',
    n.intro,
    '',
    `${n.time}: ${formatServerTime(view.serverTime, language)}`,
    `${n.messageId}: ${view.messageId}`,
    `${n.principal}: ${view.principal.email}`,
    ...(view.principal.self ? [] : [`${n.actor}: ${view.actor.email ?? view.actor.accountId}`]),
    `${n.number}: ${numberText(view, n.none)}`,
    `${n.subject}: ${view.subject}`,
    `${n.recipients}:`,
    ...view.recipients.map((r) => `- ${recipientLabel(r)}${recipientMark(r, n) ? ` (${recipientMark(r, n)})` : ''}`),
    ...(hasGuests ? [n.guests] : []),
    `${n.attachments}:`,
    ...(view.attachments.length === 0 ? [`- ${n.none}`] : view.attachments.map((a) => `- ${a.name}: ${a.sha256}`)),
    '',
    n.jws,
    view.jws,
  ];
  return lines;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The note's body as HTML: every value escaped (names and subjects come from the draft). */
export function receiptSummaryHtml(view: ReceiptView, language: 'nl' | 'en'): string {
  const n = textsFor(language).note;
  const e = escapeHtml;
  const row = (label: string, value: string) => `<p><b>${e(label)}:</b> ${e(value)}</p>`;
  const recipients = view.recipients
    .map((r) => {
      const mark = recipientMark(r, n);
      return `<li>${e(recipientLabel(r))}${mark ? ` (${e(mark)})` : ''}</li>`;
    })
    .join('');
  const attachments = view.attachments.length === 0 ? `<li>${e(n.none)}</li>` : view.attachments.map((a) => `<li>${e(a.name)}: <code>${e(a.sha256)}</code></li>`).join('');
  return [
    '<div>',
    `<h2>${e(n.title)}</h2>`,
    `<p>${e(n.intro)}</p>`,
    row(n.time, formatServerTime(view.serverTime, language)),
    row(n.messageId, view.messageId),
    row(n.principal, view.principal.email),
    view.principal.self ? '' : row(n.actor, view.actor.email ?? view.actor.accountId),
    row(n.number, numberText(view, n.none)),
    row(n.subject, view.subject),
    `<p><b>${e(n.recipients)}:</b></p><ul>${recipients}</ul>`,
    view.recipients.some((r) => r.guest) ? `<p>${e(n.guests)}</p>` : '',
    `<p><b>${e(n.attachments)}:</b></p><ul>${attachments}</ul>`,
    `<p>${e(n.jws)}</p>`,
    `<pre style="white-space:pre-wrap;word-break:break-all">${e(view.jws)}</pre>`,
    '</div>',
  ].join('');
}

/** The download: the JWS (the evidence) with what the user needs to read it, no key material. */
export function receiptJson(view: ReceiptView): string {
  return `${JSON.stringify(
    {
      format: 'zegel-receipt-download',
      version: 1,
      messageId: view.messageId,
      serverTime: view.serverTime,
      principal: view.principal,
      actor: view.actor,
      recipients: view.recipients,
      subject: view.subject,
      attachments: view.attachments,
      receipt: view.jws,
      payload: view.payload,
    },
    null,
    2,
  )}\n`;
}
