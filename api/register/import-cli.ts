// `npm run register:import -- <file.csv|file.json>`: validates the whole file, then applies it to the
// register and mails the invitations. Exit codes: 0 done; 1 file refused (nothing written) or bad
// usage; 2 could not run; 3 imported, but some invitation mails failed (they stay pending and are
// retried by the next import or by `--resend-pending`).
// With the embedded engine, stop the server first: one engine at a time may open the data folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/mongo';
import { auditRepository } from '../audit/repository';
import { createAuditLog } from '../audit/audit-log';
import { createLogger } from '../logging';
import { createMailer } from '../mail/mailer';
import { formatFromFileName, MAX_FILE_BYTES, parseRegisterFile, type RegisterRow, type RowProblem } from './file';
import { registerRepository } from './repository';
import { createRegister } from './register';
import type { ImportSummary } from './import';
import type { MailTally } from './invitations';

const USAGE = `usage: npm run register:import -- [--check] <file.csv|file.json>
       npm run register:import -- --resend-pending

  --check           validate the file only; touch nothing
  --resend-pending  retry invitation mails that could not be sent earlier
See api/register/README.md for the file format.`;

const MAX_PROBLEMS_SHOWN = 200;

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

type Args = { mode: 'import' | 'check'; file: string } | { mode: 'resend' } | { mode: 'usage'; problem?: string };

function parseArgs(argv: readonly string[]): Args {
  const flags = argv.filter((a) => a.startsWith('--'));
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => f !== '--check' && f !== '--resend-pending' && f !== '--help');
  if (flags.includes('--help')) return { mode: 'usage' };
  if (unknown.length > 0) return { mode: 'usage', problem: `unknown option ${unknown.join(', ')}` };
  if (flags.includes('--resend-pending')) return files.length === 0 && flags.length === 1 ? { mode: 'resend' } : { mode: 'usage', problem: '--resend-pending takes no file' };
  const [file, ...extra] = files;
  if (file === undefined) return { mode: 'usage', problem: 'name the file to import' };
  if (extra.length > 0) return { mode: 'usage', problem: 'import one file at a time' };
  return { mode: flags.includes('--check') ? 'check' : 'import', file };
}

function printProblems(fileName: string, problems: readonly RowProblem[]): void {
  err(`${fileName}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported.`);
  for (const p of problems.slice(0, MAX_PROBLEMS_SHOWN)) err(`  ${p.where}: ${p.problem}`);
  if (problems.length > MAX_PROBLEMS_SHOWN) err(`  … and ${problems.length - MAX_PROBLEMS_SHOWN} more`);
}

function printMail(mail: MailTally, transport: string): void {
  out(`  mail:        ${mail.sent} sent, ${mail.failed} failed (${transport})`);
  if (mail.failed > 0) {
    out(`  ${mail.failed} invitation mail${mail.failed === 1 ? '' : 's'} could not be sent; they stay pending and are retried by the next import`);
    out('  or by `npm run register:import -- --resend-pending`.');
  }
}

function printSummary(fileName: string, summary: ImportSummary, transport: string): void {
  out(`${fileName}: ${summary.rows} row${summary.rows === 1 ? '' : 's'} imported`);
  out(`  entries:     ${summary.entriesCreated} created, ${summary.entriesUpdated} updated, ${summary.entriesRemoved} removed, ${summary.entriesUnchanged} unchanged`);
  out(`  invitations: ${summary.invitationsCreated} created, ${summary.invitationsVoided} voided`);
  printMail(summary.mail, transport);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.mode === 'usage') {
    if (args.problem) err(`register:import: ${args.problem}`);
    (args.problem ? err : out)(USAGE);
    return args.problem ? 1 : 0;
  }
  const config = loadConfig();

  // The file is read and checked before the database is opened: a bad file fails fast, even while
  // the server holds the embedded engine.
  let rows: RegisterRow[] = [];
  let fileName = '';
  let format: 'csv' | 'json' = 'csv';
  if (args.mode !== 'resend') {
    fileName = path.basename(args.file);
    const detected = formatFromFileName(args.file);
    if (detected === null) {
      err(`${fileName}: the file name must end in .csv or .json`);
      return 1;
    }
    format = detected;
    let content: Buffer;
    try {
      const stat = fs.statSync(args.file);
      if (!stat.isFile()) throw new Error('not a file');
      if (stat.size > MAX_FILE_BYTES) {
        err(`${fileName}: the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
        return 1;
      }
      content = fs.readFileSync(args.file);
    } catch {
      err(`${fileName}: cannot read the file`);
      return 1;
    }
    const parsed = parseRegisterFile({ content, format, kbvgNumberPattern: config.register.kbvgNumberPattern });
    if (parsed.problems.length > 0) {
      printProblems(fileName, parsed.problems);
      return 1;
    }
    rows = parsed.rows;
    if (args.mode === 'check') {
      out(`${fileName}: ${rows.length} row${rows.length === 1 ? '' : 's'}, all valid (nothing imported: --check)`);
      return 0;
    }
  }

  // Log lines (mail failures with their SMTP codes, never content) go to stderr, the summary to stdout.
  const logger = createLogger({ level: config.logLevel === 'silent' ? 'silent' : 'warn', destination: process.stderr });
  const quiet = { info: () => undefined, warn: () => undefined, error: (message: string) => err(message) };
  const database = await openDatabase({ uri: config.mongodbUri, dataDir: path.join(config.dataDir, 'db'), logger: quiet });
  const mailer = createMailer({ ...config.mail, logger });
  try {
    const repository = registerRepository(database.db, database.durable);
    const audits = auditRepository(database.db, database.durable);
    await repository.ensureIndexes();
    await audits.ensureIndexes();
    const register = createRegister({
      repository,
      mailer,
      audit: createAuditLog({ repository: audits }),
      publicBaseUrl: config.publicBaseUrl,
      invitationTtlHours: config.register.invitationTtlHours,
      kbvgNumberPattern: config.register.kbvgNumberPattern,
      logger,
    });
    const transport = mailer.transport === 'outbox' ? `outbox ${config.mail.outboxDir}` : 'SMTP';

    if (args.mode === 'resend') {
      const mail = await register.resendPendingInvitations();
      out('pending invitations:');
      printMail(mail, transport);
      return mail.failed > 0 ? 3 : 0;
    }
    const summary = await register.importRows(rows, { source: fileName, format, operator: safeUserName() });
    printSummary(fileName, summary, transport);
    return summary.mail.failed > 0 ? 3 : 0;
  } finally {
    await mailer.close();
    await database.close();
  }
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    err(`register:import could not run: ${error instanceof Error ? error.message : 'unknown error'}`);
    process.exit(2);
  },
);
