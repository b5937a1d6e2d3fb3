// Pre-flight checks of Secure send: everything that must hold before a single byte is encrypted or
// uploaded. A PDF that does not open has cost lawyers their appeal, so every PDF is parsed here and a
// broken, cut-off, protected or empty one is refused by name. Pure apart from parsing: the pane gathers
// the facts (draft, directory answers, fingerprints it computed itself, court connection) and shows
// the verdict. Court keys must match a pinned fingerprint; people's keys are trusted on first use and a
// changed one needs the user's explicit confirmation (shared/keys/trust.ts). A recipient without a key
// may be given an access code (a "guest", api/guests) when the caller says so — never a court address
// or an organisation unit, which read only with their own keys: a unit without a key yet cannot receive
// secure messages at all, and is named as such.
import { PDFArray, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { addressPart, domainOf, isCourtAddress } from '../../shared/court/recipients';
import { courtKeyTrust } from '../../shared/keys/trust';
import { ADDIN_MAX_ATTACHMENTS, ADDIN_MAX_RECIPIENTS, ADDIN_MAX_TOTAL_BYTES } from './limits';
import type { ConnectionProblem, DirectoryEntry } from './types';

export type PdfProblem = 'not-a-pdf' | 'incomplete' | 'damaged' | 'encrypted' | 'no-pages' | 'pages-missing';
export type PdfVerdict = { ok: true; pages: number } | { ok: false; problem: PdfProblem };

const PDF_HEADER = '%PDF-';
const EOF_MARKER = '%%EOF';
/** The header may follow some bytes of junk, and the end marker be followed by some (as readers allow). */
const SLACK_BYTES = 1024;

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** A PDF by name, declared type or content: each of them means it must open. */
export function looksLikePdf(attachment: { name: string; contentType: string; content: Uint8Array | null }): boolean {
  if (/\.pdf$/i.test(attachment.name.trim())) return true;
  if (/^application\/(x-)?pdf\b/i.test(attachment.contentType)) return true;
  return attachment.content !== null && latin1(attachment.content.subarray(0, SLACK_BYTES)).includes(PDF_HEADER);
}

/**
 * Opens a PDF as a reader would: a header, an end marker (a file cut off in transfer has none), every
 * object well-formed, not encrypted (password or restrictions: courts refuse protected files), at least
 * one page, as many pages as the page tree declares, and every page's content present.
 */
export async function checkPdf(bytes: Uint8Array): Promise<PdfVerdict> {
  if (!latin1(bytes.subarray(0, SLACK_BYTES)).includes(PDF_HEADER)) return { ok: false, problem: 'not-a-pdf' };
  if (!latin1(bytes.subarray(Math.max(0, bytes.length - SLACK_BYTES))).includes(EOF_MARKER)) return { ok: false, problem: 'incomplete' };
  let doc: PDFDocument;
  try {
    // Encryption is read from the trailer below, so the refusal does not depend on an error message.
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, throwOnInvalidObject: true, updateMetadata: false });
  } catch {
    return { ok: false, problem: 'damaged' };
  }
  if (doc.isEncrypted) return { ok: false, problem: 'encrypted' };
  try {
    const pages = doc.getPages();
    if (pages.length === 0) return { ok: false, problem: 'no-pages' };
    if (doc.catalog.Pages().Count().asNumber() !== pages.length) return { ok: false, problem: 'pages-missing' };
    for (const page of pages) {
      page.getSize();
      const contents = page.node.get(PDFName.of('Contents'));
      const refs = contents instanceof PDFRef ? [contents] : contents instanceof PDFArray ? contents.asArray() : [];
      for (const ref of refs) if (ref instanceof PDFRef && doc.context.lookup(ref) === undefined) return { ok: false, problem: 'pages-missing' };
    }
    return { ok: true, pages: pages.length };
  } catch {
    return { ok: false, problem: 'damaged' };
  }
}

export interface PreflightRecipient {
  emailAddress: string;
  displayName: string;
  recipientType: string;
}

export interface PreflightAttachment {
  id: string;
  name: string;
  contentType: string;
  kind: 'file' | 'item' | 'cloud';
  content: Uint8Array | null;
}

