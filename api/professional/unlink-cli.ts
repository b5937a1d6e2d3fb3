// `npm run professional:unlink -- <number>`: an administrator releases a BAR/KBvG number from the
// account it is linked to (linked by mistake, in dispute). Audited with the operating-system user as
// operator; the account and the register's address are told. Exit codes: 0 unlinked; 1 bad usage or
// the number is not linked; 2 could not run.
// With the embedded engine, stop the server first: one engine at a time may open the data folder.
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/mongo';
import { auditRepository } from '../audit/repository';
import { createAuditLog } from '../audit/audit-log';
import { createLogger } from '../logging';
import { createMailer } from '../mail/mailer';
import { accountsRepository } from '../accounts/repository';
import { registerRepository } from '../register/repository';
import { normaliseProfessionalNumber } from '../../shared/professional/numbers';
import { createLinkKeeping } from './link-keeping';

const USAGE = `usage: npm run professional:unlink -- <number>

  <number>  the BAR number (A12345) or KBvG number to release from the account it is linked to
See api/professional/README.md.`;

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

function operatorName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    out(USAGE);
    return 0;
  }
  const [number, ...extra] = args;
  if (number === undefined || extra.length > 0 || number.startsWith('--') || normaliseProfessionalNumber(number) === '') {
    err(`professional:unlink: ${number === undefined ? 'name the number to unlink' : 'give exactly one number'}`);
    err(USAGE);
    return 1;
  }
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel === 'silent' ? 'silent' : 'warn', destination: process.stderr });
  const quiet = { info: () => undefined, warn: () => undefined, error: (message: string) => err(message) };
  const database = await openDatabase({ uri: config.mongodbUri, dataDir: path.join(config.dataDir, 'db'), logger: quiet });
  const mailer = createMailer({ ...config.mail, logger });
  try {
    const accounts = accountsRepository(database.db, database.durable);
    const entries = registerRepository(database.db, database.durable);
    const audits = auditRepository(database.db, database.durable);
    await audits.ensureIndexes();
    await accounts.ensureLifecycleIndexes();
    const keeping = createLinkKeeping({
      accounts,
      register: { findRegisterEntryByNumber: (n) => entries.entryByNumber(normaliseProfessionalNumber(n)), entriesByNumbers: (ns) => entries.entriesByNumbers(ns) },
      audit: createAuditLog({ repository: audits }),
      mailer,
      now: () => new Date(),
    });
    const result = await keeping.unlinkByAdministrator({ number, operator: operatorName() });
    if (!result.unlinked) {
      err(`${result.number}: not linked to any account; nothing changed.`);
      return 1;
    }
    out(`${result.number}: unlinked from account ${result.accountId ?? '?'}; the account and the register's address were notified.`);
    return 0;
  } finally {
    await mailer.close();
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    err(`professional:unlink could not run: ${error instanceof Error ? error.message : 'unknown error'}`);
    process.exit(2);
  },
);
