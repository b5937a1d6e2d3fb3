// The register feature's entry point: one object with everything other features and the import CLI
// need. Construct it once with the repository, the mailer and the audit log.
import path from 'node:path';
import type { AuditLog } from '../audit/audit-log';
import { normaliseEmailAddress } from '../mail/address';
import type { Mailer } from '../mail/mailer';
import { formatFromFileName, parseRegisterFile, type RegisterRow, type RowProblem } from './file';
import { createRegisterImport, type ImportOptions, type ImportSummary } from './import';
import { createInvitations, type AuditContext, type MailTally, type UsableInvitation } from './invitations';
import { normaliseRegisterNumber, type RegisterKind, type RegisterStatus } from './numbers';
import type { RegisterEntryDocument, RegisterRepository } from './repository';

export interface RegisterEntry {
  number: string;
  kind: RegisterKind;
  name: string;
  email: string;
  status: RegisterStatus;
  createdAt: Date;
  updatedAt: Date;
  removedAt: Date | null;
}

export interface RegisterOptions {
  repository: RegisterRepository;
  mailer: Pick<Mailer, 'send'>;
  audit: Pick<AuditLog, 'append'>;
  /** config.publicBaseUrl: invitation links point at `${origin}/app#invitation=…`. */
  publicBaseUrl: URL;
  /** config.register.invitationTtlHours (default 14 days). */
  invitationTtlHours: number;
  /** config.register.kbvgNumberPattern */
  kbvgNumberPattern: RegExp;
  now?: () => Date;
  logger?: { warn(obj: object, msg: string): void };
  /** Invitation mails sent at once (default 3). */
  mailConcurrency?: number;
}

export type ImportFileResult = ({ ok: true } & ImportSummary) | { ok: false; problems: RowProblem[] };

export interface Register {
  /** Validates the whole file; writes nothing unless every row is valid. */
  importFile(options: { fileName: string; content: Buffer; operator?: string }): Promise<ImportFileResult>;
  /** Applies rows that parseRegisterFile found valid. */
  importRows(rows: readonly RegisterRow[], options?: ImportOptions): Promise<ImportSummary>;
  resendPendingInvitations(options?: { now?: Date }): Promise<MailTally>;
  reissueInvitation(options: { number: string; context: AuditContext; now?: Date }): Promise<{ invited: boolean; mail: 'sent' | 'failed' | 'skipped' }>;
  findUsableInvitation(options: { token: string; now?: Date }): Promise<UsableInvitation | null>;
  consumeInvitation(options: { token: string; accountId: string; now?: Date }): Promise<UsableInvitation | null>;
  /** Accepts user input ("a 12345"): normalised before the lookup. */
  findRegisterEntryByNumber(number: string): Promise<RegisterEntry | null>;
  /** Active entries only unless includeRemoved; the address is normalised before the lookup. */
  findRegisterEntriesByEmail(email: string, options?: { includeRemoved?: boolean }): Promise<RegisterEntry[]>;
  /** Deletes long-expired and long-voided invitations; returns how many. */
  sweepExpiredInvitations(now?: Date, options?: { graceDays?: number }): Promise<number>;
}

function toEntry(document: RegisterEntryDocument): RegisterEntry {
  const { number, kind, name, email, status, createdAt, updatedAt, removedAt } = document;
  return { number, kind, name, email, status, createdAt, updatedAt, removedAt };
}

export function createRegister(options: RegisterOptions): Register {
  const now = options.now ?? (() => new Date());
  const { repository } = options;
  const invitations = createInvitations({ ...options, now });
  const { importRows } = createRegisterImport({ repository, audit: options.audit, invitations, now });

  return {
    async importFile({ fileName, content, operator }) {
      const format = formatFromFileName(fileName);
      if (format === null) return { ok: false, problems: [{ line: 0, where: 'file', problem: 'the file name must end in .csv or .json' }] };
      const parsed = parseRegisterFile({ content, format, kbvgNumberPattern: options.kbvgNumberPattern });
      if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems };
      const summary = await importRows(parsed.rows, { source: path.basename(fileName), format, ...(operator !== undefined ? { operator } : {}) });
      return { ok: true, ...summary };
    },
    importRows,
    resendPendingInvitations: invitations.resendPendingInvitations,
    reissueInvitation: (o) => invitations.reissueInvitation({ ...o, number: normaliseRegisterNumber(o.number) }),
    findUsableInvitation: invitations.findUsableInvitation,
    consumeInvitation: invitations.consumeInvitation,
    async findRegisterEntryByNumber(number) {
      const entry = await repository.entryByNumber(normaliseRegisterNumber(number));
      return entry === null ? null : toEntry(entry);
    },
    async findRegisterEntriesByEmail(email, { includeRemoved = false } = {}) {
      return (await repository.entriesByEmail(normaliseEmailAddress(email), { includeRemoved })).map(toEntry);
    },
    sweepExpiredInvitations: invitations.sweepExpiredInvitations,
  };
}