/** A directory answer, with the fingerprint the pane computed from the key itself (null: unreadable). */
export interface KeyFacts {
  entry: DirectoryEntry;
  actualFingerprint: string | null;
}

export interface PreflightPrincipal {
  accountId: string;
  email: string;
  self: boolean;
  /** Only for someone else: her key, to encrypt to as well. */
  publicKey: string | null;
  statedFingerprint: string | null;
  actualFingerprint: string | null;
  /** The principal's Rechtspraak connection; null when unknown (then sending to the court is refused). */
  courtConnection: { active: boolean; problems: ConnectionProblem[] } | null;
}

export interface PreflightInput {
  subject: string;
  /** The body as plain text, to tell whether it is empty. */
  bodyText: string;
  /** UTF-8 bytes of the body as it will be encrypted. */
  bodyBytes: number;
  recipients: readonly PreflightRecipient[];
  attachments: readonly PreflightAttachment[];
  keys: readonly KeyFacts[];
  principal: PreflightPrincipal | null;
  courtKeyPins: readonly string[];
  /** The fingerprint remembered for an address, if any (trust on first use). */
  knownFingerprint: (address: string) => string | undefined;
  /**
   * Addresses the user gave an access code. Given (even empty), recipients without a key that may be
   * guests are listed in `guestCandidates`, and court addresses without a key get their own blocker;
   * left out, every recipient without a key is simply refused.
   */
  guests?: ReadonlySet<string>;
  limits?: { maxTotalBytes?: number; maxAttachments?: number; maxRecipients?: number };
}

export type Blocker =
  | { kind: 'no-recipients' }
  | { kind: 'too-many-recipients'; count: number; max: number }
  | { kind: 'group-recipient'; names: string[] }
  | { kind: 'address-invalid'; names: string[] }
  | { kind: 'recipient-without-key'; addresses: string[] }
  | { kind: 'court-without-key'; addresses: string[] }
  /** Organisation units (the directory names them) that have no key yet: they cannot receive secure messages. */
  | { kind: 'unit-without-key'; addresses: string[] }
  | { kind: 'key-unusable'; addresses: string[] }
  | { kind: 'court-key-not-trusted'; addresses: string[] }
  /** `ended`: the principal chosen before is no longer among those the user may send for. */
  | { kind: 'no-principal'; ended?: boolean }
  | { kind: 'principal-key-missing'; email: string }
  | { kind: 'court-connection-inactive'; self: boolean; email: string; problems: ConnectionProblem[] }
  | { kind: 'too-many-attachments'; count: number; max: number }
  | { kind: 'too-large'; totalBytes: number; maxBytes: number }
  | { kind: 'attachment-cloud'; name: string }
  | { kind: 'attachment-unreadable'; name: string }
  | { kind: 'attachment-empty'; name: string }
  | { kind: 'pdf'; name: string; problem: PdfProblem };

export type Confirmation =
  | { id: string; kind: 'empty-subject' }
  | { id: string; kind: 'empty-body' }
  | { id: string; kind: 'key-changed'; address: string; previousFingerprint: string; fingerprint: string };

export interface EncryptionTarget {
  address: string;
  court: boolean;
  publicKey: string;
  fingerprint: string;
}

export interface PreflightResult {
  blockers: Blocker[];
  /** Warnings the user must confirm one by one before sending. */
  confirmations: Confirmation[];
  /** Fingerprints to remember once the message is sent (first use, or a change the user confirmed). */
  remember: { address: string; fingerprint: string }[];
  /** Every recipient with the key to encrypt to, when there are no blockers. */
  targets: EncryptionTarget[];
  /** Recipients without a key that go as guests with the access code the user gave, when there are no blockers. */
  guests: string[];
  /** Recipients without a key that could be given an access code (with or without one now); only when `guests` was passed. */
  guestCandidates: string[];
  /** The principal's key, when a secretary sends on someone's behalf. */
  principalKey: string | null;
  toCourt: boolean;
}

