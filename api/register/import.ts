// Applies validated register rows. The file is the truth for the numbers it names and says nothing
// about the others (they are left alone): new and changed entries are written, removed ones marked,
// invitations follow the address. Re-running the same rows changes nothing and sends no mail.
// Without transactions the order is what keeps it safe: entry, then invitation (mail pending), then
// the send, then "sent"; whatever a crash interrupts, the next run finds and finishes.
import type { AuditLog } from '../audit/audit-log';
import type { RegisterFileFormat, RegisterRow } from './file';
import type { AuditContext, InvitationReason, Invitations, MailTally } from './invitations';
import type { InvitationDocument, RegisterEntryDocument, RegisterRepository } from './repository';

export interface ImportSummary {
  rows: number;
  entriesCreated: number;
  entriesUpdated: number;
  entriesRemoved: number;
  entriesUnchanged: number;
  invitationsCreated: number;
  invitationsVoided: number;
  /** All pending invitation mails this run tried, also ones left over from earlier runs. */
  mail: MailTally;
}

export interface ImportDeps {
  repository: RegisterRepository;
  audit: Pick<AuditLog, 'append'>;
  invitations: Invitations;
  now: () => Date;
}

export interface ImportOptions {
  /** File name (no folders) for the audit record. */
  source?: string;
  format?: RegisterFileFormat;
  /** Who ran the import (e.g. the operating-system user of the CLI), for the audit record. */
  operator?: string;
}

function sameEntry(previous: RegisterEntryDocument, row: RegisterRow): boolean {
  return previous.kind === row.kind && previous.name === row.name && previous.email === row.email && previous.status === row.status;
}

function invitationReason(previous: RegisterEntryDocument | undefined, row: RegisterRow): InvitationReason {
  if (previous === undefined) return 'new-entry';
  if (previous.status === 'removed') return 'reactivated';
  if (previous.email !== row.email) return 'email-changed';
  // Unchanged entry without a standing invitation: an earlier run stopped between entry and
  // invitation, or the sweeper deleted a long-expired one.
  return 'missing';
}

export function createRegisterImport(deps: ImportDeps) {
  const { repository, audit, invitations } = deps;
  const system: AuditContext = { actor: null };

  async function importRows(rows: readonly RegisterRow[], options: ImportOptions = {}): Promise<ImportSummary> {
    const now = deps.now();
    const numbers = rows.map((r) => r.number);
    const existing = new Map((await repository.entriesByNumbers(numbers)).map((e) => [e.number, e] as const));
    const standingByNumber = new Map<string, InvitationDocument[]>();
    for (const invitation of await repository.liveInvitationsByNumbers(numbers)) {
      const list = standingByNumber.get(invitation.number) ?? [];
      list.push(invitation);
      standingByNumber.set(invitation.number, list);
    }

    const summary: ImportSummary = {
      rows: rows.length,
      entriesCreated: 0,
      entriesUpdated: 0,
      entriesRemoved: 0,
      entriesUnchanged: 0,
      invitationsCreated: 0,
      invitationsVoided: 0,
      mail: { sent: 0, failed: 0 },
    };

    for (const row of rows) {
      const previous = existing.get(row.number);
      if (previous !== undefined && sameEntry(previous, row)) {
        summary.entriesUnchanged += 1;
      } else {
        const removedAt = row.status === 'removed' ? (previous?.removedAt ?? now) : null;
        await repository.saveEntry({ number: row.number, kind: row.kind, name: row.name, email: row.email, status: row.status, removedAt }, now);
        if (row.status === 'removed' && previous?.status !== 'removed') summary.entriesRemoved += 1;
        else if (previous === undefined) summary.entriesCreated += 1;
        else summary.entriesUpdated += 1;
      }

      const standing = standingByNumber.get(row.number) ?? [];
      if (row.status === 'removed') {
        for (const invitation of standing) if (await invitations.retire(invitation, 'entry-removed', now, system)) summary.invitationsVoided += 1;
        continue;
      }
      for (const invitation of standing) {
        if (invitation.email !== row.email && (await invitations.retire(invitation, 'email-changed', now, system))) summary.invitationsVoided += 1;
      }
      if (!standing.some((invitation) => invitation.email === row.email)) {
        if (await invitations.create(row, invitationReason(previous, row), now, system)) summary.invitationsCreated += 1;
      }
    }

    summary.mail = await invitations.resendPendingInvitations({ now });

    const { mail, ...counts } = summary;
    await audit.append({
      actor: null,
      action: 'register.import',
      outcome: 'success',
      target: null,
      details: {
        ...counts,
        mailsSent: mail.sent,
        mailsFailed: mail.failed,
        ...(options.source !== undefined ? { source: options.source } : {}),
        ...(options.format !== undefined ? { format: options.format } : {}),
        ...(options.operator !== undefined ? { operator: options.operator } : {}),
      },
    });
    return summary;
  }

  return { importRows };
}