function normalise(fingerprint: string): string {
  return fingerprint.replace(/\s+/g, '').toLowerCase();
}

function label(r: PreflightRecipient): string {
  return r.displayName.trim() !== '' && r.displayName.trim() !== r.emailAddress.trim() ? `${r.displayName.trim()} <${r.emailAddress.trim()}>` : r.emailAddress.trim();
}

type Trust = { status: 'ok'; remember: boolean } | { status: 'changed'; previous: string };

/** Trust on first use without side effects: the caller remembers once the message has gone. */
function personTrust(address: string, fingerprint: string, known: (address: string) => string | undefined): Trust {
  const seen = known(address.trim().toLowerCase());
  if (seen === undefined) return { status: 'ok', remember: true };
  return normalise(seen) === normalise(fingerprint) ? { status: 'ok', remember: false } : { status: 'changed', previous: normalise(seen) };
}

/** Whether the key's own fingerprint is readable and agrees with what the server says it is. */
function keyAgrees(actual: string | null, stated: string | null | undefined): actual is string {
  return actual !== null && (stated === undefined || stated === null || normalise(stated) === normalise(actual));
}

export async function runPreflight(input: PreflightInput): Promise<PreflightResult> {
  const maxTotalBytes = input.limits?.maxTotalBytes ?? ADDIN_MAX_TOTAL_BYTES;
  const maxAttachments = input.limits?.maxAttachments ?? ADDIN_MAX_ATTACHMENTS;
  const maxRecipients = input.limits?.maxRecipients ?? ADDIN_MAX_RECIPIENTS;
  const blockers: Blocker[] = [];
  const confirmations: Confirmation[] = [];
  const remember: PreflightResult['remember'] = [];
  const targets: EncryptionTarget[] = [];

  // Recipients: one entry per address, groups and unreadable addresses named.
  const groups: string[] = [];
  const invalid: string[] = [];
  const addresses: string[] = [];
  for (const r of input.recipients) {
    if (r.recipientType === 'distributionList') {
      groups.push(label(r));
      continue;
    }
    const address = addressPart(r.emailAddress).toLowerCase();
    if (domainOf(address) === '' || /\s/.test(address)) {
      invalid.push(label(r));
      continue;
    }
    if (!addresses.includes(address)) addresses.push(address);
  }
  if (input.recipients.length === 0) blockers.push({ kind: 'no-recipients' });
  if (groups.length > 0) blockers.push({ kind: 'group-recipient', names: groups });
  if (invalid.length > 0) blockers.push({ kind: 'address-invalid', names: invalid });
  if (addresses.length > maxRecipients) blockers.push({ kind: 'too-many-recipients', count: addresses.length, max: maxRecipients });

  const facts = new Map(input.keys.map((k) => [k.entry.address.trim().toLowerCase(), k]));
  const withoutKey: string[] = [];
  const courtWithoutKey: string[] = [];
  const unitWithoutKey: string[] = [];
  const guests: string[] = [];
  const guestCandidates: string[] = [];
  const unusable: string[] = [];
  const untrustedCourt: string[] = [];
  for (const address of addresses) {
    const court = isCourtAddress(address);
    const fact = facts.get(address);
    const entry = fact?.entry;
    if (!fact || !entry || entry.kind === 'none' || !entry.publicKey) {
      // The court and organisation units read with their own keys, never through an access code.
      if (entry?.kind === 'unit' && !court) unitWithoutKey.push(address);
      else if (input.guests === undefined) withoutKey.push(address);
      else if (court) courtWithoutKey.push(address);
      else {
        guestCandidates.push(address);
        if (input.guests.has(address)) guests.push(address);
        else withoutKey.push(address);
      }
      continue;
    }
    if (court) {
      // Only an organisation unit's key, matching a fingerprint built into the add-in, is the court's.
      if (entry.kind !== 'unit' || !keyAgrees(fact.actualFingerprint, entry.fingerprint) || courtKeyTrust(fact.actualFingerprint, input.courtKeyPins).status !== 'pinned') {
        untrustedCourt.push(address);
        continue;
      }
      targets.push({ address, court, publicKey: entry.publicKey, fingerprint: normalise(fact.actualFingerprint) });
      continue;
    }
    if (!keyAgrees(fact.actualFingerprint, entry.fingerprint)) {
      unusable.push(address);
      continue;
    }
    const fingerprint = normalise(fact.actualFingerprint);
    const trust = personTrust(address, fingerprint, input.knownFingerprint);
    if (trust.status === 'changed') {
      confirmations.push({ id: `key-changed:${address}:${fingerprint}`, kind: 'key-changed', address, previousFingerprint: trust.previous, fingerprint });
      remember.push({ address, fingerprint });
    } else if (trust.remember) remember.push({ address, fingerprint });
    targets.push({ address, court, publicKey: entry.publicKey, fingerprint });
  }
  if (withoutKey.length > 0) blockers.push({ kind: 'recipient-without-key', addresses: withoutKey });
  if (courtWithoutKey.length > 0) blockers.push({ kind: 'court-without-key', addresses: courtWithoutKey });
  if (unitWithoutKey.length > 0) blockers.push({ kind: 'unit-without-key', addresses: unitWithoutKey });
  if (unusable.length > 0) blockers.push({ kind: 'key-unusable', addresses: unusable });
  if (untrustedCourt.length > 0) blockers.push({ kind: 'court-key-not-trusted', addresses: untrustedCourt });
  const toCourt = addresses.some((a) => isCourtAddress(a));

  // On whose behalf: someone else's key is needed (and trusted like a person's); the court needs her connection.
  let principalKey: string | null = null;
  const principal = input.principal;
  if (!principal) blockers.push({ kind: 'no-principal' });
  else {
    if (!principal.self) {
      const email = principal.email.trim().toLowerCase();
      if (!principal.publicKey || !keyAgrees(principal.actualFingerprint, principal.statedFingerprint)) blockers.push({ kind: 'principal-key-missing', email });
      else {
        const fingerprint = normalise(principal.actualFingerprint);
        const trust = personTrust(email, fingerprint, input.knownFingerprint);
        if (trust.status === 'changed') {
          confirmations.push({ id: `key-changed:${email}:${fingerprint}`, kind: 'key-changed', address: email, previousFingerprint: trust.previous, fingerprint });
          remember.push({ address: email, fingerprint });
        } else if (trust.remember) remember.push({ address: email, fingerprint });
        principalKey = principal.publicKey;
      }
    }
    if (toCourt && !principal.courtConnection?.active) {
      blockers.push({ kind: 'court-connection-inactive', self: principal.self, email: principal.email, problems: principal.courtConnection?.problems ?? [] });
    }
  }

  if (input.subject.trim() === '') confirmations.push({ id: 'empty-subject', kind: 'empty-subject' });
  if (input.bodyText.replace(/[\s\u00a0\u200b]+/g, '') === '') confirmations.push({ id: 'empty-body', kind: 'empty-body' });

  // Attachments: what Outlook can hand over, and every PDF opened.
  if (input.attachments.length > maxAttachments) blockers.push({ kind: 'too-many-attachments', count: input.attachments.length, max: maxAttachments });
  let total = input.bodyBytes;
  for (const a of input.attachments) {
    if (a.kind === 'cloud') {
      blockers.push({ kind: 'attachment-cloud', name: a.name });
      continue;
    }
    if (a.content === null) {
      blockers.push({ kind: 'attachment-unreadable', name: a.name });
      continue;
    }
    total += a.content.length;
    if (a.content.length === 0) {
      blockers.push({ kind: 'attachment-empty', name: a.name });
      continue;
    }
    if (looksLikePdf(a)) {
      const verdict = await checkPdf(a.content);
      if (!verdict.ok) blockers.push({ kind: 'pdf', name: a.name, problem: verdict.problem });
    }
  }
  if (total > maxTotalBytes) blockers.push({ kind: 'too-large', totalBytes: total, maxBytes: maxTotalBytes });

  const clear = blockers.length === 0;
  return { blockers, confirmations, remember, targets: clear ? targets : [], guests: clear ? guests : [], guestCandidates, principalKey, toCourt };
}
